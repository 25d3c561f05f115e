import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Thrown when PostgreSQL cannot be reached at boot; the message says what to check. */
export class DatabaseUnreachableError extends Error {}

function describeTarget(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Creates the database named in `url` when it does not exist yet (first start). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name)
    throw new DatabaseUnreachableError(`DATABASE_URL=${url} names no database; add one, e.g. /switchboard`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    throw new DatabaseUnreachableError(
      `Cannot reach PostgreSQL at ${describeTarget(url)} (${(e as Error).message}); start it or set DATABASE_URL.`,
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
}

/** Runs pending migrations in one transaction; several processes starting at once serialize on a lock. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({
    ...dataSourceOptions({ url, poolSize: 1, timeoutMs: 5000 }),
    migrationsTransactionMode: 'all',
  });
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock(7360001)');
    const done = await ds.runMigrations({ transaction: 'all' });
    await ds.query('SELECT pg_advisory_unlock(7360001)');
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
