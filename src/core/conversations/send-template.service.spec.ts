import type { MessageTemplate } from '../../connectors/sdk';
import { DomainError } from '../errors/domain-error';
import { checkTemplateParameters, renderTemplateBody } from './send-template.service';

const template: MessageTemplate = {
  name: 'order_update',
  language: 'en_US',
  status: 'approved',
  body: 'Hi {{1}}, order {{2}} has shipped. {{2}} again.',
  parameterCount: 2,
};

describe('renderTemplateBody', () => {
  it.each<[string, string, string[], string]>([
    [
      'numbered placeholders, repeated',
      template.body,
      ['Ada', '#4711'],
      'Hi Ada, order #4711 has shipped. #4711 again.',
    ],
    ['spaces inside braces', 'Hi {{ 1 }}', ['Ada'], 'Hi Ada'],
    ['no placeholders', 'Hello there', [], 'Hello there'],
    ['a missing parameter left visible', 'Hi {{1}} {{3}}', ['Ada'], 'Hi Ada {{3}}'],
    ['Arabic and emoji', 'مرحبا {{1}} 👋', ['أحمد'], 'مرحبا أحمد 👋'],
  ])('%s', (_name, body, parameters, expected) => {
    expect(renderTemplateBody(body, parameters)).toBe(expected);
  });
});

describe('checkTemplateParameters', () => {
  it('trims and flattens new lines', () => {
    expect(checkTemplateParameters(template, [' Ada ', 'line\none'])).toEqual(['Ada', 'line one']);
  });

  it.each<[string, string[], RegExp]>([
    ['too few', ['Ada'], /takes 2 parameter/],
    ['too many', ['a', 'b', 'c'], /takes 2 parameter/],
    ['an empty one', ['Ada', '  '], /parameters\[1\] must not be empty/],
    ['a long one', ['Ada', 'x'.repeat(1025)], /at most 1024/],
  ])('refuses %s', (_name, parameters, message) => {
    expect(() => checkTemplateParameters(template, parameters)).toThrow(DomainError);
    expect(() => checkTemplateParameters(template, parameters)).toThrow(message);
  });
});
