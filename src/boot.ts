import type { Logger } from 'pino';
import { assertRedisReachable } from './core/redis/redis-connection';
import { ConfigError, loadConfig } from './core/config/load-config';
import type { HubConfig } from './core/config/config.schema';
import { ensureDatabase, runMigrations } from './core/database/database-bootstrap';
import { createRootLogger } from './core/logging/logger';

/**
 * Fail fast at boot (rule 9): invalid configuration, or a PostgreSQL or Redis that cannot be
 * reached, stops the process with one line that says what to set. Creates the database on first
 * start and runs pending migrations.
 */
export async function prepareEnvironment(): Promise<{ config: HubConfig; logger: Logger }> {
  let config: HubConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) exitWith(e.message, 78);
    throw e;
  }
  const logger = createRootLogger(config.LOG_LEVEL);
  try {
    await ensureDatabase(config.DATABASE_URL);
    const applied = await runMigrations(config.DATABASE_URL);
    if (applied.length > 0) logger.info({ applied }, 'database migrations applied');
    await assertRedisReachable(config.REDIS_URL);
  } catch (e) {
    exitWith((e as Error).message, 69);
  }
  return { config, logger };
}

function exitWith(line: string, code: number): never {
  console.error(`switchboard: ${line}`);
  process.exit(code);
}
