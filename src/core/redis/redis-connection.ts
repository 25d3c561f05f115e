import Redis, { RedisOptions } from 'ioredis';

/**
 * One place that opens Redis connections. `maxRetriesPerRequest: null` is what BullMQ requires;
 * ioredis keeps reconnecting forever, so a Redis restart heals without restarting the hub.
 */
export function openRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
}

/** Connects once at boot with a short timeout, so an unreachable Redis stops the process clearly. */
export async function assertRedisReachable(url: string): Promise<void> {
  const probe = openRedis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    const u = new URL(url);
    throw new Error(
      `Cannot reach Redis at ${u.hostname}:${u.port || 6379} (${(e as Error).message}); start it or set REDIS_URL.`,
    );
  } finally {
    probe.disconnect();
  }
}
