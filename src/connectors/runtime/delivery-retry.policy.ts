import type { ConnectorErrorKind } from '../sdk';

export type DeliveryDecision = { action: 'retry'; delayMs: number } | { action: 'fail' };

/**
 * What to do after a failed send, by error kind (rule 8). Exhaustive: a new kind does not compile
 * until it has a policy. Transient errors back off exponentially with jitter; rate limits wait
 * for the provider's retry-after; the rest cannot succeed by retrying.
 */
export function decideDeliveryRetry(
  kind: ConnectorErrorKind,
  attempt: number,
  maxAttempts: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): DeliveryDecision {
  switch (kind) {
    case 'rate_limited':
      if (attempt >= maxAttempts) return { action: 'fail' };
      return { action: 'retry', delayMs: retryAfterMs ?? backoff(attempt, random) };
    case 'transient':
      if (attempt >= maxAttempts) return { action: 'fail' };
      return { action: 'retry', delayMs: backoff(attempt, random) };
    case 'permanent':
    case 'config':
    case 'auth':
    case 'unsupported':
      return { action: 'fail' };
  }
}

/** 1 s, 2 s, 4 s... capped at 5 min, with "equal jitter": half fixed, half random. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
