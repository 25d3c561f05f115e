import { chooseAgent, compareQueued, isEligible } from './assignment-strategy';
import type {
  AgentCandidate,
  AgentChoice,
  AssignmentRequest,
  QueuedConversation,
  RoutingStrategy,
  TeamRouting,
} from './routing-policy.types';

const agent = (agentId: string, fields: Partial<AgentCandidate> = {}): AgentCandidate => ({
  agentId,
  accepting: true,
  openCount: 0,
  capacity: 3,
  lastAssignedAt: null,
  tier: 'normal',
  skills: {},
  ...fields,
});
const request = (fields: Partial<AssignmentRequest> = {}): AssignmentRequest => ({
  requiredSkills: [],
  preferredAgentId: null,
  previousAgentId: null,
  excludedAgentIds: [],
  ...fields,
});
const team = (strategy: RoutingStrategy, returningCustomer = false): TeamRouting => ({
  strategy,
  returningCustomer,
  businessHours: null,
});

describe('isEligible', () => {
  it.each<[string, AgentCandidate, AssignmentRequest, boolean]>([
    ['free and accepting', agent('a'), request(), true],
    ['not accepting', agent('a', { accepting: false }), request(), false],
    ['at capacity', agent('a', { openCount: 3 }), request(), false],
    ['over capacity (stale data)', agent('a', { openCount: 4 }), request(), false],
    ['one slot left', agent('a', { openCount: 2 }), request(), true],
    ['capacity 0', agent('a', { capacity: 0 }), request(), false],
    [
      'has every required skill',
      agent('a', { skills: { billing: 1, arabic: 5 } }),
      request({ requiredSkills: ['billing', 'arabic'] }),
      true,
    ],
    [
      'misses a required skill',
      agent('a', { skills: { billing: 3 } }),
      request({ requiredSkills: ['billing', 'arabic'] }),
      false,
    ],
    [
      'skill at level 0 does not count',
      agent('a', { skills: { billing: 0 } }),
      request({ requiredSkills: ['billing'] }),
      false,
    ],
    ['a prototype key is not a skill', agent('a'), request({ requiredSkills: ['constructor'] }), false],
    ['excluded', agent('a'), request({ excludedAgentIds: ['b', 'a'] }), false],
  ])('%s', (_name, candidate, req, expected) => {
    expect(isEligible(candidate, req)).toBe(expected);
  });
});

