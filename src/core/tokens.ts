/** Dependency-injection tokens for values that are not classes. */
export const CONFIG = Symbol('CONFIG');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export const DERIVED_KEYS = Symbol('DERIVED_KEYS');
export const REDIS = Symbol('REDIS');
export const CLOCK = Symbol('CLOCK');

/** Time comes from a Clock so tests can move it (STYLE.md). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
