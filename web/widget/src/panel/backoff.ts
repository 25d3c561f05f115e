/**
 * Reconnect delay after `attempt` consecutive failures (0-based): exponential from 500 ms, capped
 * at 10 s, with "equal jitter" (half fixed, half random) so a hub restart does not bring every
 * widget back in the same millisecond.
 *
 * @example reconnectDelay(0, 0.5) // 375
 */
export function reconnectDelay(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
