/** Timers as a port, so tests drive time by hand. */
export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `run` at most once per `intervalMs`: the first call goes through at once, later ones within
 * the interval collapse into one trailing call with the latest arguments.
 *
 * @example const send = throttle((draft: string) => socket.send(draft), 250); // ≤ 4 per second
 */
export function throttle<A extends unknown[]>(
  run: (...args: A) => void,
  intervalMs: number,
  timers: Timers = browserTimers,
): { (...args: A): void; cancel(): void } {
  let last = -Infinity;
  let pending: A | null = null;
  let handle: unknown = null;
  const fire = (args: A): void => {
    last = timers.now();
    pending = null;
    handle = null;
    run(...args);
  };
  const throttled = (...args: A): void => {
    const wait = last + intervalMs - timers.now();
    if (wait <= 0 && handle === null) return fire(args);
    pending = args;
    handle ??= timers.setTimeout(() => pending && fire(pending), Math.max(wait, 0));
  };
  throttled.cancel = (): void => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    pending = null;
  };
  return throttled;
}
