import { jainIndex } from './fairness';

describe('jainIndex', () => {
  it.each<[string, number[], number]>([
    ['all equal', [500, 500, 500, 500], 1],
    ['one agent has everything: 1/n', [10, 0, 0, 0], 0.25],
    ['half of the agents share equally: k/n', [7, 7, 0, 0], 0.5],
    ['a single agent', [3], 1],
    ['uneven', [1, 2, 3], 36 / (3 * 14)],
    ['empty list: fair by definition', [], 1],
    ['all zero: fair by definition', [0, 0, 0], 1],
  ])('%s', (_name, amounts, expected) => {
    expect(jainIndex(amounts)).toBeCloseTo(expected, 12);
  });

  it.each<[string, number[]]>([
    ['negative', [1, -1]],
    ['NaN', [1, Number.NaN]],
    ['infinite', [Number.POSITIVE_INFINITY]],
  ])('rejects a %s amount', (_name, amounts) => {
    expect(() => jainIndex(amounts)).toThrow(RangeError);
  });
});
