import { describe, expect, it } from '@jest/globals';
import {
  emptyCondition,
  formToAction,
  formToCondition,
  formToRule,
  newRuleId,
  operandOf,
  problemLines,
  ruleToForm,
  splitList,
  type ConditionForm,
  type ConditionType,
  type Json,
  type Operand,
} from './rule-form';

describe('rule form ↔ policy JSON', () => {
  it.each<[string, Json]>([
    [
      'contact attribute equals',
      { type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'vip' },
    ],
    [
      'contact attribute, a number',
      { type: 'contactAttribute', attribute: 'orders', operator: 'gte', value: 3 },
    ],
    [
      'contact attribute in a list',
      { type: 'contactAttribute', attribute: 'tier', operator: 'in', values: ['vip', 'gold'] },
    ],
    ['pre-chat field exists', { type: 'prechat', field: 'phone', operator: 'exists' }],
    ['pre-chat ends with', { type: 'prechat', field: 'email', operator: 'endsWith', value: '@big.example' }],
    ['page URL glob', { type: 'pageUrl', operator: 'matches', value: 'https://shop.example.com/*pricing*' }],
    [
      'integration',
      { type: 'integration', operator: 'in', values: ['4f6c2a9e-3b1d-4c55-9a57-1f0f6a3c2b10'] },
    ],
    ['channel', { type: 'channel', operator: 'notIn', values: ['messenger'] }],
    ['language', { type: 'language', operator: 'in', values: ['ar', 'he'] }],
    ['tag', { type: 'tag', operator: 'includesAny', values: ['refund', 'chargeback'] }],
    [
      'time of day on some days',
      { type: 'timeOfDay', timeZone: 'Europe/Berlin', from: '22:00', to: '06:00', days: [5, 6] },
    ],
    ['time of day every day', { type: 'timeOfDay', timeZone: 'UTC', from: '09:00', to: '24:00' }],
    ['business hours', { type: 'businessHours', teamId: 'support', open: false }],
  ])('%s survives a round trip', (_name, condition) => {
    const rule = {
      id: 'r1',
      name: 'Rule',
      enabled: true,
      conditions: [condition],
      action: { teamId: 'sales', priority: 90 },
    };
    expect(formToRule(ruleToForm(rule))).toEqual(rule);
  });

  it.each<[string, Partial<ConditionForm>, Json]>([
    [
      'a list typed with spaces and a trailing comma',
      { type: 'tag', operator: 'includesAll', values: ' a, b ,, c,' },
      { type: 'tag', operator: 'includesAll', values: ['a', 'b', 'c'] },
    ],
    [
      'a number operator with digits',
      { type: 'contactAttribute', field: ' orders ', operator: 'gt', value: ' 9 ' },
      { type: 'contactAttribute', attribute: 'orders', operator: 'gt', value: 9 },
    ],
    [
      'a number operator with text is sent as typed (the hub names it)',
      { type: 'contactAttribute', field: 'orders', operator: 'gt', value: 'many' },
      { type: 'contactAttribute', attribute: 'orders', operator: 'gt', value: 'many' },
    ],
    [
      'exists takes no value',
      { type: 'pageUrl', operator: 'exists', value: 'ignored' },
      { type: 'pageUrl', operator: 'exists' },
    ],
    [
      'days come out sorted',
      { type: 'timeOfDay', timeZone: 'UTC', from: '08:00', to: '12:00', days: [6, 1] },
      { type: 'timeOfDay', timeZone: 'UTC', from: '08:00', to: '12:00', days: [1, 6] },
    ],
  ])('%s', (_name, patch, expected) => {
    const base = emptyCondition(patch.type ?? 'contactAttribute');
    expect(formToCondition({ ...base, ...patch })).toEqual(expected);
  });

  it.each<[string, Parameters<typeof formToAction>[0], Json]>([
    [
      'everything empty: the hub defaults',
      { teamId: '', priority: '', requiredSkills: '', preferredAgentId: '', botAgentId: '' },
      {},
    ],
    [
      'team and priority',
      { teamId: 't1', priority: '90', requiredSkills: '', preferredAgentId: '', botAgentId: '' },
      { teamId: 't1', priority: 90 },
    ],
    [
      'skills, agent and bot',
      {
        teamId: '',
        priority: '',
        requiredSkills: 'spanish, billing',
        preferredAgentId: 'a1',
        botAgentId: 'b1',
      },
      { requiredSkills: ['spanish', 'billing'], preferredAgentId: 'a1', botAgentId: 'b1' },
    ],
  ])('action: %s', (_name, form, expected) => {
    expect(formToAction(form)).toEqual(expected);
  });

  it('reads a disabled rule and keeps it disabled', () => {
    const form = ruleToForm({ id: 'x', name: 'Off', enabled: false, conditions: [], action: {} });
    expect(form.enabled).toBe(false);
    expect(formToRule(form)).toEqual({ id: 'x', name: 'Off', enabled: false, conditions: [], action: {} });
  });
});

describe('operandOf', () => {
  it.each<[ConditionType, string, Operand]>([
    ['contactAttribute', 'equals', 'value'],
    ['contactAttribute', 'lte', 'number'],
    ['contactAttribute', 'notIn', 'values'],
    ['prechat', 'notExists', 'none'],
    ['tag', 'excludesAll', 'values'],
    ['timeOfDay', '', 'none'],
  ])('%s %s → %s', (type, operator, operand) => {
    expect(operandOf(type, operator)).toBe(operand);
  });
});

describe('helpers', () => {
  it.each([
    ['a, b', ['a', 'b']],
    ['a\nb,\n', ['a', 'b']],
    ['  ', []],
  ])('splitList(%p)', (text, list) => {
    expect(splitList(text)).toEqual(list);
  });

  it.each([
    [[], 'rule-1'],
    [['rule-1'], 'rule-2'],
    [['rule-2', 'x'], 'rule-3'],
    [['rule-3', 'rule-4', 'rule-5'], 'rule-6'],
  ])('newRuleId(%p) → %p', (taken, id) => {
    expect(newRuleId(taken)).toBe(id);
  });

  it.each([
    [
      'Invalid routing policy:\n- rules.2.conditions.0.value: operator "gt" needs a number "value"\n- rules.3.id: must be 1 to 64 letters',
      [
        'rules.2.conditions.0.value: operator "gt" needs a number "value"',
        'rules.3.id: must be 1 to 64 letters',
      ],
    ],
    [
      'Invalid team routing settings: slaSeconds: Too small; strategy: Invalid enum value',
      ['slaSeconds: Too small', 'strategy: Invalid enum value'],
    ],
    ['Team not found: 1234.', ['Team not found: 1234.']],
  ])('problemLines(%p)', (message, lines) => {
    expect(problemLines(message)).toEqual(lines);
  });
});
