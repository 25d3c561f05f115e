import type { Clock } from './clock';

/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): delay seconds or an HTTP date. Returns
 * milliseconds to wait (0 for a date in the past), or undefined when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter(res.headers['retry-after'], ctx.clock); // '30' → 30000
 * ```
 */
export function parseRetryAfter(headerValue: string | undefined, clock: Clock): number | undefined {
  const value = headerValue?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only accept real HTTP dates: Date.parse would also read things like "1 2".
  if (!/^[A-Za-z]{3,9},? /.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - clock.now().getTime());
}
