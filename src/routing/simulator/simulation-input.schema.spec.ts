import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseSimulationInput,
  SimulationInputError,
  type SimulationInputIssue,
} from './simulation-input.schema';

const names = { traffic: 'traffic.json', policy: 'policy.json' };
const traffic = (fields: Record<string, unknown> = {}) => ({
  agents: [{ id: 'a1', capacity: 2 }],
  arrivals: [{ at: 0, handleSeconds: 60 }],
  ...fields,
});
const policy = (fields: Record<string, unknown> = {}) => ({ policy: { rules: [] }, ...fields });

function issuesOf(trafficInput: unknown, policyInput: unknown): SimulationInputIssue[] {
  try {
    parseSimulationInput(trafficInput, policyInput, names);
  } catch (error) {
    if (error instanceof SimulationInputError) return error.issues;
    throw error;
  }
  throw new Error('expected a SimulationInputError');
}

describe('parseSimulationInput', () => {
  it('fills defaults for a minimal pair of files', () => {
    const input = parseSimulationInput(traffic(), policy(), names);
    expect(input.startAt).toBe(Date.parse('2025-01-06T09:00:00Z'));
    expect(input.agents).toEqual([
      { id: 'a1', capacity: 2, tier: 'normal', skills: {}, teams: null, online: null },
    ]);
    expect(input.arrivals).toEqual([
      {
        id: 'chat-1',
        at: 0,
        handleSeconds: 60,
        priority: null,
        contactId: null,
        patienceSeconds: null,
        context: {
          integrationId: 'simulated',
          channel: 'widget',
          prechat: {},
          contact: {},
          pageUrl: null,
          language: null,
          tags: [],
        },
      },
    ]);
    expect(input.defaultTeam).toEqual({
      strategy: 'least_busy',
      returningCustomer: false,
      businessHours: null,
      slaSeconds: 60,
      overflowAfterSeconds: null,
      fallbackTeamId: null,
    });
  });

  it('accepts a single shift object as a one-shift list', () => {
    const input = parseSimulationInput(
      traffic({ agents: [{ id: 'a1', capacity: 1, online: { from: 0, to: 60 } }] }),
      policy(),
      names,
    );
    expect(input.agents[0].online).toEqual([{ from: 0, to: 60 }]);
  });

  it.each<[string, unknown, unknown, SimulationInputIssue]>([
    [
      'no agents',
      traffic({ agents: [] }),
      policy(),
      { file: 'traffic.json', path: 'agents', message: 'must list at least one agent' },
    ],
    [
      'duplicate agent',
      traffic({
        agents: [
          { id: 'a', capacity: 1 },
          { id: 'a', capacity: 1 },
        ],
      }),
      policy(),
      { file: 'traffic.json', path: 'agents.1.id', message: 'duplicate agent id "a"' },
    ],
    [
      'both arrivals and generate',
      traffic({ generate: { count: 1, arrivalsPerMinute: 1, handleSecondsMean: 1, seed: 1 } }),
      policy(),
      {
        file: 'traffic.json',
        path: '',
        message: 'must have exactly one of "arrivals" (a list) or "generate" (a generator spec)',
      },
    ],
    [
      'negative arrival time',
      traffic({ arrivals: [{ at: -1, handleSeconds: 1 }] }),
      policy(),
      { file: 'traffic.json', path: 'arrivals.0.at', message: 'must be 0 or more seconds' },
    ],
    [
      'zero handle time',
      traffic({ arrivals: [{ at: 0, handleSeconds: 0 }] }),
      policy(),
      { file: 'traffic.json', path: 'arrivals.0.handleSeconds', message: 'must be more than 0 seconds' },
    ],
    [
      'shift backwards',
      traffic({ agents: [{ id: 'a', capacity: 1, online: [{ from: 50, to: 10 }] }] }),
      policy(),
      { file: 'traffic.json', path: 'agents.0.online.0.to', message: 'from must be before to' },
    ],
    [
      'skill level 9',
      traffic({ agents: [{ id: 'a', capacity: 1, skills: { es: 9 } }] }),
      policy(),
      { file: 'traffic.json', path: 'agents.0.skills.es', message: 'levels are 1 to 5' },
    ],
    [
      'bad start',
      traffic({ startAt: 'Monday' }),
      policy(),
      {
        file: 'traffic.json',
        path: 'startAt',
        message: 'must be an ISO date-time like 2025-01-06T09:00:00Z',
      },
    ],
    [
      'agent in an unknown team',
      traffic({ agents: [{ id: 'a', capacity: 1, teams: ['ghost'] }] }),
      policy(),
      {
        file: 'traffic.json',
        path: 'agents.0.teams.0',
        message: 'unknown team "ghost" (not in the policy file\'s "teams")',
      },
    ],
    [
      'policy error with its path',
      traffic(),
      policy({ policy: { rules: [{ id: 'r', name: 'R', conditions: [], action: { priority: 200 } }] } }),
      { file: 'policy.json', path: 'policy.rules.0.action.priority', message: 'must be 0 to 100' },
    ],
    [
      'rule to an unknown team',
      traffic(),
      policy({ policy: { rules: [{ id: 'r', name: 'R', conditions: [], action: { teamId: 'ghost' } }] } }),
      {
        file: 'policy.json',
        path: 'policy.rules.0.action.teamId',
        message: 'unknown team "ghost" (not in "teams")',
      },
    ],
    [
      'fallback to itself',
      traffic(),
      policy({ teams: { sales: { fallbackTeamId: 'sales' } } }),
      {
        file: 'policy.json',
        path: 'teams.sales.fallbackTeamId',
        message: 'must name another team in "teams" (got "sales")',
      },
    ],
    [
      'bad strategy',
      traffic(),
      policy({ teams: { sales: { strategy: 'random' } } }),
      {
        file: 'policy.json',
        path: 'teams.sales.strategy',
        message:
          "Invalid enum value. Expected 'round_robin' | 'least_busy' | 'skills_weighted' | 'manual', received 'random'",
      },
    ],
    [
      'bad hours',
      traffic(),
      policy({ teams: { sales: { businessHours: { timeZone: 'Nowhere/City', weekly: [] } } } }),
      {
        file: 'policy.json',
        path: 'teams.sales.businessHours.timeZone',
        message: '"Nowhere/City" is not a known IANA time zone (e.g. "Europe/Berlin")',
      },
    ],
  ])('rejects %s', (_name, trafficInput, policyInput, issue) => {
    expect(issuesOf(trafficInput, policyInput)).toContainEqual(issue);
  });

  it('reports the problems of both files together, each line naming its file', () => {
    expect(() =>
      parseSimulationInput(traffic({ agents: [] }), policy({ teams: { x: { slaSeconds: -5 } } }), names),
    ).toThrow(
      'traffic.json: agents: must list at least one agent\npolicy.json: teams.x.slaSeconds: must be more than 0 seconds',
    );
  });

  it.each(['traffic-small.json', 'traffic-generated.json'])(
    'accepts docs/routing-examples/%s with policy.json',
    (file) => {
      const dir = join(__dirname, '..', '..', '..', 'docs', 'routing-examples');
      const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
      const input = parseSimulationInput(read(file), read('policy.json'));
      expect(input.arrivals.length).toBeGreaterThan(0);
    },
  );
});
