import { percentile, waitStats } from './simulation-report';

describe('percentile (nearest rank)', () => {
  it.each<[number[], number, number]>([
    [[], 50, 0],
    [[7], 99, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 76, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 90, 90],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [Array.from({ length: 100 }, (_, i) => i + 1), 100, 100],
  ])('%j at p%d is %d', (sorted, p, expected) => {
    expect(percentile(sorted, p)).toBe(expected);
  });

  it('summarises unsorted waits, rounded to 0.1 s', () => {
    expect(waitStats([3, 1.04, 2])).toEqual({ mean: 2, p50: 2, p90: 3, p95: 3, p99: 3, max: 3 });
  });
});
