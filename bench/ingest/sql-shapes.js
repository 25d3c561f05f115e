'use strict';
// What-if micro-benchmark behind the suggestions in docs/benchmarks.md: the SQL the hub sends per
// message today, replayed from a plain pg pool (no Nest, no HTTP, no Redis), next to the same rows
// written with one statement per message. It measures what PostgreSQL (and the pg client) pay per
// message for each shape on this machine, i.e. the gain available from reshaping the SQL alone.
//
//   npm run build && node bench/ingest/sql-shapes.js        (about a minute; one JSON line)
//
// Shapes (each SECONDS long, CONCURRENCY callers sharing a pool of POOL connections, like the hub):
//   ingest-now   integration lookup + START TRANSACTION + the 9 statements of
//                RecordInboundService.recordInboundEvents for a new contact + COMMIT, and the relay's
//                batched outbox DELETE (copied from src/core/conversations/inbound-message.repository.ts,
//                src/connectors/runtime/integration.repository.ts, src/core/outbox/outbox.repository.ts)
//   ingest-one   the same rows (contact, identity, conversation, message, 3 outbox rows) in ONE
//                statement (data-modifying CTE, autocommit), integration cached: the new-contact path
//   route-now    RoutingService.routeConversation: START TRANSACTION, lockIfWaiting, candidates,
//                lockIfFree (lock + load count), assign (2 updates), outbox, COMMIT, batched DELETE
//   ingest-batchN  group commit: N webhooks that arrived together written by ONE statement
//   route-one    one statement with a per-agent open-conversation counter (a column added to this
//                scratch database only) and FOR UPDATE SKIP LOCKED on the agent, autocommit
// The database is its own (sb_shapes_<stamp>, created and migrated by dist/src/cli.js, dropped at the end).

const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const { Client, Pool } = require('pg');
const L = require('./lib');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.resolve(ROOT, process.env.BENCH_DIST || 'dist');
const PG = {
  host: L.assertLoopback(process.env.PGHOST || '127.0.0.1'),
  port: L.envInt('PGPORT', 5432),
  user: process.env.PGUSER || 'postgres',
  password: process.env.PGPASSWORD || '',
};
const SECONDS = L.envInt('SECONDS', 10);
const CONCURRENCY = L.envInt('CONCURRENCY', 32);
const ROUTE_CONCURRENCY = L.envInt('ROUTE_CONCURRENCY', 20);
const POOL = L.envInt('POOL', 10);
const AGENTS = L.envInt('AGENTS', 20);
const STAMP = Date.now().toString(36) + crypto.randomBytes(2).toString('hex');
const DB = `sb_shapes_${STAMP}`;
const log = (m) => process.stderr.write(`[sql-shapes] ${m}\n`);
const deadline = setTimeout(
  () => {
    log('deadline reached');
    process.exit(3);
  },
  L.envInt('DEADLINE_S', 300) * 1000,
);
deadline.unref();

async function admin(sql) {
  const c = new Client({ ...PG, database: 'postgres', connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function cli(args) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: `postgres://${encodeURIComponent(PG.user)}${PG.password ? `:${encodeURIComponent(PG.password)}` : ''}@${PG.host}:${PG.port}/${DB}`,
    REDIS_PREFIX: `sbshapes_${STAMP}`,
    ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [path.join(DIST, 'src', 'cli.js'), ...args],
      { env, timeout: 60000 },
      (err, out, errOut) => {
        if (err) return reject(new Error(`${err.message}\n${errOut}`));
        const start = out.indexOf('{');
        resolve(JSON.parse(out.slice(start, out.indexOf('\n}', start) + 2)));
      },
    ),
  );
}

/** The relay's delete batching (OutboxRelay.scheduleDelete): one DELETE every 5 ms under load. */
function deleteBatcher(pool) {
  let ids = [];
  let timer;
  let pending = Promise.resolve();
  const self = { flushes: 0 };
  const flush = () => {
    timer = undefined;
    self.flushes++;
    const batch = ids;
    ids = [];
    pending = pool.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [batch]).catch(() => undefined);
  };
  self.add = (more) => {
    ids.push(...more);
    if (!timer) timer = setTimeout(flush, 5);
  };
  self.drain = async () => {
    if (timer) {
      clearTimeout(timer);
      flush();
    }
    await pending;
  };
  return self;
}

