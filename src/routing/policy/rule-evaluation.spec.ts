import { evaluateRules, matchesCondition, type TeamHoursLookup } from './rule-evaluation';
import type { BusinessHours, RoutingContext, RoutingPolicy, RuleCondition } from './routing-policy.types';

const ctx = (overrides: Partial<RoutingContext> = {}): RoutingContext => ({
  integrationId: 'int-web',
  channel: 'widget',
  prechat: { topic: 'Billing question', email: 'ada@example.com', optional: '' },
  contact: {
    tier: 'VIP',
    orders: 3,
    score: '12',
    lifetime: ' 2.5e3 ',
    beta: true,
    note: 'abc',
    cleared: null,
  },
  pageUrl: 'https://shop.example.com/en/pricing?plan=pro',
  language: 'ar-EG',
  tags: ['Returning', 'mobile'],
  ...overrides,
});
const monday10Berlin = new Date('2024-01-08T09:00:00Z');
const berlinOffice: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, from: '09:00', to: '17:00' })),
};
const hours: TeamHoursLookup = (teamId) =>
  teamId === 'office' ? berlinOffice : teamId === 'none' ? null : undefined;

describe('matchesCondition', () => {
  it.each<[string, RuleCondition, boolean, Partial<RoutingContext>]>([
    // integration / channel
    ['integration in', { type: 'integration', operator: 'in', values: ['int-web', 'int-wa'] }, true, {}],
    [
      'integration in, case-insensitive',
      { type: 'integration', operator: 'in', values: ['INT-WEB'] },
      true,
      {},
    ],
    ['integration in, other', { type: 'integration', operator: 'in', values: ['int-wa'] }, false, {}],
    ['integration notIn', { type: 'integration', operator: 'notIn', values: ['int-wa'] }, true, {}],
    ['integration notIn, listed', { type: 'integration', operator: 'notIn', values: ['int-web'] }, false, {}],
    ['channel in', { type: 'channel', operator: 'in', values: ['widget'] }, true, {}],
    ['channel in, other', { type: 'channel', operator: 'in', values: ['whatsapp-cloud'] }, false, {}],
    ['channel notIn', { type: 'channel', operator: 'notIn', values: ['messenger'] }, true, {}],
    // prechat: every string operator
    [
      'prechat equals, case-insensitive',
      { type: 'prechat', field: 'topic', operator: 'equals', value: 'billing QUESTION' },
      true,
      {},
    ],
    [
      'prechat equals, different',
      { type: 'prechat', field: 'topic', operator: 'equals', value: 'billing' },
      false,
      {},
    ],
    [
      'prechat notEquals',
      { type: 'prechat', field: 'topic', operator: 'notEquals', value: 'sales' },
      true,
      {},
    ],
    [
      'prechat notEquals, same',
      { type: 'prechat', field: 'topic', operator: 'notEquals', value: 'Billing Question' },
      false,
      {},
    ],
    ['prechat contains', { type: 'prechat', field: 'topic', operator: 'contains', value: 'LING' }, true, {}],
    [
      'prechat contains, absent',
      { type: 'prechat', field: 'topic', operator: 'contains', value: 'refund' },
      false,
      {},
    ],
    [
      'prechat startsWith',
      { type: 'prechat', field: 'topic', operator: 'startsWith', value: 'bill' },
      true,
      {},
    ],
    [
      'prechat startsWith, no',
      { type: 'prechat', field: 'topic', operator: 'startsWith', value: 'question' },
      false,
      {},
    ],
    [
      'prechat endsWith',
      { type: 'prechat', field: 'email', operator: 'endsWith', value: '@EXAMPLE.com' },
      true,
      {},
    ],
    [
      'prechat endsWith, no',
      { type: 'prechat', field: 'email', operator: 'endsWith', value: '@example.org' },
      false,
      {},
    ],
    [
      'prechat in',
      { type: 'prechat', field: 'topic', operator: 'in', values: ['sales', 'billing question'] },
      true,
      {},
    ],
    ['prechat in, none', { type: 'prechat', field: 'topic', operator: 'in', values: ['sales'] }, false, {}],
    ['prechat notIn', { type: 'prechat', field: 'topic', operator: 'notIn', values: ['sales'] }, true, {}],
    [
      'prechat notIn, listed',
      { type: 'prechat', field: 'topic', operator: 'notIn', values: ['Billing question'] },
      false,
      {},
    ],
    ['prechat exists', { type: 'prechat', field: 'topic', operator: 'exists' }, true, {}],
    ['prechat exists, empty answer', { type: 'prechat', field: 'optional', operator: 'exists' }, false, {}],
    ['prechat exists, missing', { type: 'prechat', field: 'phone', operator: 'exists' }, false, {}],
    ['prechat notExists, missing', { type: 'prechat', field: 'phone', operator: 'notExists' }, true, {}],
    ['prechat notExists, present', { type: 'prechat', field: 'topic', operator: 'notExists' }, false, {}],
    [
      'prechat matches',
      { type: 'prechat', field: 'email', operator: 'matches', value: '*@example.com' },
      true,
      {},
    ],
    [
      'prechat matches, anchored',
      { type: 'prechat', field: 'email', operator: 'matches', value: '*@example' },
      false,
      {},
    ],
    // a missing field: only the negative operators hold, nothing throws
    [
      'missing field: equals is false',
      { type: 'prechat', field: 'phone', operator: 'equals', value: '' },
      false,
      {},
    ],
    [
      'missing field: contains is false',
      { type: 'prechat', field: 'phone', operator: 'contains', value: 'x' },
      false,
      {},
    ],
    [
      'missing field: matches is false',
      { type: 'prechat', field: 'phone', operator: 'matches', value: '*' },
      false,
      {},
    ],
    [
      'missing field: in is false',
      { type: 'prechat', field: 'phone', operator: 'in', values: ['x'] },
      false,
      {},
    ],
    [
      'missing field: notEquals holds',
      { type: 'prechat', field: 'phone', operator: 'notEquals', value: 'x' },
      true,
      {},
    ],
    [
      'missing field: notIn holds',
      { type: 'prechat', field: 'phone', operator: 'notIn', values: ['x'] },
      true,
      {},
    ],
    [
      'a prototype key is not a field',
      { type: 'prechat', field: 'constructor', operator: 'exists' },
      false,
      {},
    ],
    [
      'prechat object missing entirely',
      { type: 'prechat', field: 'topic', operator: 'exists' },
      false,
      { prechat: undefined as unknown as Record<string, string> },
    ],
    // contact attributes: strings
    [
      'contact equals',
      { type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'vip' },
      true,
      {},
    ],
    [
      'contact in',
      { type: 'contactAttribute', attribute: 'tier', operator: 'in', values: ['gold', 'VIP'] },
      true,
      {},
    ],
    [
      'contact number as text',
      { type: 'contactAttribute', attribute: 'orders', operator: 'equals', value: '3' },
      true,
      {},
    ],
    [
      'contact boolean as text',
      { type: 'contactAttribute', attribute: 'beta', operator: 'equals', value: 'true' },
      true,
      {},
    ],
    [
      'contact null does not exist',
      { type: 'contactAttribute', attribute: 'cleared', operator: 'exists' },
      false,
      {},
    ],
    [
      'contact null: notExists',
      { type: 'contactAttribute', attribute: 'cleared', operator: 'notExists' },
      true,
      {},
    ],
    [
      'contact matches',
      { type: 'contactAttribute', attribute: 'tier', operator: 'matches', value: 'v*' },
      true,
      {},
    ],
    // contact attributes: numbers
    ['eq', { type: 'contactAttribute', attribute: 'orders', operator: 'eq', value: 3 }, true, {}],
    ['eq, different', { type: 'contactAttribute', attribute: 'orders', operator: 'eq', value: 4 }, false, {}],
    ['ne', { type: 'contactAttribute', attribute: 'orders', operator: 'ne', value: 4 }, true, {}],
    ['ne, equal', { type: 'contactAttribute', attribute: 'orders', operator: 'ne', value: 3 }, false, {}],
    ['gt', { type: 'contactAttribute', attribute: 'orders', operator: 'gt', value: 2 }, true, {}],
    ['gt, equal', { type: 'contactAttribute', attribute: 'orders', operator: 'gt', value: 3 }, false, {}],
    ['gte', { type: 'contactAttribute', attribute: 'orders', operator: 'gte', value: 3 }, true, {}],
    ['lt', { type: 'contactAttribute', attribute: 'orders', operator: 'lt', value: 3 }, false, {}],
    ['lte', { type: 'contactAttribute', attribute: 'orders', operator: 'lte', value: 3 }, true, {}],
    [
      'a numeric string compares as a number ("12" > 9, not "12" < "9")',
      { type: 'contactAttribute', attribute: 'score', operator: 'gt', value: 9 },
      true,
      {},
    ],
    [
      'a numeric string with spaces and exponent',
      { type: 'contactAttribute', attribute: 'lifetime', operator: 'gte', value: 2500 },
      true,
      {},
    ],
    [
      'a non-numeric string fails every number operator',
      { type: 'contactAttribute', attribute: 'note', operator: 'lt', value: 100 },
      false,
      {},
    ],
    [
      'a non-numeric string fails ne too',
      { type: 'contactAttribute', attribute: 'note', operator: 'ne', value: 1 },
      false,
      {},
    ],
    [
      'a boolean is not a number',
      { type: 'contactAttribute', attribute: 'beta', operator: 'eq', value: 1 },
      false,
      {},
    ],
    [
      'a missing attribute fails number operators',
      { type: 'contactAttribute', attribute: 'age', operator: 'ne', value: 1 },
      false,
      {},
    ],
    [
      'null fails number operators',
      { type: 'contactAttribute', attribute: 'cleared', operator: 'eq', value: 0 },
      false,
      {},
    ],
    // page URL
    ['pageUrl contains', { type: 'pageUrl', operator: 'contains', value: '/PRICING' }, true, {}],
    [
      'pageUrl startsWith',
      { type: 'pageUrl', operator: 'startsWith', value: 'https://shop.example.com/' },
      true,
      {},
    ],
    [
      'pageUrl glob',
      { type: 'pageUrl', operator: 'matches', value: 'https://shop.example.com/*/pricing*' },
      true,
      {},
    ],
    [
      'pageUrl glob, no match',
      { type: 'pageUrl', operator: 'matches', value: 'https://shop.example.com/*/cart*' },
      false,
      {},
    ],
    [
      'pageUrl glob: regex syntax is literal',
      { type: 'pageUrl', operator: 'matches', value: 'https://shop.example.com/en/pricing?plan=pr.' },
      false,
      {},
    ],
    [
      'pageUrl glob: "?" is literal',
      { type: 'pageUrl', operator: 'matches', value: '*pricing?plan=pro' },
      true,
      {},
    ],
    ['pageUrl null: exists false', { type: 'pageUrl', operator: 'exists' }, false, { pageUrl: null }],
    ['pageUrl null: notExists', { type: 'pageUrl', operator: 'notExists' }, true, { pageUrl: null }],
    [
      'pageUrl null: contains false',
      { type: 'pageUrl', operator: 'contains', value: 'x' },
      false,
      { pageUrl: null },
    ],
    // language
    [
      'language: primary subtag matches a regional tag',
      { type: 'language', operator: 'in', values: ['ar'] },
      true,
      {},
    ],
    [
      'language: case and underscore',
      { type: 'language', operator: 'in', values: ['AR'] },
      true,
      { language: 'ar_eg' },
    ],
    [
      'language: a regional range does not match another region',
      { type: 'language', operator: 'in', values: ['en-GB'] },
      false,
      { language: 'en-US' },
    ],
    [
      'language: a regional range matches itself',
      { type: 'language', operator: 'in', values: ['en-gb'] },
      true,
      { language: 'en-GB' },
    ],
    [
      'language: no prefix confusion ("ar" is not "arn")',
      { type: 'language', operator: 'in', values: ['ar'] },
      false,
      { language: 'arn' },
    ],
    ['language notIn', { type: 'language', operator: 'notIn', values: ['en', 'fr'] }, true, {}],
    [
      'language unknown: in false',
      { type: 'language', operator: 'in', values: ['ar'] },
      false,
      { language: null },
    ],
    [
      'language unknown: notIn holds',
      { type: 'language', operator: 'notIn', values: ['ar'] },
      true,
      { language: null },
    ],
    // tags
    ['includesAny', { type: 'tag', operator: 'includesAny', values: ['vip', 'returning'] }, true, {}],
    ['includesAny, none', { type: 'tag', operator: 'includesAny', values: ['vip'] }, false, {}],
    ['includesAll', { type: 'tag', operator: 'includesAll', values: ['MOBILE', 'returning'] }, true, {}],
    [
      'includesAll, one missing',
      { type: 'tag', operator: 'includesAll', values: ['mobile', 'vip'] },
      false,
      {},
    ],
    ['excludesAll', { type: 'tag', operator: 'excludesAll', values: ['vip', 'spam'] }, true, {}],
    [
      'excludesAll, one present',
      { type: 'tag', operator: 'excludesAll', values: ['spam', 'mobile'] },
      false,
      {},
    ],
    [
      'tags missing entirely',
      { type: 'tag', operator: 'excludesAll', values: ['spam'] },
      true,
      { tags: undefined as unknown as string[] },
    ],
    // business hours (Monday 10:00 in Berlin)
    ['team open, open: true', { type: 'businessHours', teamId: 'office', open: true }, true, {}],
    ['team open, open: false', { type: 'businessHours', teamId: 'office', open: false }, false, {}],
    ['team without hours is open', { type: 'businessHours', teamId: 'none', open: true }, true, {}],
    ['unknown team counts as open', { type: 'businessHours', teamId: 'ghost', open: false }, false, {}],
  ])('%s', (_name, condition, expected, overrides) => {
    expect(matchesCondition(condition, ctx(overrides), monday10Berlin, hours)).toBe(expected);
  });

  const nightShift: RuleCondition = {
    type: 'timeOfDay',
    timeZone: 'Europe/Berlin',
    from: '22:00',
    to: '06:00',
  };
  const fridayNight: RuleCondition = { ...nightShift, days: [5] };
  const lunch: RuleCondition = {
    type: 'timeOfDay',
    timeZone: 'Europe/Berlin',
    from: '12:00',
    to: '13:00',
    days: [1, 2, 3, 4, 5],
  };
  const evening: RuleCondition = {
    type: 'timeOfDay',
    timeZone: 'America/St_Johns',
    from: '18:00',
    to: '24:00',
  };
  it.each<[string, RuleCondition, string, boolean]>([
    ['window: start is inclusive', lunch, '2024-01-08T11:00:00Z', true],
    ['window: end is exclusive', lunch, '2024-01-08T12:00:00Z', false],
    ['window: before', lunch, '2024-01-08T10:59:00Z', false],
    ['window: not on Saturday', lunch, '2024-01-13T11:30:00Z', false],
    ['window: summer time shifts UTC', lunch, '2024-07-08T10:00:00Z', true],
    ['wrapping: 23:00 local', nightShift, '2024-01-08T22:00:00Z', true],
    ['wrapping: 05:59 local', nightShift, '2024-01-09T04:59:00Z', true],
    ['wrapping: 06:00 local', nightShift, '2024-01-09T05:00:00Z', false],
    ['wrapping: 21:59 local', nightShift, '2024-01-08T20:59:00Z', false],
    ['wrapping: 22:00 local', nightShift, '2024-01-08T21:00:00Z', true],
    ['wrapping with days: Friday 23:00', fridayNight, '2024-01-12T22:00:00Z', true],
    ['wrapping with days: Saturday 02:00 belongs to Friday night', fridayNight, '2024-01-13T01:00:00Z', true],
    [
      'wrapping with days: Friday 02:00 belongs to Thursday night',
      fridayNight,
      '2024-01-12T01:00:00Z',
      false,
    ],
    ['wrapping with days: Saturday 23:00', fridayNight, '2024-01-13T22:00:00Z', false],
    ['24:00 end: 23:59 in St Johns', evening, '2024-01-09T03:29:00Z', true],
    ['24:00 end: midnight in St Johns', evening, '2024-01-09T03:30:00Z', false],
    ['24:00 end: 22:59 in St Johns is 02:29 UTC', evening, '2024-01-09T02:29:00Z', true],
  ])('timeOfDay %s', (_name, condition, now, expected) => {
    expect(matchesCondition(condition, ctx(), new Date(now), hours)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['Friday 16:59 (inside)', '2024-01-12T15:59:00Z', true],
    ['Friday 17:00 (closed at the end minute)', '2024-01-12T16:00:00Z', false],
    ['Monday 08:59', '2024-01-08T07:59:00Z', false],
    ['Monday 09:00', '2024-01-08T08:00:00Z', true],
  ])('businessHours at the edge: %s', (_name, now, open) => {
    const condition: RuleCondition = { type: 'businessHours', teamId: 'office', open: true };
    expect(matchesCondition(condition, ctx(), new Date(now), hours)).toBe(open);
  });
});

describe('evaluateRules', () => {
  const policy: RoutingPolicy = {
    rules: [
      {
        id: 'disabled-catch-all',
        name: 'Disabled',
        enabled: false,
        conditions: [],
        action: { teamId: 'nobody' },
      },
      {
        id: 'vip',
        name: 'VIP customers',
        enabled: true,
        conditions: [
          { type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'vip' },
          { type: 'businessHours', teamId: 'office', open: true },
        ],
        action: { teamId: 'vip-desk', priority: 90, preferredAgentId: 'agent-ada' },
      },
      {
        id: 'arabic',
        name: 'Arabic',
        enabled: true,
        conditions: [{ type: 'language', operator: 'in', values: ['ar'] }],
        action: { teamId: 'arabic', requiredSkills: ['arabic'] },
      },
      {
        id: 'bot-at-night',
        name: 'Bot outside hours',
        enabled: true,
        conditions: [{ type: 'businessHours', teamId: 'office', open: false }],
        action: { botAgentId: 'bot-1', priority: 10 },
      },
    ],
    defaultAction: { teamId: 'general' },
  };

  it.each<
    [
      string,
      Partial<RoutingContext>,
      string,
      string | null,
      RoutingPolicy['defaultAction'] & { priority: number },
    ]
  >([
    [
      'all conditions hold: the first matching rule wins',
      {},
      '2024-01-08T09:00:00Z',
      'vip',
      { teamId: 'vip-desk', priority: 90, preferredAgentId: 'agent-ada' },
    ],
    [
      'one condition fails: the next rule',
      {},
      '2024-01-08T20:00:00Z',
      'arabic',
      { teamId: 'arabic', requiredSkills: ['arabic'], priority: 50 },
    ],
    [
      'later rule',
      { contact: {}, language: 'en' },
      '2024-01-08T20:00:00Z',
      'bot-at-night',
      { botAgentId: 'bot-1', priority: 10 },
    ],
    [
      'no rule matches: default with priority 50',
      { contact: {}, language: 'en' },
      '2024-01-08T09:00:00Z',
      null,
      { teamId: 'general', priority: 50 },
    ],
  ])('%s', (_name, overrides, now, ruleId, action) => {
    const decision = evaluateRules(policy, ctx(overrides), new Date(now), hours);
    expect(decision.ruleId).toBe(ruleId);
    expect(decision.ruleName).toBe(ruleId === null ? null : policy.rules.find((r) => r.id === ruleId)?.name);
    expect(decision.action).toEqual(action);
  });

  it('keeps a default action priority when one is set', () => {
    const decision = evaluateRules(
      { rules: [], defaultAction: { priority: 0 } },
      ctx(),
      monday10Berlin,
      hours,
    );
    expect(decision).toEqual({ action: { priority: 0 }, ruleId: null, ruleName: null });
  });

  it('a rule without conditions matches everything', () => {
    const decision = evaluateRules(
      {
        rules: [{ id: 'all', name: 'All', enabled: true, conditions: [], action: { teamId: 't' } }],
        defaultAction: {},
      },
      ctx(),
      monday10Berlin,
      hours,
    );
    expect(decision.ruleId).toBe('all');
  });

  it('does not throw on a context with every optional part missing', () => {
    const bare = { integrationId: 'i', channel: 'api' } as RoutingContext;
    const decision = evaluateRules(policy, bare, monday10Berlin, hours);
    expect(decision.ruleId).toBeNull();
  });
});
