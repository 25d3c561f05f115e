import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { HubConfig } from '../config/config.schema';
import { DomainError } from '../errors/domain-error';
import { CONFIG, REDIS } from '../tokens';

/**
 * Fixed-window counters in Redis, shared by every api process: one INCR (and a PEXPIRE on the
 * first hit) per check. Coarser than a sliding window, and enough to stop a flood.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  /** Counts a hit on every key; throws RATE_LIMITED naming `what` when any is over its limit. */
  async hit(what: string, limits: { key: string; limit: number }[], windowMs: number): Promise<void> {
    const window = Math.floor(Date.now() / windowMs);
    const pipeline = this.redis.pipeline();
    for (const { key } of limits) {
      const k = `${this.config.REDIS_PREFIX}:rl:${key}:${window}`;
      pipeline.incr(k);
      pipeline.pexpire(k, windowMs * 2);
    }
    const results = (await pipeline.exec()) ?? [];
    const over = limits.some((l, i) => Number(results[i * 2]?.[1] ?? 0) > l.limit);
    if (over) {
      const retryAfterMs = (window + 1) * windowMs - Date.now();
      throw new DomainError(
        'RATE_LIMITED',
        `Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
        retryAfterMs,
      );
    }
  }
}
