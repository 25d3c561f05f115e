import { DomainError } from '../../core/errors/domain-error';
import { RoutingPolicyError } from './routing-policy.error';
import { parseBusinessHours, parseRoutingPolicy } from './routing-policy.schema';
import type { PolicyIssue } from './routing-policy.types';

const rule = (fields: Record<string, unknown> = {}) => ({
  id: 'r1',
  name: 'Rule',
  conditions: [],
  action: {},
  ...fields,
});
const withCondition = (condition: Record<string, unknown>) => ({
  rules: [rule({ conditions: [condition] })],
});

function issuesOf(parse: () => unknown): PolicyIssue[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof RoutingPolicyError) return error.issues;
    throw error;
  }
  throw new Error('expected a RoutingPolicyError');
}

describe('parseRoutingPolicy', () => {
  it('accepts a full policy and fills defaults', () => {
    const policy = parseRoutingPolicy({
      rules: [
        rule({
          id: 'vip',
          name: 'VIP',
          conditions: [
            { type: 'integration', operator: 'in', values: ['i1'] },
            { type: 'channel', operator: 'notIn', values: ['messenger'] },
            { type: 'prechat', field: 'topic', operator: 'equals', value: 'billing' },
            { type: 'prechat', field: 'topic', operator: 'exists' },
            { type: 'contactAttribute', attribute: 'orders', operator: 'gt', value: 2 },
            { type: 'contactAttribute', attribute: 'tier', operator: 'in', values: ['vip', 'gold'] },
            { type: 'pageUrl', operator: 'matches', value: '*/pricing*' },
            { type: 'language', operator: 'in', values: ['ar', 'en-GB'] },
            { type: 'tag', operator: 'includesAny', values: ['vip'] },
            { type: 'timeOfDay', timeZone: 'America/St_Johns', from: '22:00', to: '06:00', days: [5, 6] },
            { type: 'businessHours', teamId: 'sales', open: true },
          ],
          action: {
            teamId: 'vip-desk',
            requiredSkills: ['billing'],
            priority: 90,
            preferredAgentId: 'a1',
            botAgentId: null,
          },
        }),
      ],
    });
    expect(policy.rules[0].enabled).toBe(true);
    expect(policy.rules[0].conditions).toHaveLength(11);
    expect(policy.defaultAction).toEqual({});
  });

  it('throws an INVALID_INPUT domain error whose message lists the paths', () => {
    const error = (() => {
      try {
        parseRoutingPolicy({ rules: [rule({ action: { priority: 101 } })] });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_INPUT');
    expect((error as DomainError).message).toContain('rules.0.action.priority: must be 0 to 100');
  });

  it.each<[string, unknown, PolicyIssue]>([
    ['not an object', 'rules', { path: '', message: 'Expected object, received string' }],
    [
      'unknown key (a typo)',
      { rules: [], defualtAction: {} },
      { path: '', message: "Unrecognized key(s) in object: 'defualtAction'" },
    ],
    [
      'priority above 100',
      { rules: [rule({ action: { priority: 101 } })] },
      { path: 'rules.0.action.priority', message: 'must be 0 to 100' },
    ],
    [
      'priority below 0',
      { rules: [rule({ action: { priority: -1 } })] },
      { path: 'rules.0.action.priority', message: 'must be 0 to 100' },
    ],
    [
      'fractional priority',
      { rules: [rule({ action: { priority: 5.5 } })] },
      { path: 'rules.0.action.priority', message: 'must be a whole number' },
    ],
    [
      'duplicate rule ids',
      { rules: [rule(), rule({ name: 'Other' })] },
      { path: 'rules.1.id', message: 'duplicate rule id "r1"' },
    ],
    [
      'too many rules',
      { rules: Array.from({ length: 201 }, (_, i) => rule({ id: `r${i}` })) },
      { path: 'rules', message: 'must have at most 200 rules' },
    ],
    ['empty name', { rules: [rule({ name: '  ' })] }, { path: 'rules.0.name', message: 'must not be empty' }],
    [
      'long name',
      { rules: [rule({ name: 'x'.repeat(201) })] },
      { path: 'rules.0.name', message: 'must be at most 200 characters' },
    ],
    [
      'bad rule id',
      { rules: [rule({ id: 'has space' })] },
      { path: 'rules.0.id', message: 'id must be 1 to 64 letters, digits, _ . : or -' },
    ],
    [
      'repeated skill',
      { rules: [rule({ action: { requiredSkills: ['a', 'a'] } })] },
      { path: 'rules.0.action.requiredSkills', message: 'must not repeat a skill' },
    ],
    [
      'unknown condition type',
      withCondition({ type: 'weather', operator: 'in', values: ['x'] }),
      {
        path: 'rules.0.conditions.0.type',
        message:
          "Invalid discriminator value. Expected 'integration' | 'channel' | 'prechat' | 'contactAttribute' | 'pageUrl' | 'language' | 'tag' | 'timeOfDay' | 'businessHours'",
      },
    ],
    [
      'operator not allowed for the type',
      withCondition({ type: 'channel', operator: 'equals', values: ['widget'] }),
      {
        path: 'rules.0.conditions.0.operator',
        message: "Invalid enum value. Expected 'in' | 'notIn', received 'equals'",
      },
    ],
    [
      'number operator on a pre-chat field',
      withCondition({ type: 'prechat', field: 'age', operator: 'gt', value: '3' }),
      { path: 'rules.0.conditions.0.operator', message: expect.stringContaining("received 'gt'") as string },
    ],
    [
      'in without values',
      withCondition({ type: 'prechat', field: 'topic', operator: 'in', value: 'a' }),
      { path: 'rules.0.conditions.0.values', message: 'operator "in" needs "values", a list' },
    ],
    [
      'in with value',
      withCondition({ type: 'prechat', field: 'topic', operator: 'in', value: 'a', values: ['a'] }),
      { path: 'rules.0.conditions.0.value', message: 'operator "in" takes "values" (a list), not "value"' },
    ],
    [
      'equals without value',
      withCondition({ type: 'pageUrl', operator: 'equals' }),
      { path: 'rules.0.conditions.0.value', message: 'operator "equals" needs a string "value"' },
    ],
    [
      'equals with values',
      withCondition({ type: 'pageUrl', operator: 'equals', value: 'x', values: ['x'] }),
      { path: 'rules.0.conditions.0.values', message: 'operator "equals" takes one "value", not "values"' },
    ],
    [
      'exists with a value',
      withCondition({ type: 'prechat', field: 'topic', operator: 'exists', value: 'x' }),
      { path: 'rules.0.conditions.0.value', message: 'operator "exists" takes no value' },
    ],
    [
      'number operator with a string',
      withCondition({ type: 'contactAttribute', attribute: 'orders', operator: 'gt', value: '2' }),
      { path: 'rules.0.conditions.0.value', message: 'operator "gt" needs a number "value"' },
    ],
    [
      'string operator with a number',
      withCondition({ type: 'contactAttribute', attribute: 'orders', operator: 'equals', value: 2 }),
      {
        path: 'rules.0.conditions.0.value',
        message: 'operator "equals" needs a string "value" (use "eq", "gt"... to compare numbers)',
      },
    ],
    [
      'empty glob',
      withCondition({ type: 'pageUrl', operator: 'matches', value: '' }),
      { path: 'rules.0.conditions.0.value', message: 'a "matches" pattern must not be empty' },
    ],
    [
      'empty values',
      withCondition({ type: 'tag', operator: 'includesAny', values: [] }),
      { path: 'rules.0.conditions.0.values', message: 'must list at least one value' },
    ],
    [
      'long value',
      withCondition({ type: 'prechat', field: 'topic', operator: 'equals', value: 'x'.repeat(1001) }),
      { path: 'rules.0.conditions.0.value', message: 'must be at most 1000 characters' },
    ],
    [
      'bad language tag',
      withCondition({ type: 'language', operator: 'in', values: ['english please'] }),
      { path: 'rules.0.conditions.0.values.0', message: 'must be a language tag such as "ar" or "en-GB"' },
    ],
    [
      'unknown time zone',
      withCondition({ type: 'timeOfDay', timeZone: 'Europe/Atlantis', from: '09:00', to: '17:00' }),
      {
        path: 'rules.0.conditions.0.timeZone',
        message: '"Europe/Atlantis" is not a known IANA time zone (e.g. "Europe/Berlin")',
      },
    ],
    [
      'bad clock',
      withCondition({ type: 'timeOfDay', timeZone: 'UTC', from: '9:00', to: '17:00' }),
      { path: 'rules.0.conditions.0.from', message: 'must be a time "HH:MM" from 00:00 to 23:59' },
    ],
    [
      '24:00 as a start',
      withCondition({ type: 'timeOfDay', timeZone: 'UTC', from: '24:00', to: '17:00' }),
      { path: 'rules.0.conditions.0.from', message: 'must be a time "HH:MM" from 00:00 to 23:59' },
    ],
    [
      'empty window',
      withCondition({ type: 'timeOfDay', timeZone: 'UTC', from: '09:00', to: '09:00' }),
      {
        path: 'rules.0.conditions.0.to',
        message: 'from and to must differ (leave the condition out for all day)',
      },
    ],
    [
      'weekday 7',
      withCondition({ type: 'timeOfDay', timeZone: 'UTC', from: '09:00', to: '17:00', days: [7] }),
      { path: 'rules.0.conditions.0.days.0', message: 'must be a weekday 0 (Sunday) to 6 (Saturday)' },
    ],
    [
      'repeated weekday',
      withCondition({ type: 'timeOfDay', timeZone: 'UTC', from: '09:00', to: '17:00', days: [1, 1] }),
      { path: 'rules.0.conditions.0.days', message: 'must not repeat a day' },
    ],
    [
      'condition key typo',
      withCondition({ type: 'tag', operator: 'includesAny', values: ['a'], valeus: ['b'] }),
      { path: 'rules.0.conditions.0', message: "Unrecognized key(s) in object: 'valeus'" },
    ],
  ])('rejects %s', (_name, input, issue) => {
    expect(issuesOf(() => parseRoutingPolicy(input))).toContainEqual(issue);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(() =>
      parseRoutingPolicy({ rules: [rule({ action: { priority: 500 } }), rule({ name: '' })] }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      'rules.0.action.priority',
      'rules.1.name',
      'rules.1.id',
    ]);
  });
});

describe('parseBusinessHours', () => {
  it('accepts hours with a 24:00 end and closed dates', () => {
    const hours = {
      timeZone: 'Pacific/Kiritimati',
      weekly: [{ day: 1, from: '18:00', to: '24:00' }],
      closedDates: ['2024-12-25'],
    };
    expect(parseBusinessHours(hours)).toEqual(hours);
  });

  it.each<[string, unknown, PolicyIssue]>([
    [
      'from after to',
      { timeZone: 'UTC', weekly: [{ day: 1, from: '17:00', to: '09:00' }] },
      {
        path: 'weekly.0.to',
        message:
          'from must be before to (split a night shift into 22:00-24:00 and 00:00-06:00 of the next day)',
      },
    ],
    [
      'from equal to',
      { timeZone: 'UTC', weekly: [{ day: 1, from: '09:00', to: '09:00' }] },
      {
        path: 'weekly.0.to',
        message:
          'from must be before to (split a night shift into 22:00-24:00 and 00:00-06:00 of the next day)',
      },
    ],
    [
      'bad end',
      { timeZone: 'UTC', weekly: [{ day: 1, from: '09:00', to: '24:30' }] },
      { path: 'weekly.0.to', message: 'must be a time "HH:MM" from 00:01 to 24:00 (end of day)' },
    ],
    [
      'unknown zone',
      { timeZone: 'Mars/Olympus', weekly: [] },
      { path: 'timeZone', message: '"Mars/Olympus" is not a known IANA time zone (e.g. "Europe/Berlin")' },
    ],
    [
      'bad date',
      { timeZone: 'UTC', weekly: [], closedDates: ['2024-02-30'] },
      { path: 'closedDates.0', message: 'is not a real calendar date' },
    ],
    [
      'date format',
      { timeZone: 'UTC', weekly: [], closedDates: ['25.12.2024'] },
      { path: 'closedDates.0', message: 'must be a date "YYYY-MM-DD"' },
    ],
  ])('rejects %s', (_name, input, issue) => {
    expect(issuesOf(() => parseBusinessHours(input))).toContainEqual(issue);
  });
});
