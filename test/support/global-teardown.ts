import Redis from 'ioredis';
import { rmSync } from 'node:fs';
import { Client } from 'pg';

/** Drops this run's database and deletes this run's Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.REDIS_PREFIX;
  if (prefix?.startsWith('sbtest-')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    for (let cursor = '0'; ;) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
    redis.disconnect();
  }
  const files = process.env.FILE_STORAGE_DIR;
  if (files && /sb-files-[a-z0-9]+$/.test(files)) rmSync(files, { recursive: true, force: true });
  const url = process.env.DATABASE_URL;
  if (!url || !/\/sb_test_[a-z0-9]+$/.test(url) || process.env.KEEP_TEST_DB) return;
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
