import { describe, expect, it } from '@jest/globals';
import { formatWait } from './format';

describe('formatWait', () => {
  it.each([
    [0, '0:00'],
    [-5_000, '0:00'],
    [9_999, '0:09'],
    [75_000, '1:15'],
    [59 * 60_000 + 59_000, '59:59'],
    [3_600_000 + 5 * 60_000 + 3_000, '1:05:03'],
  ])('%p ms → %p', (ms, expected) => {
    expect(formatWait(ms)).toBe(expected);
  });
});
