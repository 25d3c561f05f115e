import { backoff, decideDeliveryRetry } from './delivery-retry.policy';

describe('decideDeliveryRetry', () => {
  it.each([
    ['transient', 1, undefined, { action: 'retry', delayMs: 750 }],
    ['transient', 3, undefined, { action: 'retry', delayMs: 3000 }],
    ['transient', 8, undefined, { action: 'fail' }],
    ['rate_limited', 1, 7000, { action: 'retry', delayMs: 7000 }],
    ['rate_limited', 2, undefined, { action: 'retry', delayMs: 1500 }],
    ['permanent', 1, undefined, { action: 'fail' }],
    ['config', 1, undefined, { action: 'fail' }],
    ['auth', 1, undefined, { action: 'fail' }],
    ['unsupported', 1, undefined, { action: 'fail' }],
  ] as const)('%s on attempt %d (retry-after %s) → %j', (kind, attempt, retryAfter, decision) => {
    expect(decideDeliveryRetry(kind, attempt, 8, retryAfter, () => 0.5)).toEqual(decision);
  });

  it('keeps jittered backoff within [ceiling/2, ceiling] and caps it', () => {
    expect(backoff(4, () => 0)).toBe(4000);
    expect(backoff(4, () => 1)).toBe(8000);
    expect(backoff(30, () => 1)).toBe(300_000);
  });
});