describe('chooseAgent', () => {
  const t0 = 1_700_000_000_000;
  it.each<[string, TeamRouting, AgentCandidate[], AssignmentRequest, AgentChoice | null]>([
    // round robin
    [
      'round robin: never-assigned first',
      team('round_robin'),
      [agent('a', { lastAssignedAt: t0 }), agent('b')],
      request(),
      { agentId: 'b', reason: 'round_robin', tier: 'normal' },
    ],
    [
      'round robin: oldest assignment',
      team('round_robin'),
      [
        agent('a', { lastAssignedAt: t0 + 5 }),
        agent('b', { lastAssignedAt: t0 }),
        agent('c', { lastAssignedAt: t0 + 9 }),
      ],
      request(),
      { agentId: 'b', reason: 'round_robin', tier: 'normal' },
    ],
    [
      'round robin: ignores load',
      team('round_robin'),
      [
        agent('a', { openCount: 0, lastAssignedAt: t0 + 1 }),
        agent('b', { openCount: 2, lastAssignedAt: t0 }),
      ],
      request(),
      { agentId: 'b', reason: 'round_robin', tier: 'normal' },
    ],
    [
      'round robin: tie by agent id',
      team('round_robin'),
      [agent('c'), agent('b'), agent('d')],
      request(),
      { agentId: 'b', reason: 'round_robin', tier: 'normal' },
    ],
    [
      'round robin: skips full agents',
      team('round_robin'),
      [agent('a', { openCount: 3 }), agent('b', { lastAssignedAt: t0 })],
      request(),
      { agentId: 'b', reason: 'round_robin', tier: 'normal' },
    ],
    // least busy
    [
      'least busy: lowest ratio',
      team('least_busy'),
      [
        agent('a', { openCount: 2 }),
        agent('b', { openCount: 1 }),
        agent('c', { openCount: 2, capacity: 10 }),
      ],
      request(),
      { agentId: 'c', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'least busy: ratio, not count',
      team('least_busy'),
      [agent('a', { openCount: 1, capacity: 2 }), agent('b', { openCount: 2, capacity: 8 })],
      request(),
      { agentId: 'b', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'least busy: equal ratios (1/3 = 2/6) go to the oldest assignment',
      team('least_busy'),
      [
        agent('a', { openCount: 1, capacity: 3, lastAssignedAt: t0 + 1 }),
        agent('b', { openCount: 2, capacity: 6, lastAssignedAt: t0 }),
      ],
      request(),
      { agentId: 'b', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'least busy: then agent id',
      team('least_busy'),
      [agent('z', { lastAssignedAt: t0 }), agent('y', { lastAssignedAt: t0 })],
      request(),
      { agentId: 'y', reason: 'least_busy', tier: 'normal' },
    ],
    // skills weighted
    [
      'skills weighted: highest level sum',
      team('skills_weighted'),
      [
        agent('a', { skills: { billing: 2, es: 2 } }),
        agent('b', { skills: { billing: 5, es: 1 } }),
        agent('c', { skills: { billing: 1, es: 1, fr: 5 } }),
      ],
      request({ requiredSkills: ['billing', 'es'] }),
      { agentId: 'b', reason: 'skills_weighted', tier: 'normal' },
    ],
    [
      'skills weighted: only agents with every skill',
      team('skills_weighted'),
      [agent('a', { skills: { billing: 5 } }), agent('b', { skills: { billing: 1, es: 1 } })],
      request({ requiredSkills: ['billing', 'es'] }),
      { agentId: 'b', reason: 'skills_weighted', tier: 'normal' },
    ],
    [
      'skills weighted: equal scores, then least busy',
      team('skills_weighted'),
      [
        agent('a', { openCount: 2, skills: { billing: 3 } }),
        agent('b', { openCount: 1, skills: { billing: 3 } }),
      ],
      request({ requiredSkills: ['billing'] }),
      { agentId: 'b', reason: 'skills_weighted', tier: 'normal' },
    ],
    [
      'skills weighted: then oldest assignment',
      team('skills_weighted'),
      [
        agent('a', { lastAssignedAt: t0 + 1, skills: { billing: 3 } }),
        agent('b', { lastAssignedAt: t0, skills: { billing: 3 } }),
      ],
      request({ requiredSkills: ['billing'] }),
      { agentId: 'b', reason: 'skills_weighted', tier: 'normal' },
    ],
    [
      'skills weighted without required skills: least busy',
      team('skills_weighted'),
      [agent('a', { openCount: 1, skills: { billing: 5 } }), agent('b')],
      request(),
      { agentId: 'b', reason: 'skills_weighted', tier: 'normal' },
    ],
    // manual
    ['manual: never assigns', team('manual'), [agent('a')], request({ preferredAgentId: 'a' }), null],
    // tiers
    [
      'tiers: first beats a less busy normal',
      team('least_busy'),
      [agent('n'), agent('f', { tier: 'first', openCount: 2 })],
      request(),
      { agentId: 'f', reason: 'least_busy', tier: 'first' },
    ],
    [
      'tiers: normal when every first is full',
      team('least_busy'),
      [
        agent('l', { tier: 'last' }),
        agent('f', { tier: 'first', openCount: 3 }),
        agent('n', { openCount: 2 }),
      ],
      request(),
      { agentId: 'n', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'tiers: last only when nobody else can',
      team('round_robin'),
      [
        agent('l', { tier: 'last' }),
        agent('n', { accepting: false }),
        agent('f', { tier: 'first', skills: {} }),
      ],
      request({ excludedAgentIds: ['f'] }),
      { agentId: 'l', reason: 'round_robin', tier: 'last' },
    ],
    [
      'tiers: strategy applies within the tier',
      team('round_robin'),
      [
        agent('f1', { tier: 'first', lastAssignedAt: t0 + 1 }),
        agent('n'),
        agent('f2', { tier: 'first', lastAssignedAt: t0 }),
      ],
      request(),
      { agentId: 'f2', reason: 'round_robin', tier: 'first' },
    ],
    // preferred agent and returning customer
    [
      'preferred agent when eligible, even if busier and in a lower tier',
      team('least_busy'),
      [agent('a'), agent('p', { openCount: 2, tier: 'last' })],
      request({ preferredAgentId: 'p' }),
      { agentId: 'p', reason: 'preferred_agent', tier: 'last' },
    ],
    [
      'preferred agent full: strategy',
      team('least_busy'),
      [agent('a'), agent('p', { openCount: 3 })],
      request({ preferredAgentId: 'p' }),
      { agentId: 'a', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'preferred agent lacking a skill: strategy',
      team('least_busy'),
      [agent('a', { skills: { vip: 1 } }), agent('p')],
      request({ preferredAgentId: 'p', requiredSkills: ['vip'] }),
      { agentId: 'a', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'preferred agent not in the team: strategy',
      team('least_busy'),
      [agent('a')],
      request({ preferredAgentId: 'p' }),
      { agentId: 'a', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'returning customer: previous agent',
      team('least_busy', true),
      [agent('a'), agent('prev', { openCount: 2 })],
      request({ previousAgentId: 'prev' }),
      { agentId: 'prev', reason: 'returning_customer', tier: 'normal' },
    ],
    [
      'returning customer off: strategy',
      team('least_busy', false),
      [agent('a'), agent('prev', { openCount: 2 })],
      request({ previousAgentId: 'prev' }),
      { agentId: 'a', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'returning customer: previous agent offline',
      team('least_busy', true),
      [agent('a'), agent('prev', { accepting: false })],
      request({ previousAgentId: 'prev' }),
      { agentId: 'a', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'returning customer: previous agent excluded',
      team('least_busy', true),
      [agent('a'), agent('prev')],
      request({ previousAgentId: 'prev', excludedAgentIds: ['prev'] }),
      { agentId: 'a', reason: 'least_busy', tier: 'normal' },
    ],
    [
      'preferred agent beats previous agent',
      team('least_busy', true),
      [agent('prev'), agent('p')],
      request({ preferredAgentId: 'p', previousAgentId: 'prev' }),
      { agentId: 'p', reason: 'preferred_agent', tier: 'normal' },
    ],
    [
      'preferred agent full: previous agent',
      team('least_busy', true),
      [agent('prev', { openCount: 1 }), agent('p', { openCount: 3 }), agent('a')],
      request({ preferredAgentId: 'p', previousAgentId: 'prev' }),
      { agentId: 'prev', reason: 'returning_customer', tier: 'normal' },
    ],
    // nobody
    ['empty candidate list', team('least_busy'), [], request(), null],
    [
      'everybody full',
      team('least_busy'),
      [agent('a', { openCount: 3 }), agent('b', { openCount: 1, capacity: 1 })],
      request(),
      null,
    ],
    [
      'everybody excluded or offline',
      team('round_robin'),
      [agent('a', { accepting: false }), agent('b')],
      request({ excludedAgentIds: ['b'] }),
      null,
    ],
    [
      'nobody has the skill',
      team('skills_weighted'),
      [agent('a', { skills: { billing: 2 } })],
      request({ requiredSkills: ['arabic'] }),
      null,
    ],
  ])('%s', (_name, teamRouting, candidates, req, expected) => {
    expect(chooseAgent(teamRouting, candidates, req)).toEqual(expected);
  });

  it.each<RoutingStrategy>(['round_robin', 'least_busy', 'skills_weighted'])(
    '%s does not depend on the order of the candidates',
    (strategy) => {
      const candidates = Array.from({ length: 40 }, (_, i) =>
        agent(`agent-${String(i).padStart(2, '0')}`, {
          openCount: i % 3,
          capacity: 3 + (i % 2),
          lastAssignedAt: i % 5 === 0 ? null : t0 + (i % 7),
          tier: i % 4 === 0 ? 'first' : 'normal',
          skills: { billing: 1 + (i % 5) },
        }),
      );
      const req = request({ requiredSkills: ['billing'] });
      const forward = chooseAgent(team(strategy), candidates, req);
      const backward = chooseAgent(team(strategy), [...candidates].reverse(), req);
      expect(forward).not.toBeNull();
      expect(backward).toEqual(forward);
    },
  );
});

describe('compareQueued', () => {
  const q = (id: string, priority: number, queuedAt: number): QueuedConversation => ({
    id,
    priority,
    queuedAt,
  });

  it.each<[string, QueuedConversation[], string[]]>([
    ['priority first', [q('a', 50, 1), q('b', 90, 2), q('c', 10, 0)], ['b', 'a', 'c']],
    ['then arrival', [q('a', 50, 3), q('b', 50, 1), q('c', 50, 2)], ['b', 'c', 'a']],
    ['then id', [q('b', 50, 1), q('a', 50, 1), q('c', 50, 0)], ['c', 'a', 'b']],
    [
      'mixed',
      [q('late-vip', 90, 9), q('early', 50, 1), q('early-vip', 90, 5), q('low', 0, 0)],
      ['early-vip', 'late-vip', 'early', 'low'],
    ],
  ])('%s', (_name, items, order) => {
    expect([...items].sort(compareQueued).map((item) => item.id)).toEqual(order);
  });
});
