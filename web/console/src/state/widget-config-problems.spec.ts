import { describe, expect, it } from '@jest/globals';
import { problemFor, widgetConfigProblems } from './widget-config-problems';

describe('widgetConfigProblems', () => {
  it('splits the hub message into problems by path', () => {
    const problems = widgetConfigProblems(
      'Invalid widget config: appearance.primaryColor: must be a colour like #1f6feb; locale: Invalid enum value; prechat.fields.0.label: String must contain at least 1 character(s); prechat.fields.1.id: duplicate field id "a"',
    );
    expect([...problems]).toEqual([
      ['appearance.primaryColor', 'must be a colour like #1f6feb'],
      ['locale', 'Invalid enum value'],
      ['prechat.fields.0.label', 'String must contain at least 1 character(s)'],
      ['prechat.fields.1.id', 'duplicate field id "a"'],
    ]);
    expect(problemFor(problems, 'appearance.primaryColor')).toBe('must be a colour like #1f6feb');
    expect(problemFor(problems, 'prechat')).toBe(
      'String must contain at least 1 character(s); duplicate field id "a"',
    );
    expect(problemFor(problems, 'appearance.textOnPrimary')).toBeUndefined();
  });

  it.each(['Not found.', 'The hub answered 500.', ''])('finds no field problem in %p', (message) => {
    expect(widgetConfigProblems(message).size).toBe(0);
  });
});