const INTEGRATION_SQL =
  'SELECT id, workspace_id AS "workspaceId", connector_id AS "connectorId", name, settings, secrets_ciphertext AS "secretsCiphertext", enabled, created_at AS "createdAt" FROM integrations WHERE id = $1 AND enabled';

function payloads(ws, conv, msgId) {
  return JSON.stringify([
    { kind: 'event', event: { type: 'conversation.created', workspaceId: ws, conversationId: conv } },
    {
      kind: 'job',
      queue: 'routing',
      name: 'route-conversation',
      data: { workspaceId: ws, conversationId: conv },
    },
    {
      kind: 'event',
      event: { type: 'message.created', workspaceId: ws, conversationId: conv, messageId: msgId, seq: 1 },
    },
  ]);
}

async function ingestNow(ctx, pool, del, i) {
  const { ws, integ } = ctx;
  const ext = `now-${i}`;
  const text = 'x'.repeat(900);
  await pool.query(INTEGRATION_SQL, [integ]);
  const c = await pool.connect();
  try {
    await c.query('START TRANSACTION');
    await c.query(
      'SELECT 1 FROM messages WHERE workspace_id = $1 AND integration_id = $2 AND external_id = $3',
      [ws, integ, ext],
    );
    await c.query(
      'SELECT contact_id FROM contact_identities WHERE workspace_id = $1 AND integration_id = $2 AND external_id = $3',
      [ws, integ, `c-${ext}`],
    );
    const contact = (
      await c.query(
        'INSERT INTO contacts (workspace_id, name, email, phone, avatar_url, locale) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [ws, 'Bench Contact', null, null, null, null],
      )
    ).rows[0].id;
    await c.query(
      'INSERT INTO contact_identities (workspace_id, integration_id, external_id, contact_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING contact_id',
      [ws, integ, `c-${ext}`, contact],
    );
    await c.query(
      "SELECT id, status FROM conversations WHERE workspace_id = $1 AND integration_id = $2 AND contact_id = $3 AND thread_key = $4 AND status <> 'resolved'",
      [ws, integ, contact, ''],
    );
    const conv = (
      await c.query(
        `INSERT INTO conversations (workspace_id, integration_id, contact_id, thread_key, status) VALUES ($1, $2, $3, $4, 'queued')
         ON CONFLICT (workspace_id, integration_id, contact_id, thread_key) WHERE status <> 'resolved' DO NOTHING RETURNING id`,
        [ws, integ, contact, ''],
      )
    ).rows[0].id;
    const msg = (
      await c.query(
        `WITH conv AS (SELECT last_seq FROM conversations WHERE workspace_id = $1 AND id = $2 FOR UPDATE),
         ins AS (INSERT INTO messages (workspace_id, conversation_id, integration_id, seq, direction, author_kind, text, attachments, external_id, occurred_at)
                 SELECT $1, $2, $3, conv.last_seq + 1, 'inbound', 'contact', $4, $5::jsonb, $6, $7 FROM conv
                 ON CONFLICT (workspace_id, integration_id, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id, seq),
         bump AS (UPDATE conversations c SET last_seq = ins.seq, last_message_at = $7, updated_at = now() FROM ins WHERE c.workspace_id = $1 AND c.id = $2)
         SELECT id, seq FROM ins`,
        [ws, conv, integ, text, '[]', ext, new Date()],
      )
    ).rows[0];
    const ob = await c.query(
      'INSERT INTO outbox (workspace_id, payload) SELECT $1, p FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(p, n) ORDER BY n RETURNING id',
      [ws, payloads(ws, conv, msg.id)],
    );
    await c.query('COMMIT');
    del.add(ob.rows.map((r) => r.id));
    ctx.queued.push(conv);
  } finally {
    c.release();
  }
  return 11;
}

