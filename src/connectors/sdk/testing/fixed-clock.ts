import type { Clock } from '../clock';

/**
 * A {@link Clock} that stands still until told to move.
 *
 * @example
 * ```ts
 * const clock = fixedClock(new Date('2024-06-01T12:00:00Z'));
 * clock.advance(5 * 60_000); // five minutes later
 * ```
 */
export interface FixedClock extends Clock {
  set(date: Date): void;
  advance(ms: number): void;
}

/** Creates a {@link FixedClock} at `date`. */
export function fixedClock(date: Date): FixedClock {
  let current = date.getTime();
  return {
    now: () => new Date(current),
    set: (next: Date) => {
      current = next.getTime();
    },
    advance: (ms: number) => {
      current += ms;
    },
  };
}
