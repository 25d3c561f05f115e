/**
 * The time source a connector reads instead of `new Date()`, so tests can fix or move time
 * (signature timestamp windows, Retry-After dates, missing event times).
 *
 * @example
 * ```ts
 * const ageSeconds = ctx.clock.now().getTime() / 1000 - Number(req.headers['webhook-timestamp']);
 * ```
 */
export interface Clock {
  now(): Date;
}

/** The real wall clock; what the host gives connectors outside tests. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });
