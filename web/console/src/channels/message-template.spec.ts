import { describe, expect, it } from '@jest/globals';
import type { MessageTemplate } from '../api/hub-types';
import {
  filterTemplates,
  MAX_TEMPLATE_PARAMETER_LENGTH,
  renderTemplate,
  templateParameterProblems,
  templateParts,
} from './message-template';

const ORDER = 'Hi {{1}}, your order {{2}} has shipped.';

describe('renderTemplate', () => {
  it.each<[string, string[], string]>([
    [ORDER, ['Ada', '#4711'], 'Hi Ada, your order #4711 has shipped.'],
    [ORDER, ['Ada'], 'Hi Ada, your order {{2}} has shipped.'],
    [ORDER, ['  Ada ', ''], 'Hi Ada, your order {{2}} has shipped.'],
    [ORDER, ['Ada\nLovelace', 'a\tb'], 'Hi Ada Lovelace, your order a b has shipped.'],
    ['{{ 2 }} before {{1}}', ['one', 'two'], 'two before one'],
    ['{{1}} and {{1}} again', ['echo'], 'echo and echo again'],
    ['Welcome back! Reply to chat with us.', [], 'Welcome back! Reply to chat with us.'],
    ['Named {{first_name}} stays', [], 'Named {{first_name}} stays'],
    ['مرحبا {{1}} 👋', ['أحمد'], 'مرحبا أحمد 👋'],
  ])('%p with %p → %p', (body, parameters, expected) => {
    expect(renderTemplate(body, parameters)).toBe(expected);
  });
});

describe('templateParts', () => {
  it('splits the body into text and placeholders with their values', () => {
    expect(templateParts(ORDER, ['Ada'])).toEqual([
      { text: 'Hi ' },
      { placeholder: 1, value: 'Ada' },
      { text: ', your order ' },
      { placeholder: 2, value: null },
      { text: ' has shipped.' },
    ]);
  });
});

describe('templateParameterProblems', () => {
  it.each<[number, string[], (string | null)[]]>([
    [2, ['Ada', '#4711'], [null, null]],
    [2, ['Ada'], [null, 'required']],
    [2, ['  ', '\n\t'], ['required', 'required']],
    [1, ['x'.repeat(MAX_TEMPLATE_PARAMETER_LENGTH)], [null]],
    [1, ['x'.repeat(MAX_TEMPLATE_PARAMETER_LENGTH + 1)], ['tooLong']],
    [0, ['ignored'], []],
  ])('%p parameters given %p → %p', (count, parameters, expected) => {
    expect(templateParameterProblems(count, parameters)).toEqual(expected);
  });
});

describe('filterTemplates', () => {
  const templates: MessageTemplate[] = [
    { name: 'order_update', language: 'en_US', category: 'UTILITY', body: ORDER, parameterCount: 2 },
    {
      name: 'welcome_back',
      language: 'en_US',
      category: 'MARKETING',
      body: 'Welcome back! Reply to chat with us.',
      parameterCount: 0,
    },
    { name: 'order_update', language: 'ar', category: 'UTILITY', body: 'مرحبا {{1}}', parameterCount: 1 },
  ];
  const names = (list: MessageTemplate[]) => list.map((t) => `${t.name}/${t.language}`);

  it.each<[string, string[]]>([
    ['', ['order_update/en_US', 'welcome_back/en_US', 'order_update/ar']],
    ['  ', ['order_update/en_US', 'welcome_back/en_US', 'order_update/ar']],
    ['ORDER', ['order_update/en_US', 'order_update/ar']],
    ['welcome back', ['welcome_back/en_US']],
    ['shipped ada', []],
    ['shipped order', ['order_update/en_US']],
    ['marketing', ['welcome_back/en_US']],
    ['مرحبا', ['order_update/ar']],
  ])('%p → %p', (search, expected) => {
    expect(names(filterTemplates(templates, search))).toEqual(expected);
  });
});
