import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, runMigrations } from '../../src/core/database/database-bootstrap';

/**
 * One fresh PostgreSQL database and one Redis key prefix per test run, so concurrent runs (a
 * developer's and CI's) never collide. Suites create their own workspaces inside it.
 */
export default async function globalSetup(): Promise<void> {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const base = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  process.env.DATABASE_URL = `${base}/sb_test_${run}`;
  process.env.REDIS_PREFIX = `sbtest-${run}`;
  process.env.FILE_STORAGE_DIR = join(tmpdir(), `sb-files-${run}`);
  process.env.NODE_ENV = 'test';
  process.env.SEED_DEMO = 'false';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  process.env.ENCRYPTION_KEY = randomBytes(32).toString('base64');
  await ensureDatabase(process.env.DATABASE_URL);
  await runMigrations(process.env.DATABASE_URL);
}
