'use strict';
// PostgreSQL and Redis housekeeping for a benchmark run: connection settings from the environment
// (PGHOST, PGPORT, PGUSER, PGPASSWORD, REDIS_HOST, REDIS_PORT; loopback only), throw-away databases
// and Redis prefixes, and the versions for the machine record.

const fs = require('node:fs');
const os = require('node:os');
const IORedis = require('ioredis');
const { Client } = require('pg');
const L = require('./common');

/** @param onCleanup the harness's: a created database is dropped at the end whatever happens. */
function createServices({ onCleanup }) {
  const PG = {
    host: L.assertLoopback(process.env.PGHOST || '127.0.0.1'),
    port: L.envInt('PGPORT', 5432),
    user: process.env.PGUSER || 'postgres',
    password: process.env.PGPASSWORD || '',
  };
  const REDIS_HOST = L.assertLoopback(process.env.REDIS_HOST || '127.0.0.1');
  const REDIS_PORT = L.envInt('REDIS_PORT', 6379);
  const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;

  const ident = (s) => {
    if (!/^[a-z0-9_]+$/.test(s)) throw new Error(`bad identifier ${s}`);
    return `"${s}"`;
  };

  const pgUrl = (database) =>
    `postgres://${encodeURIComponent(PG.user)}${PG.password ? `:${encodeURIComponent(PG.password)}` : ''}@${PG.host}:${PG.port}/${database}`;

  async function pgConnect(database) {
    const c = new Client({ ...PG, database, connectionTimeoutMillis: 5000, statement_timeout: 120000 });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  }

  async function adminQuery(sql, params) {
    const c = await pgConnect('postgres');
    try {
      return await c.query(sql, params);
    } finally {
      await c.end();
    }
  }

  /** Creates the database; returns the release that drops it (also registered for cleanup). */
  async function createDatabase(name) {
    await adminQuery(`CREATE DATABASE ${ident(name)}`);
    return onCleanup(`database ${name}`, () =>
      adminQuery(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`),
    );
  }

  /** A short-lived Redis client for the bench's own look-ups (loopback only). */
  function openRedis() {
    const redis = new IORedis({
      host: REDIS_HOST,
      port: REDIS_PORT,
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    });
    redis.on('error', () => undefined);
    return redis;
  }

  /** Unlinks every key under `prefix:`; returns how many there were. */
  async function deleteRedisPrefix(prefix) {
    const redis = openRedis();
    try {
      await redis.connect();
      let cursor = '0';
      let n = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) n += await redis.unlink(...keys);
      } while (cursor !== '0');
      return n;
    } finally {
      redis.disconnect();
    }
  }

  /**
   * What the figures were measured on. `openFilesLimit`: also the process's open files limit (a
   * bench that opens thousands of sockets checks it).
   */
  async function machineInfo({ openFilesLimit = false } = {}) {
    const pg = await adminQuery('SHOW server_version');
    const redis = openRedis();
    let redisVersion = '?';
    try {
      await redis.connect();
      redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
    } finally {
      redis.disconnect();
    }
    const cpus = os.cpus();
    const info = {
      nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
      cpu_model: cpus[0] && cpus[0].model,
      mem_gib: L.round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      postgres: pg.rows[0].server_version,
      redis: redisVersion,
      kernel: `${os.type()} ${os.release()}`,
    };
    if (openFilesLimit) {
      let nofile = null;
      try {
        nofile = /Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1];
      } catch {
        /* not Linux */
      }
      info.open_files_limit = nofile ? Number(nofile) : null;
    }
    info.loadavg_at_start = os.loadavg().map((x) => L.round(x, 2));
    return info;
  }

  return {
    PG,
    REDIS_HOST,
    REDIS_PORT,
    REDIS_URL,
    pgUrl,
    pgConnect,
    adminQuery,
    createDatabase,
    openRedis,
    deleteRedisPrefix,
    machineInfo,
  };
}

module.exports = { createServices };
