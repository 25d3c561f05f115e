import { matchesGlob } from './glob-pattern';

describe('matchesGlob', () => {
  it.each<[string, string, boolean]>([
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['', '', true],
    ['*', '', true],
    ['*', 'anything', true],
    ['a*', 'abc', true],
    ['a*', 'ba', false],
    ['*c', 'abc', true],
    ['*c', 'abcd', false],
    ['a*c', 'ac', true],
    ['a*a', 'a', false],
    ['a*b*c', 'a-b-b-c', true],
    ['a*b*c', 'a-c-b', false],
    ['*ab*ab*', 'xabyab', true],
    ['*ab*ab*', 'xaby', false],
    ['**', 'x', true],
    ['.*', 'abc', false],
    ['.*', '.x', true],
    ['a+b', 'aab', false],
    ['a+b', 'a+b', true],
    ['(x|y)*', '(x|y)z', true],
    ['[abc]', 'a', false],
    ['\\d*', '\\d1', true],
  ])('%j on %j: %s', (pattern, text, expected) => {
    expect(matchesGlob(pattern, text)).toBe(expected);
  });

  it('stays fast on a pattern that makes backtracking regexes explode', () => {
    const text = 'a'.repeat(50_000);
    const pattern = `${'*a'.repeat(100)}*b`;
    const started = process.hrtime.bigint();
    expect(matchesGlob(pattern, text)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});
