/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2^32) that is plenty for traffic shapes and,
 * unlike Math.random, gives the same sequence for the same seed on every machine.
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponentially distributed sample with the given mean (inverse transform; 1 - u avoids log(0)). */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