async function ingestOne(ctx, pool, del, i) {
  const { ws, integ } = ctx;
  const ext = `one-${i}`;
  const r = await pool.query(
    `WITH contact AS (INSERT INTO contacts (workspace_id, name) VALUES ($1, 'Bench Contact') RETURNING id),
     ident AS (INSERT INTO contact_identities (workspace_id, integration_id, external_id, contact_id)
               SELECT $1, $2, $3, id FROM contact RETURNING contact_id),
     conv AS (INSERT INTO conversations (workspace_id, integration_id, contact_id, thread_key, status, last_seq, last_message_at)
              SELECT $1, $2, contact_id, '', 'queued', 1, $6 FROM ident RETURNING id),
     msg AS (INSERT INTO messages (workspace_id, conversation_id, integration_id, seq, direction, author_kind, text, attachments, external_id, occurred_at)
             SELECT $1, conv.id, $2, 1, 'inbound', 'contact', $4, '[]', $5, $6 FROM conv
             ON CONFLICT (workspace_id, integration_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
             RETURNING id, conversation_id),
     ob AS (INSERT INTO outbox (workspace_id, payload)
            SELECT $1, p FROM msg, LATERAL (VALUES
              (jsonb_build_object('kind', 'event', 'event', jsonb_build_object('type', 'conversation.created', 'workspaceId', $1::text, 'conversationId', msg.conversation_id))),
              (jsonb_build_object('kind', 'job', 'queue', 'routing', 'name', 'route-conversation', 'data', jsonb_build_object('workspaceId', $1::text, 'conversationId', msg.conversation_id))),
              (jsonb_build_object('kind', 'event', 'event', jsonb_build_object('type', 'message.created', 'workspaceId', $1::text, 'conversationId', msg.conversation_id, 'messageId', msg.id, 'seq', 1)))
            ) AS v(p) RETURNING id)
     SELECT (SELECT conversation_id FROM msg) AS conv, array_agg(id) AS ob FROM ob`,
    [ws, integ, `c-${ext}`, 'x'.repeat(900), ext, new Date()],
  );
  del.add(r.rows[0].ob);
  ctx.queued.push(r.rows[0].conv);
  return 1;
}

const BATCH = L.envInt('BATCH', 20);

// Group commit: BATCH webhooks that arrived together written by one statement (ids made up front so
// the rows can refer to each other without relying on RETURNING order).
async function ingestBatch(ctx, pool, del, i) {
  const { ws, integ } = ctx;
  const contacts = [];
  const exts = [];
  const texts = [];
  for (let k = 0; k < BATCH; k++) {
    contacts.push(`c-batch-${i}-${k}`);
    exts.push(`batch-${i}-${k}`);
    texts.push('x'.repeat(900));
  }
  const r = await pool.query(
    `WITH input AS MATERIALIZED (
       SELECT gen_random_uuid() AS contact_id, gen_random_uuid() AS conv_id, gen_random_uuid() AS msg_id, c, e, t
         FROM unnest($3::text[], $4::text[], $5::text[]) AS u(c, e, t)),
     contact AS (INSERT INTO contacts (id, workspace_id, name) SELECT contact_id, $1, 'Bench Contact' FROM input),
     ident AS (INSERT INTO contact_identities (workspace_id, integration_id, external_id, contact_id) SELECT $1, $2, c, contact_id FROM input),
     conv AS (INSERT INTO conversations (id, workspace_id, integration_id, contact_id, thread_key, status, last_seq, last_message_at)
              SELECT conv_id, $1, $2, contact_id, '', 'queued', 1, $6 FROM input),
     msg AS (INSERT INTO messages (id, workspace_id, conversation_id, integration_id, seq, direction, author_kind, text, attachments, external_id, occurred_at)
             SELECT msg_id, $1, conv_id, $2, 1, 'inbound', 'contact', t, '[]', e, $6 FROM input
             ON CONFLICT (workspace_id, integration_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
             RETURNING id, conversation_id),
     ob AS (INSERT INTO outbox (workspace_id, payload)
            SELECT $1, p FROM msg, LATERAL (VALUES
              (jsonb_build_object('kind', 'event', 'event', jsonb_build_object('type', 'conversation.created', 'workspaceId', $1::text, 'conversationId', msg.conversation_id))),
              (jsonb_build_object('kind', 'job', 'queue', 'routing', 'name', 'route-conversation', 'data', jsonb_build_object('workspaceId', $1::text, 'conversationId', msg.conversation_id))),
              (jsonb_build_object('kind', 'event', 'event', jsonb_build_object('type', 'message.created', 'workspaceId', $1::text, 'conversationId', msg.conversation_id, 'messageId', msg.id, 'seq', 1)))
            ) AS v(p) RETURNING id)
     SELECT (SELECT array_agg(conversation_id) FROM msg) AS convs, (SELECT array_agg(id) FROM ob) AS ob`,
    [ws, integ, contacts, exts, texts, new Date()],
  );
  del.add(r.rows[0].ob);
  ctx.queued.push(...r.rows[0].convs);
  return { messages: BATCH, statements: 1 };
}

