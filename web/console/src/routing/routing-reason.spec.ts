import { describe, expect, it } from '@jest/globals';
import { describeRouting, formatEta, renderLine, type ConversationRouting } from './routing-reason';

const TEAMS = new Map([
  ['t-sales', 'Sales'],
  ['t-support', 'Support'],
]);

/** A fake `t`: the key and its values, so the tables read without the real strings. */
const t = (key: string, values: Record<string, string | number> = {}) =>
  Object.keys(values).length
    ? `${key}(${Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')})`
    : key;

function routed(
  reason: Record<string, unknown> | null,
  extra: Partial<ConversationRouting> = {},
): ConversationRouting {
  return { priority: 50, queuePosition: null, etaSeconds: null, reason, ...extra };
}

const show = (routing: ConversationRouting) => {
  const view = describeRouting(routing, TEAMS, 'en');
  return {
    summary: view.summary.map((line) => renderLine(line, t)).join(' · '),
    choice: view.choice ? renderLine(view.choice, t) : null,
    moves: view.moves.map((line) => renderLine(line, t)),
    queue: view.queue.map((line) => renderLine(line, t)).join(' · '),
  };
};

describe('describeRouting', () => {
  it.each<[string, Record<string, unknown> | null, string]>([
    [
      'a rule to a team, assigned by the strategy',
      {
        ruleId: 'vip',
        ruleName: 'VIP customers',
        teamId: 't-sales',
        strategy: 'least_busy',
        tier: 'first',
        choice: 'least_busy',
      },
      'routingRuleNamed(rule=VIP customers, destination=routingToTeam(team=Sales)) · strategyLeastBusy · routingTier(tier=tierFirst)',
    ],
    [
      'the default rule, to the pool',
      { ruleId: null, ruleName: null, teamId: null },
      'routingDefaultRule(destination=routingToPool)',
    ],
    [
      'a team deleted since',
      { ruleId: null, teamId: 't-gone' },
      'routingDefaultRule(destination=routingToDeletedTeam)',
    ],
    [
      'a rule without a name shows its id',
      { ruleId: 'r1', ruleName: '', teamId: 't-support' },
      'routingRuleNamed(rule=r1, destination=routingToTeam(team=Support))',
    ],
    [
      'unknown strategy and tier are left out',
      { ruleId: null, strategy: 'telepathy', tier: 'gold' },
      'routingDefaultRule(destination=routingToPool)',
    ],
    ['not routed yet', null, 'routingNotRouted'],
    [
      'markup in a rule name is passed on as text',
      { ruleId: 'x', ruleName: '<img src=x onerror=alert(1)>' },
      'routingRuleNamed(rule=<img src=x onerror=alert(1)>, destination=routingToPool)',
    ],
  ])('%s', (_name, reason, summary) => {
    expect(show(routed(reason)).summary).toBe(summary);
  });

  it.each<[string, string | undefined, string | null]>([
    ['preferred agent', 'preferred_agent', 'routingChoicePreferred'],
    ['returning customer', 'returning_customer', 'routingChoiceReturning'],
    ['external router', 'external_router', 'routingChoiceExternal'],
    ['picked', 'picked', 'routingChoicePicked'],
    ['bot', 'bot', 'routingChoiceBot'],
    ['the strategy itself says nothing more', 'round_robin', null],
    ['no choice yet', undefined, null],
  ])('choice: %s', (_name, choice, expected) => {
    expect(show(routed({ ruleId: null, choice })).choice).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'reassigned after inactivity',
      { reassigned: 'inactivity', previousAssigneeId: 'a1' },
      ['routingReassigned'],
    ],
    [
      'overflowed by the timer',
      { teamId: 't-sales', overflow: 'timeout', overflowedFrom: 't-sales' },
      ['routingOverflowTimeout(from=routingToTeam(team=Sales))'],
    ],
    [
      'overflowed at placement (closed)',
      { teamId: 't-sales', overflow: 'closed' },
      ['routingOverflowClosed(from=routingToTeam(team=Sales))'],
    ],
    ['an offline message', { teamId: 't-sales', overflow: 'offline_message' }, ['routingOfflineMessage']],
    ['a deleted rule team', { unknownTeamId: 't-old' }, ['routingUnknownTeam']],
    ['nothing moved it', { teamId: 't-sales' }, []],
  ])('moves: %s', (_name, reason, moves) => {
    expect(show(routed({ ruleId: null, ...reason })).moves).toEqual(moves);
  });

  it.each<[number | null, number | null, string]>([
    [3, 125, 'routingQueuePosition(position=3) · routingEta(time=2 min)'],
    [1, null, 'routingQueuePosition(position=1) · routingNoEta'],
    [null, null, ''],
  ])('queue position %p, eta %p → %p', (queuePosition, etaSeconds, queue) => {
    expect(show(routed({ ruleId: null }, { queuePosition, etaSeconds })).queue).toBe(queue);
  });
});

describe('formatEta', () => {
  it.each([
    [0, '0 sec'],
    [42, '42 sec'],
    [90, '2 min'],
    [3599, '60 min'],
    [5400, '1 hr 30 min'],
  ])('%p s → %p', (seconds, text) => {
    expect(formatEta(seconds, 'en')).toBe(text);
  });
});
