import { describe, expect, it } from '@jest/globals';
import { reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
  it.each([
    // attempt, random, expected ms
    [0, 0, 250],
    [0, 1, 500],
    [1, 0.5, 750],
    [2, 1, 2000],
    [4, 1, 8000],
    [5, 1, 10000],
    [5, 0, 5000],
    [30, 1, 10000],
  ])('attempt %p with random %p waits %p ms', (attempt, random, expected) => {
    expect(reconnectDelay(attempt, random)).toBe(expected);
  });

  it('never exceeds the 10 s cap, whatever the attempt', () => {
    for (let attempt = 0; attempt < 50; attempt++)
      expect(reconnectDelay(attempt)).toBeLessThanOrEqual(10_000);
  });
});