async function routeNow(ctx, pool, del) {
  const conv = ctx.queued.shift();
  if (!conv) return 0;
  const { ws } = ctx;
  const c = await pool.connect();
  let n = 0;
  const q = async (sql, params) => {
    n++;
    return (await c.query(sql, params)).rows;
  };
  try {
    await q('START TRANSACTION');
    const waiting = await q(
      "SELECT 1 FROM conversations WHERE workspace_id = $1 AND id = $2 AND status = 'queued' AND assignee_id IS NULL FOR UPDATE",
      [ws, conv],
    );
    let agent;
    if (waiting.length) {
      const cands = await q(
        `SELECT a.id FROM agents a
           LEFT JOIN LATERAL (SELECT count(*)::int AS load FROM conversations c
                               WHERE c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status <> 'resolved') l ON true
          WHERE a.workspace_id = $1 AND a.status = 'accepting' AND l.load < a.capacity
          ORDER BY l.load, a.last_assigned_at NULLS FIRST, a.id`,
        [ws],
      );
      for (const { id } of cands) {
        const locked = await q(
          'SELECT status, capacity FROM agents WHERE workspace_id = $1 AND id = $2 FOR UPDATE',
          [ws, id],
        );
        if (locked[0]?.status !== 'accepting') continue;
        const [{ load }] = await q(
          "SELECT count(*)::int AS load FROM conversations WHERE workspace_id = $1 AND assignee_id = $2 AND status <> 'resolved'",
          [ws, id],
        );
        if (load < locked[0].capacity) {
          agent = id;
          break;
        }
      }
    }
    let ob = [];
    if (agent) {
      await q(
        "UPDATE conversations SET assignee_id = $3, status = 'open', assigned_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2",
        [ws, conv, agent],
      );
      await q('UPDATE agents SET last_assigned_at = now() WHERE workspace_id = $1 AND id = $2', [ws, agent]);
      ob = await q(
        'INSERT INTO outbox (workspace_id, payload) SELECT $1, p FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(p, n) ORDER BY n RETURNING id',
        [
          ws,
          JSON.stringify([
            {
              kind: 'event',
              event: {
                type: 'conversation.assigned',
                workspaceId: ws,
                conversationId: conv,
                assigneeId: agent,
                teamId: null,
              },
            },
          ]),
        ],
      );
    }
    await q('COMMIT');
    del.add(ob.map((r) => r.id));
  } finally {
    c.release();
  }
  return n;
}

async function routeOne(ctx, pool, del) {
  const conv = ctx.queued.shift();
  if (!conv) return 0;
  const r = await pool.query(
    `WITH conv AS (SELECT id FROM conversations WHERE workspace_id = $1 AND id = $2 AND status = 'queued' AND assignee_id IS NULL FOR UPDATE),
     agent AS (SELECT a.id FROM agents a WHERE EXISTS (SELECT 1 FROM conv) AND a.workspace_id = $1 AND a.status = 'accepting' AND a.bench_open_count < a.capacity
               ORDER BY a.bench_open_count, a.last_assigned_at NULLS FIRST, a.id LIMIT 1 FOR UPDATE SKIP LOCKED),
     upd_a AS (UPDATE agents a SET bench_open_count = a.bench_open_count + 1, last_assigned_at = now() FROM agent
               WHERE a.workspace_id = $1 AND a.id = agent.id RETURNING a.id),
     upd_c AS (UPDATE conversations c SET assignee_id = upd_a.id, status = 'open', assigned_at = now(), updated_at = now()
               FROM upd_a, conv WHERE c.workspace_id = $1 AND c.id = conv.id RETURNING c.id, c.assignee_id),
     ob AS (INSERT INTO outbox (workspace_id, payload)
            SELECT $1, jsonb_build_object('kind', 'event', 'event', jsonb_build_object('type', 'conversation.assigned', 'workspaceId', $1::text,
                   'conversationId', upd_c.id, 'assigneeId', upd_c.assignee_id, 'teamId', null)) FROM upd_c RETURNING id)
     SELECT array_agg(id) AS ob FROM ob`,
    [ctx.ws, conv],
  );
  del.add(r.rows[0].ob || []);
  return 1;
}

async function measure(name, ctx, pool, lanes, step, stopWhenEmpty) {
  const del = deleteBatcher(pool);
  const groups = { postgres: () => L.pidsNamed(/^postgres$/) };
  const meter = L.cpuMeter(groups);
  const self0 = process.cpuUsage();
  meter.start();
  const t0 = L.nowUs();
  const end = t0 + SECONDS * 1e6;
  let done = 0;
  let statements = 0;
  let i = 0;
  const lat = [];
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (L.nowUs() < end) {
        if (stopWhenEmpty && ctx.queued.length === 0) return;
        const s = L.nowUs();
        const n = await step(ctx, pool, del, i++);
        if (!n) continue;
        lat.push((L.nowUs() - s) / 1000);
        statements += typeof n === 'number' ? n : n.statements;
        done += typeof n === 'number' ? 1 : n.messages;
      }
    }),
  );
  await del.drain();
  const wall = (L.nowUs() - t0) / 1e6;
  const cpu = meter.stop(done);
  const self = process.cpuUsage(self0);
  const r = {
    shape: name,
    per_s: L.round(done / wall, 0),
    statements_per_msg: L.round((statements + del.flushes) / Math.max(1, done), 2),
    postgres_cpu_us_per_msg: L.round(
      ((cpu.pct_of_one_core.postgres / 100) * (wall * 1e6)) / Math.max(1, done),
      0,
    ),
    client_cpu_us_per_msg: L.round((self.user + self.system) / Math.max(1, done), 0),
    machine_cpu_us_per_msg: cpu.machine_cpu_us_per_msg,
    latency_ms: L.summarize(lat),
    other_pct_of_one_core: cpu.pct_of_one_core.other,
  };
  log(JSON.stringify(r));
  return r;
}

async function main() {
  await admin(`CREATE DATABASE "${DB}"`);
  let pool;
  try {
    const ws = (await cli(['create-workspace', '--name', 'shapes'])).workspaceId;
    const integ = (
      await cli(['create-integration', '--workspace', ws, '--connector', 'api', '--name', 'shapes'])
    ).id;
    pool = new Pool({ ...PG, database: DB, max: POOL });
    await pool.query(
      `INSERT INTO agents (workspace_id, email, name, role, status, capacity, password_hash)
       SELECT $1, 'a' || g || '@shapes.test', 'A' || g, 'agent', 'accepting', 1000, 'x' FROM generate_series(1, $2::int) g`,
      [ws, AGENTS],
    );
    await pool.query('ALTER TABLE agents ADD COLUMN bench_open_count int NOT NULL DEFAULT 0');
    const ctx = { ws, integ, queued: [] };
    const reset = async () => {
      await pool.query(
        "UPDATE conversations SET status = 'resolved', resolved_at = now() WHERE status <> 'resolved'",
      );
      await pool.query('UPDATE agents SET bench_open_count = 0');
      await pool.query('VACUUM ANALYZE');
      ctx.queued = [];
    };
    const out = {
      bench: 'sql-shapes',
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      route_concurrency: ROUTE_CONCURRENCY,
      pool: POOL,
      agents: AGENTS,
      shapes: [],
    };
    await reset();
    out.shapes.push(await measure('ingest-now', ctx, pool, CONCURRENCY, ingestNow));
    out.shapes.push(await measure('route-now', ctx, pool, ROUTE_CONCURRENCY, routeNow, true));
    await reset();
    out.shapes.push(await measure('ingest-one', ctx, pool, CONCURRENCY, ingestOne));
    out.shapes.push(await measure('route-one', ctx, pool, ROUTE_CONCURRENCY, routeOne, true));
    await reset();
    out.shapes.push(
      await measure(
        `ingest-batch${BATCH}`,
        ctx,
        pool,
        Math.max(1, Math.round(CONCURRENCY / BATCH)) * 2,
        ingestBatch,
      ),
    );
    out.machine = { nproc: require('node:os').cpus().length, node: process.version };
    console.log(JSON.stringify(out));
  } finally {
    if (pool) await pool.end().catch(() => undefined);
    const redis = new (require('ioredis'))({
      host: '127.0.0.1',
      port: 6379,
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    });
    redis.on('error', () => undefined);
    await redis
      .connect()
      .then(async () => {
        const keys = await redis.keys(`sbshapes_${STAMP}:*`);
        if (keys.length) await redis.unlink(...keys);
      })
      .catch(() => undefined)
      .finally(() => redis.disconnect());
    await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`).catch((e) =>
      log(`drop failed: ${e.message}`),
    );
  }
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    log(`failed: ${e.stack}`);
    process.exit(1);
  });
