'use strict';
// bench/ingest: signed webhooks over HTTP -> stored -> routed -> received by a GraphQL subscriber,
// against the BUILT hub (dist/src/main.js), next to the bare pipeline of ../shared/bench-baseline
// run on the same machine right before and after (the figures are stated as ratios).
//
//   npm run bench:ingest            (builds, then runs this file; a few minutes)
//
// Per hub mode (HUB_MODES: `all` = one HUB_ROLE=all process, `split` = one api + one worker process):
//   setup    fresh database sb_bench_<stamp>_<mode>, Redis prefix sbbench_<stamp>_<mode>; hub child
//            process(es); workspace, owner and `api` integration through dist/src/cli.js; AGENTS-1 more
//            agents (capacity 1000 each) and every agent ACCEPTING through GraphQL (login mutation);
//            a subscriber child process with a graphql-ws `workspaceEvents` subscription.
//   load     every request is a unique message from a NEW contact (so a new conversation, which
//            routing must assign), ~1 KB of JSON, signed with Standard Webhooks headers, over
//            keep-alive HTTP to /webhooks/:integrationId. Timestamps are CLOCK_MONOTONIC (shared by
//            the processes of this machine).
//   phase 1  saturation: closed loop with N concurrent senders (CONCURRENCY, default 32,64) for
//            DURATION_S after a WARMUP_S warm-up. The headline is whole-pipeline msgs/s: messages whose
//            `message.created` AND `conversation.assigned` both reached the subscriber, the later one
//            inside the window, per second. `message.created`/s and `conversation.assigned`/s are
//            reported too. The best N is the one with the most whole-pipeline msgs/s.
//   phase 2  open loop at 50 % of the best whole-pipeline msgs/s for HALF_DURATION_S: latency from the
//            request being sent to the subscriber receiving `message.created` (and
//            `conversation.assigned`), and HTTP response latency.
//   Between phases the backlog is drained (every accepted message must reach the subscriber as
//   message.created and its conversation as conversation.assigned), the conversations are resolved
//   (what agents do; keeps the agents' capacity free) and VACUUM ANALYZE runs, so phases start alike.
// Baseline: ../shared/bench-baseline copied to bench/results/baseline-<lock hash> (npm ci once, then
// reused; BASELINE_WORKDIR: an installed copy to use instead), its own database, `node pipeline.js`
// (one JSON line) - before and after the hub (BASELINE=around|before|after|off).
// Output: one JSON line on stdout, bench/results/ingest-<stamp>.json, and docs/benchmarks.md (the part
// between the bench:ingest markers; WRITE_DOCS=0 to skip). Progress goes to stderr.
// Diagnostics: COUNT_SQL=1 counts SQL statements per message, CPU_PROF=1 CPU-profiles the hub during
// each phase (bench/ingest/hub-probe.js); both cost throughput, so use them for diagnosis only.
// Bounded: every wait has a timeout, the whole run has DEADLINE_S; only 127.0.0.1 is contacted;
// databases, Redis keys, temp dirs and child processes are removed even on failure.

const { fork } = require('node:child_process');
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const L = require('../lib/common');
const { ROOT, DIST, RESULTS_DIR, createHarness } = require('../lib/harness');
const { createServices } = require('../lib/services');
const { createHubKit } = require('../lib/hub');
const { createBaselineKit } = require('../lib/baseline');
const { createClient } = require('../lib/http-client');
const { summarizeProfile } = require('./profile-summary');
const { writeDocs } = require('./report');

const CFG = {
  modes: (process.env.HUB_MODES || 'all,split')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  warmupS: L.envInt('WARMUP_S', 5),
  durationS: L.envInt('DURATION_S', 15),
  halfDurationS: L.envInt('HALF_DURATION_S', 15),
  halfRate: L.envInt('HALF_RATE', 0),
  concurrency: L.envList('CONCURRENCY', [32, 64]),
  // Enough capacity that no phase fills every agent (each holds at most 1000 open conversations).
  agents: L.envInt('AGENTS', 60),
  agentCapacity: 1000,
  bodyBytes: L.envInt('BODY_BYTES', 1024),
  drainS: L.envInt('DRAIN_S', 60),
  baseline: process.env.BASELINE || 'around',
  baselineSrc: path.resolve(process.env.BASELINE_SRC || path.join(ROOT, '..', 'shared', 'bench-baseline')),
  baselineWorkdir: process.env.BASELINE_WORKDIR || '',
  // What-if experiments, for diagnosis only (they change the bench database, never the hub's code):
  //   open-index        adds an index on conversations (workspace_id, assignee_id) WHERE status <> 'resolved'
  //   resolve-each-1s   resolves assigned conversations every second (agents closing chats), so the
  //                     number of open conversations stays near one second's worth
  whatif: (process.env.WHATIF || '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
  countSql: process.env.COUNT_SQL === '1',
  cpuProf: process.env.CPU_PROF === '1',
  writeDocs: process.env.WRITE_DOCS !== '0',
  deadlineS: L.envInt('DEADLINE_S', 1500),
  quietBusyPct: L.envInt('QUIET_BUSY_PCT', 20),
  quietWaitS: L.envInt('QUIET_WAIT_S', 180),
};
if (process.env.HUB_MODES === 'none') CFG.modes = [];
for (const m of CFG.modes)
  if (!['all', 'split'].includes(m)) throw new Error(`HUB_MODES: unknown mode ${m} (all, split)`);
if (!['around', 'before', 'after', 'off'].includes(CFG.baseline))
  throw new Error('BASELINE must be around, before, after or off');
// Hub settings a run may tune (see bench/lib/hub.js).
const HUB_PASSTHROUGH = [
  'DATABASE_POOL_SIZE',
  'DATABASE_TIMEOUT_MS',
  'WORKER_CONCURRENCY',
  'INGEST_LINGER_MS',
  'OUTBOX_SWEEP_INTERVAL_MS',
  'OUTBOX_SWEEP_AGE_MS',
];

const H = createHarness('bench:ingest', CFG);
const { stamp: STAMP, log, onCleanup, track, stopChild, waitForQuiet } = H;
const S = createServices(H);
const hubKit = createHubKit({ harness: H, services: S, passthrough: HUB_PASSTHROUGH, httpTimeoutMs: 10000 });
const baselineKit = createBaselineKit({ harness: H });

// ---------------------------------------------------------------------------------------------
// The hub's role processes, with hub-probe.js when a diagnostic asks for it.

function spawnHub(ctx, role) {
  return hubKit.spawnHub(ctx, role, {
    probe: { file: path.join(ctx.probeDir, `${ctx.mode}-${role}`), sql: CFG.countSql, prof: CFG.cpuProf },
  });
}

/** A hub process's Prometheus text (its GC and event-loop figures; the lag maximum resets on each scrape). */
function scrapeMetrics(hub) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: hub.port, path: '/metrics', timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(text));
    });
    req.on('error', () => resolve(''));
    req.on('timeout', () => req.destroy());
  });
}

function metricValue(text, name, labels = '') {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Per hub process during a phase: time in GC by kind, GC pauses over 10 ms, the event loop's worst delay. */
function stallFigures(before, after) {
  const gc = (t, kind, what) => metricValue(t, `nodejs_gc_duration_seconds_${what}`, `kind="${kind}"`);
  const over = (t, kind) =>
    gc(t, kind, 'count') - metricValue(t, 'nodejs_gc_duration_seconds_bucket', `le="0.01",kind="${kind}"`);
  const out = {};
  for (const kind of ['major', 'minor', 'incremental']) {
    out[`gc_${kind}_ms`] = L.round((gc(after, kind, 'sum') - gc(before, kind, 'sum')) * 1000, 1);
    out[`gc_${kind}_over_10ms`] = over(after, kind) - over(before, kind);
  }
  out.loop_delay_max_ms = L.round(metricValue(after, 'nodejs_eventloop_lag_max_seconds') * 1000, 1);
  return out;
}

/** Phase mark for hub-probe.js; returns the index of the dump it triggers. */
function mark(hub) {
  if (!(CFG.countSql || CFG.cpuProf) || hub.child.exitCode !== null) return -1;
  hub.child.kill('SIGWINCH');
  return hub.marks++;
}

async function readProbe(hub, n) {
  if (n < 0) return undefined;
  const out = {};
  for (let i = 0; i < 50; i++) {
    const sqlFile = `${hub.probeFile}.${n}.sql.json`;
    const profFile = `${hub.probeFile}.${n}.cpuprofile`;
    const sqlReady = !CFG.countSql || fs.existsSync(sqlFile);
    const profReady = !CFG.cpuProf || fs.existsSync(profFile);
    if (sqlReady && profReady) {
      await L.sleep(200); // let the writer finish
      if (CFG.countSql) {
        const dump = JSON.parse(fs.readFileSync(sqlFile, 'utf8'));
        out.sql = dump.rows;
        out.pool_wait = dump.pool_wait;
        out.event_loop_delay_ms = dump.event_loop_delay_ms;
      }
      if (CFG.cpuProf) {
        out.profile = summarizeProfile(JSON.parse(fs.readFileSync(profFile, 'utf8')), 30);
        out.profile_file = profFile;
      }
      return out;
    }
    await L.sleep(200);
  }
  return { error: 'probe output not written' };
}

// ---------------------------------------------------------------------------------------------
// The subscriber child process.

function forkSubscriber(port, token) {
  const child = track(
    fork(path.join(__dirname, 'subscriber.js'), [], {
      env: {
        PATH: process.env.PATH,
        SB_WS_URL: `ws://127.0.0.1:${port}/graphql`,
        SB_TOKEN: token,
        SB_CHILD_DEADLINE_S: String(CFG.deadlineS),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const ask = H.mailbox(child, 'subscriber');
  const release = onCleanup(`subscriber pid ${child.pid}`, async () => {
    if (child.connected) child.send({ type: 'close' });
    await L.sleep(200);
    await stopChild(child, 3000);
  });
  return {
    child,
    ask,
    release,
    count: () => ask({ type: 'count' }, 'count'),
    take: () => ask({ type: 'take' }, 'take', 60000),
  };
}

async function untilSubscribed(channel, timeoutMs = 10000) {
  const redis = S.openRedis();
  try {
    await redis.connect();
    const until = Date.now() + timeoutMs;
    for (;;) {
      const [, n] = await redis.pubsub('NUMSUB', channel);
      if (Number(n) > 0) return;
      if (Date.now() > until) throw new Error(`nobody subscribed to ${channel} within ${timeoutMs} ms`);
      await L.sleep(25);
    }
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Load generation.

const TEXT =
  'Hello! I ordered a blue kettle last week and the tracking page still says label created. Could you check where it is? ';

function createSender({ port, integrationId, secret, sign }) {
  // The same kind of lean client as the baseline's load generator (autocannon): see bench/lib/http-client.js.
  const client = createClient({ port, maxConnections: 512 });
  const urlPath = `/webhooks/${integrationId}`;
  const head = (ext, contact) =>
    `{"type":"message","id":"${ext}","contact":{"id":"${contact}","name":"Bench Contact"},"text":"`;
  const tail = '"}';
  function bodyFor(ext, contact) {
    const h = head(ext, contact);
    const n = Math.max(1, CFG.bodyBytes - h.length - tail.length);
    return h + TEXT.repeat(Math.ceil(n / TEXT.length)).slice(0, n) + tail;
  }
  /** Sends message number i of `phase`; resolves with the status (0: network error or timeout). */
  function post(phase) {
    const i = phase.next++;
    const ext = `${phase.tag}-${i}`;
    const body = bodyFor(ext, `contact-${phase.tag}-${i}`);
    const headers = sign({ secret, id: `evt_${STAMP}_${ext}`, timestamp: new Date(), body });
    phase.sent++;
    return new Promise((resolve) => {
      const t0 = L.nowUs();
      phase.sendUs.set(ext, t0);
      const done = (status) => {
        const t1 = L.nowUs();
        phase.statuses[status] = (phase.statuses[status] || 0) + 1;
        if (status === 200) {
          phase.ok++;
          phase.httpMs.push((t1 - t0) / 1000);
          phase.okDoneUs.push(t1);
        }
        resolve(status);
      };
      client.request('POST', urlPath, { 'content-type': 'application/json', ...headers }, body).then(done);
    });
  }
  return { post, close: () => client.close() };
}

function newPhase(tag, kind) {
  return { tag, kind, next: 0, sent: 0, ok: 0, statuses: {}, httpMs: [], okDoneUs: [], sendUs: new Map() };
}

async function closedLoop(sender, phase, concurrency, seconds) {
  const t0 = L.nowUs();
  const end = t0 + seconds * 1e6;
  const lane = async () => {
    while (L.nowUs() < end) await sender.post(phase);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { t0, t1: end };
}

/** Open loop: request i leaves at t0 + i/rate (1 ms timer granularity), whatever the answers do. */
async function openLoop(sender, phase, rate, seconds) {
  const total = Math.round(rate * seconds);
  const pending = [];
  const t0 = L.nowUs();
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((L.nowUs() - t0) / 1e6) * rate));
      while (phase.sent < due) pending.push(sender.post(phase));
      if (phase.sent >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  const t1 = L.nowUs();
  await L.withTimeout(Promise.all(pending), 30000, 'open-loop responses');
  return { t0, t1 };
}

// ---------------------------------------------------------------------------------------------
// Measuring one phase: drain, correlate receipts with requests, CPU.

async function drain(sub, base, phase) {
  const t0 = Date.now();
  for (;;) {
    const c = await sub.count();
    const created = c.created - base.created;
    const assigned = c.assigned - base.assigned;
    if (created >= phase.ok && assigned >= phase.ok)
      return { drained: true, secs: L.round((Date.now() - t0) / 1000, 2) };
    if (Date.now() - t0 > CFG.drainS * 1000) {
      log(
        `  drain timed out: created ${created}/${phase.ok}, assigned ${assigned}/${phase.ok}; subscriber errors ${c.errors} ${c.lastError || ''}`,
      );
      return { drained: false, secs: CFG.drainS };
    }
    await L.sleep(100);
  }
}

async function pgStats(db, dbName) {
  const r = await db.query(
    'SELECT xact_commit::bigint AS xact_commit, xact_rollback::bigint AS xact_rollback, tup_inserted::bigint AS tup_inserted, tup_updated::bigint AS tup_updated, tup_deleted::bigint AS tup_deleted, tup_returned::bigint AS tup_returned, tup_fetched::bigint AS tup_fetched, blks_hit::bigint AS blks_hit FROM pg_stat_database WHERE datname = $1',
    [dbName],
  );
  // WAL is cluster-wide: nothing else writes during a phase (waitForQuiet), so it is the hub's.
  const w = await db.query(
    'SELECT wal_records::bigint AS wal_records, wal_fpi::bigint AS wal_fpi, wal_bytes::bigint AS wal_bytes, wal_sync::bigint AS wal_sync FROM pg_stat_wal',
  );
  return Object.fromEntries(Object.entries({ ...r.rows[0], ...w.rows[0] }).map(([k, v]) => [k, Number(v)]));
}

/** Per table and index: scans and rows they read (to find which statement reads the most). */
async function pgAccess(db) {
  const t = await db.query(
    'SELECT relname AS name, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables',
  );
  const i = await db.query(
    "SELECT relname || '.' || indexrelname AS name, idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes",
  );
  const m = new Map();
  for (const r of t.rows) m.set(`table ${r.name}`, r);
  for (const r of i.rows) m.set(`index ${r.name}`, r);
  return m;
}

function pgAccessPerMsg(a, b, n) {
  const rows = [];
  for (const [name, r1] of b) {
    const r0 = a.get(name) || {};
    const d = {};
    let reads = 0;
    for (const [k, v] of Object.entries(r1)) {
      if (k === 'name') continue;
      const x = (Number(v) - Number(r0[k] || 0)) / Math.max(1, n);
      if (x) d[k] = L.round(x, 2);
      if (k === 'seq_tup_read' || k === 'idx_tup_read') reads += x;
    }
    if (Object.keys(d).length) rows.push({ name, reads_per_msg: L.round(reads, 1), ...d });
  }
  return rows
    .sort((x, y) => y.reads_per_msg - x.reads_per_msg)
    .slice(0, Number(process.env.ACCESS_ROWS || 12));
}

async function measurePhase(ctx, phase, run, extra = {}) {
  const { sub, hubs, db } = ctx;
  const quiet = phase.kind === 'warmup' ? undefined : await waitForQuiet(`${ctx.mode} ${phase.tag}`);
  await db.query('SELECT pg_stat_clear_snapshot()');
  const stats0 = await pgStats(db, ctx.dbName);
  const access0 = await pgAccess(db);
  const base = await sub.count();
  const metrics0 = await Promise.all(hubs.map(scrapeMetrics));
  const marks0 = hubs.map(mark);
  const meter = L.cpuMeter({
    hub: () => hubs.map((h) => h.child.pid),
    subscriber: () => [sub.child.pid],
    load_generator: () => [process.pid],
    postgres_all: () => L.pidsNamed(/^postgres$/),
    redis: () => L.pidsNamed(/^redis-server$/),
  });
  meter.start();
  const { t0, t1 } = await run();
  const wall = (t1 - t0) / 1e6;
  const okInWindow = phase.okDoneUs.filter((t) => t <= t1).length;
  const d = await drain(sub, base, phase);
  const cpu = meter.stop(phase.ok);
  const probeMarks = hubs.map(mark);
  const metrics1 = await Promise.all(hubs.map(scrapeMetrics));
  const stalls = Object.fromEntries(hubs.map((h, i) => [h.role, stallFigures(metrics0[i], metrics1[i])]));
  await L.sleep(1100); // pg_stat_database is flushed about once a second
  await db.query('SELECT pg_stat_clear_snapshot()');
  const stats1 = await pgStats(db, ctx.dbName);
  const access1 = await pgAccess(db);
  const got = await sub.take();
  const createdAt = new Map(got.created);
  const assignedAt = new Map(got.assigned);
  const inWindow = (arr) => arr.filter(([, t]) => t >= t0 && t <= t1).length;
  const rows = (
    await db.query(
      'SELECT id, external_id, conversation_id FROM messages WHERE workspace_id = $1 AND external_id LIKE $2',
      [ctx.workspaceId, `${phase.tag}-%`],
    )
  ).rows;
  const e2e = [];
  const routed = [];
  const both = [];
  let completeInWindow = 0;
  let missingCreated = 0;
  let missingAssigned = 0;
  for (const r of rows) {
    const s = phase.sendUs.get(r.external_id);
    const c = createdAt.get(r.id);
    const a = assignedAt.get(r.conversation_id);
    if (c === undefined) missingCreated++;
    else e2e.push((c - s) / 1000);
    if (a === undefined) missingAssigned++;
    else routed.push((a - s) / 1000);
    if (c !== undefined && a !== undefined) {
      const done = Math.max(c, a);
      both.push((done - s) / 1000);
      if (done >= t0 && done <= t1) completeInWindow++;
    }
  }
  if (process.env.LATENCY_SERIES === '1' && phase.kind !== 'warmup') {
    // Diagnosis: per 250 ms of send time, the worst latency to message.created (are slow ones bunched?).
    const worst = new Map();
    for (const r of rows) {
      const s = phase.sendUs.get(r.external_id);
      const c = createdAt.get(r.id);
      if (c === undefined) continue;
      const k = Math.floor((s - t0) / 250000);
      worst.set(k, Math.max(worst.get(k) ?? 0, (c - s) / 1000));
    }
    const series = [...worst].sort((a, b) => a[0] - b[0]).map(([k, ms]) => `${k}:${Math.round(ms)}`);
    log(`  worst ms per 250 ms (${phase.tag}): ${series.join(' ')}`);
  }
  const pgDelta = Object.fromEntries(Object.keys(stats1).map((k) => [k, stats1[k] - stats0[k]]));
  const perMsg = (k) => (phase.ok ? L.round(pgDelta[k] / phase.ok, 2) : null);
  const noisy = cpu.pct_of_one_core.other > 30;
  if (noisy)
    log(
      `  note: other processes used ${cpu.pct_of_one_core.other}% of a core during this phase; its figures are low`,
    );
  const result = {
    ...extra,
    before_start: quiet,
    noisy,
    window_s: L.round(wall, 2),
    sent: phase.sent,
    accepted: phase.ok,
    statuses: phase.statuses,
    accepted_req_s: L.round(okInWindow / wall, 0),
    // Headline: messages through the whole pipeline in the window (stored, message.created AND
    // conversation.assigned received by the subscriber).
    completed_msgs_s: L.round(completeInWindow / wall, 0),
    delivered_msgs_s: L.round(inWindow(got.created) / wall, 0),
    routed_per_s: L.round(inWindow(got.assigned) / wall, 0),
    stored_rows: rows.length,
    missing_message_created: missingCreated,
    missing_conversation_assigned: missingAssigned,
    all_routed: missingAssigned === 0 && rows.length === phase.ok,
    e2e_latency_ms: L.summarize(e2e),
    routed_latency_ms: L.summarize(routed),
    completed_latency_ms: L.summarize(both),
    http_latency_ms: L.summarize(phase.httpMs),
    backlog_drain_s: d.secs,
    drained: d.drained,
    cpu,
    postgres_per_msg: {
      transactions: perMsg('xact_commit'),
      rows_inserted: perMsg('tup_inserted'),
      rows_updated: perMsg('tup_updated'),
      rows_deleted: perMsg('tup_deleted'),
      rows_read: L.round((pgDelta.tup_returned + pgDelta.tup_fetched) / Math.max(1, phase.ok), 0),
      buffer_hits: perMsg('blks_hit'),
      wal_records: perMsg('wal_records'),
      wal_full_page_images: perMsg('wal_fpi'),
      wal_bytes: L.round(pgDelta.wal_bytes / Math.max(1, phase.ok), 0),
      wal_syncs: perMsg('wal_sync'),
    },
    postgres_access_per_msg: pgAccessPerMsg(access0, access1, phase.ok),
    hub_stalls: stalls,
  };
  if (CFG.countSql || CFG.cpuProf) {
    result.probes = {};
    for (let i = 0; i < hubs.length; i++) {
      if (marks0[i] < 0) continue;
      const p = await readProbe(hubs[i], probeMarks[i]);
      if (p && p.sql) {
        const total = p.sql.reduce((s, r) => s + r.n, 0);
        p.sql_statements_per_msg = L.round(total / Math.max(1, phase.ok), 2);
        p.sql = p.sql.slice(0, 40).map((r) => ({
          ...r,
          per_msg: L.round(r.n / Math.max(1, phase.ok), 3),
          avg_ms: L.round(r.ms / r.n, 2),
        }));
      }
      result.probes[hubs[i].role] = p;
    }
  }
  return result;
}

// Copies of the routing statements (src/routing/routing.repository.ts), EXPLAINed with EXPLAIN=1 at
// the end of each saturation phase, while the phase's conversations are still open.
const EXPLAINED = {
  'routing candidates (routing.repository.ts candidates)': `SELECT a.id FROM agents a
     LEFT JOIN LATERAL (SELECT count(*)::int AS load FROM conversations c
                         WHERE c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status <> 'resolved') l ON true
    WHERE a.workspace_id = $1 AND a.status = 'accepting' AND l.load < a.capacity
    ORDER BY l.load, a.last_assigned_at NULLS FIRST, a.id`,
  'routing lockIfFree load count (routing.repository.ts lockIfFree)': `SELECT count(*)::int AS load FROM conversations
    WHERE workspace_id = $1 AND assignee_id = (SELECT id FROM agents WHERE workspace_id = $1 ORDER BY id LIMIT 1) AND status <> 'resolved'`,
};

async function explainRouting(ctx) {
  const out = {};
  for (const [name, sql] of Object.entries(EXPLAINED)) {
    await ctx.db.query('BEGIN');
    try {
      const r = await ctx.db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, [ctx.workspaceId]);
      out[name] = r.rows.map((x) => x['QUERY PLAN']);
    } finally {
      await ctx.db.query('ROLLBACK');
    }
  }
  const open = await ctx.db.query(
    "SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND status <> 'resolved'",
    [ctx.workspaceId],
  );
  out.open_conversations = open.rows[0].n;
  return out;
}

async function resetBetweenPhases(ctx) {
  if (process.env.RESOLVE_BETWEEN_PHASES === '0') return;
  // What agents do all day: close their chats. Keeps every agent's capacity free for the next phase.
  await ctx.db.query(
    "UPDATE conversations SET status = 'resolved', resolved_at = now(), updated_at = now() WHERE workspace_id = $1 AND status <> 'resolved'",
    [ctx.workspaceId],
  );
  await ctx.db.query('VACUUM ANALYZE');
}

// ---------------------------------------------------------------------------------------------
// One hub mode, end to end.

async function runMode(mode) {
  const { ctx, scope } = await hubKit.openContext({
    dbName: `sb_bench_${STAMP}_${mode}`.toLowerCase(),
    prefix: `sbbench_${STAMP}_${mode}`,
    dataDirPrefix: 'sb-bench-data-',
    probeDir: path.join(RESULTS_DIR, `probe-${STAMP}`),
    probes: CFG.countSql || CFG.cpuProf,
  });
  ctx.mode = mode;
  try {
    log(`mode ${mode}: database ${ctx.dbName}, Redis prefix ${ctx.prefix}`);
    const owner = await hubKit.createOwner(ctx, {
      workspaceName: 'Bench workspace',
      emailDomain: 'bench.switchboard.test',
      capacity: CFG.agentCapacity,
    });
    const integration = await hubKit.cli(ctx, [
      'create-integration',
      '--workspace',
      ctx.workspaceId,
      '--connector',
      'api',
      '--name',
      'Bench API inbox',
      '--settings',
      '{}',
    ]);
    const secret = integration.generatedSecrets && integration.generatedSecrets.signingSecret;
    if (!secret) throw new Error('create-integration returned no generated signingSecret');

    if (mode === 'all') await spawnHub(ctx, 'all');
    else {
      await spawnHub(ctx, 'api');
      await spawnHub(ctx, 'worker');
    }
    const api = ctx.hubs[0];
    log(`  hub up (${ctx.hubs.map((h) => `${h.role} pid ${h.child.pid} port ${h.port}`).join(', ')})`);

    const { token, agentIds } = await hubKit.acceptingAgents(api.port, owner, {
      count: CFG.agents,
      capacity: CFG.agentCapacity,
    });
    log(`  ${agentIds.length} agents accepting (capacity ${CFG.agentCapacity} each)`);

    ctx.db = await S.pgConnect(ctx.dbName);
    scope.push(onCleanup('bench pg connection', () => ctx.db.end().catch(() => undefined)));
    if (CFG.whatif.includes('open-index')) {
      await ctx.db.query(
        "CREATE INDEX bench_whatif_open_by_assignee ON conversations (workspace_id, assignee_id) WHERE status <> 'resolved'",
      );
      log('  what-if: added index conversations (workspace_id, assignee_id) WHERE status <> resolved');
    }
    if (CFG.whatif.includes('resolve-each-1s')) {
      const closer = await S.pgConnect(ctx.dbName);
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          await closer
            .query(
              "UPDATE conversations SET status = 'resolved', resolved_at = now(), updated_at = now() WHERE workspace_id = $1 AND status = 'open' AND assignee_id IS NOT NULL",
              [ctx.workspaceId],
            )
            .catch(() => undefined);
          await L.sleep(1000);
        }
      })();
      scope.push(
        onCleanup('what-if closer', async () => {
          stop = true;
          await L.withTimeout(loop, 10000, 'closer').catch(() => undefined);
          await closer.end().catch(() => undefined);
        }),
      );
      log('  what-if: resolving assigned conversations every second');
    }
    ctx.sub = forkSubscriber(api.port, token);
    await ctx.sub.ask(null, 'ready');
    await ctx.sub.ask(null, 'connected');
    await untilSubscribed(`${ctx.prefix}:events:${ctx.workspaceId}`);

    const { signStandardWebhook } = require(path.join(DIST, 'src', 'connectors', 'api'));
    const sender = createSender({
      port: api.port,
      integrationId: integration.id,
      secret,
      sign: signStandardWebhook,
    });
    scope.push(onCleanup('http agent', () => sender.close()));

    // Probe: one message must come back as message.created and conversation.assigned.
    const probe = newPhase('probe', 'probe');
    const status = await sender.post(probe);
    if (status !== 200) throw new Error(`probe webhook answered ${status}`);
    const until = Date.now() + 20000;
    for (;;) {
      const c = await ctx.sub.count();
      if (c.created >= 1 && c.assigned >= 1) break;
      if (Date.now() > until)
        throw new Error(
          `probe message not received by the subscriber (created ${c.created}, assigned ${c.assigned}, errors ${c.errors} ${c.lastError || ''})\n${api.output()}`,
        );
      await L.sleep(50);
    }
    await ctx.sub.take();
    log('  probe message stored, routed and received');

    const out = {
      mode,
      processes: ctx.hubs.map((h) => h.role),
      whatif: CFG.whatif,
      saturation: [],
      half_load: null,
    };
    out.before_start = await waitForQuiet(`mode ${mode}`);
    const warm = newPhase('warm', 'warmup');
    log(`  warm-up ${CFG.warmupS}s at concurrency ${CFG.concurrency[0]}`);
    const w = await measurePhase(ctx, warm, () => closedLoop(sender, warm, CFG.concurrency[0], CFG.warmupS));
    out.warmup = {
      delivered_msgs_s: w.delivered_msgs_s,
      accepted_req_s: w.accepted_req_s,
      drained: w.drained,
    };
    await resetBetweenPhases(ctx);

    for (const n of CFG.concurrency) {
      const phase = newPhase(`sat${n}`, 'saturation');
      log(`  saturation: closed loop, ${n} concurrent senders, ${CFG.durationS}s`);
      const r = await measurePhase(ctx, phase, () => closedLoop(sender, phase, n, CFG.durationS), {
        concurrency: n,
      });
      log(
        `    completed ${r.completed_msgs_s} msgs/s; accepted ${r.accepted_req_s} req/s, delivered ${r.delivered_msgs_s} msgs/s, routed ${r.routed_per_s}/s, e2e p50 ${r.e2e_latency_ms.p50} p99 ${r.e2e_latency_ms.p99} ms, drain ${r.backlog_drain_s}s, missing ${r.missing_message_created}/${r.missing_conversation_assigned}`,
      );
      if (process.env.EXPLAIN === '1') r.explain = await explainRouting(ctx);
      out.saturation.push(r);
      await resetBetweenPhases(ctx);
    }
    const best = out.saturation.reduce((a, b) => (b.completed_msgs_s > a.completed_msgs_s ? b : a));
    out.best = {
      concurrency: best.concurrency,
      completed_msgs_s: best.completed_msgs_s,
      delivered_msgs_s: best.delivered_msgs_s,
      accepted_req_s: best.accepted_req_s,
      routed_per_s: best.routed_per_s,
    };
    // HALF_RATE fixes the open loop's rate (to compare latencies of two builds at the same load).
    const rate = CFG.halfRate || Math.max(10, Math.floor(best.completed_msgs_s * 0.5));
    const half = newPhase('half', 'half');
    log(`  half load: open loop at ${rate} msgs/s for ${CFG.halfDurationS}s`);
    out.half_load = await measurePhase(ctx, half, () => openLoop(sender, half, rate, CFG.halfDurationS), {
      target_rate: rate,
    });
    const h = out.half_load;
    log(
      `    delivered ${h.delivered_msgs_s} msgs/s; e2e p50 ${h.e2e_latency_ms.p50} p99 ${h.e2e_latency_ms.p99} max ${h.e2e_latency_ms.max} ms; routed p99 ${h.routed_latency_ms.p99} ms; http p99 ${h.http_latency_ms.p99} ms`,
    );
    const problems = ctx.hubs
      .map((x) => x.output())
      .join('')
      .trim();
    if (problems) out.hub_log_tail = problems.slice(-2000);
    return out;
  } finally {
    if (ctx.sub) {
      const c = await ctx.sub.count().catch(() => undefined);
      if (c && c.errors) log(`  subscriber reported ${c.errors} errors: ${c.lastError}`);
    }
    // Subscriber and hubs first (a live hub would write Redis keys again), then what they used.
    await H.releaseAll([
      ...(ctx.sub ? [ctx.sub.release] : []),
      ...ctx.hubs.map((h) => h.release).reverse(),
      ...scope.reverse(),
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// The bare pipeline of ../shared/bench-baseline.

async function prepareBaseline() {
  if (CFG.baselineWorkdir && fs.existsSync(path.join(CFG.baselineWorkdir, 'node_modules')))
    return CFG.baselineWorkdir;
  return baselineKit.prepare(CFG.baselineSrc, 'pipeline.js');
}

async function runBaseline(label) {
  const dir = await prepareBaseline();
  const dbName = `sb_baseline_${STAMP}_${label}`.toLowerCase();
  const drop = await S.createDatabase(dbName);
  try {
    const quiet = await waitForQuiet(`baseline ${label}`);
    log(`baseline (${label}): node pipeline.js`);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PGHOST: S.PG.host,
      PGPORT: String(S.PG.port),
      PGUSER: S.PG.user,
      PGPASSWORD: S.PG.password,
      PGDATABASE: dbName,
      REDIS_HOST: S.REDIS_HOST,
      REDIS_PORT: String(S.REDIS_PORT),
      DEADLINE_S: '240',
    };
    const r = await baselineKit.runScript(dir, ['pipeline.js'], env, 300000);
    log(
      `  baseline delivered ${r.max.delivered_in_window_msgs_s} msgs/s (accepted ${r.max.accepted_req_s} req/s); at half load e2e p50 ${r.at_50pct.e2e_latency_ms.p50} p99 ${r.at_50pct.e2e_latency_ms.p99} ms`,
    );
    return { label, before_start: quiet, ...r };
  } finally {
    await drop();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { started, head } = H.begin();
  const result = {
    ...head,
    machine: await S.machineInfo(),
    config: { ...CFG, dist: path.relative(ROOT, DIST) || '.', hub_env: hubKit.hubSettings() },
    modes: {},
    baseline: { runs: [] },
  };
  log(`machine: ${JSON.stringify(result.machine)}`);
  if (CFG.baseline === 'around' || CFG.baseline === 'before')
    result.baseline.runs.push(await runBaseline('before'));
  for (const mode of CFG.modes) result.modes[mode] = await runMode(mode);
  if (CFG.baseline === 'around' || CFG.baseline === 'after')
    result.baseline.runs.push(await runBaseline('after'));

  const runs = result.baseline.runs;
  if (runs.length) {
    const mean = (f) => L.round(runs.reduce((s, r) => s + f(r), 0) / runs.length, 1);
    result.baseline.delivered_msgs_s = mean((r) => r.max.delivered_in_window_msgs_s);
    result.baseline.accepted_req_s = mean((r) => r.max.accepted_req_s);
    result.baseline.half_load_e2e_p50_ms = mean((r) => r.at_50pct.e2e_latency_ms.p50);
    result.baseline.half_load_e2e_p99_ms = mean((r) => r.at_50pct.e2e_latency_ms.p99);
  }
  result.targets = {};
  for (const [mode, m] of Object.entries(result.modes)) {
    const base = result.baseline.delivered_msgs_s;
    const ratio = base ? L.round(m.best.completed_msgs_s / base, 2) : null;
    const p99 = m.half_load.e2e_latency_ms.p99;
    result.targets[mode] = {
      throughput_ratio: ratio,
      throughput_ratio_message_created_only: base ? L.round(m.best.delivered_msgs_s / base, 2) : null,
      throughput_ok: ratio === null ? null : ratio >= 0.5,
      half_load_p99_ms: p99,
      latency_ok: p99 !== undefined && p99 < 100,
      all_routed: m.saturation.every((s) => s.all_routed) && m.half_load.all_routed,
    };
  }
  const file = H.saveResult(result, started, CFG.writeDocs && writeDocs);
  process.stdout.write(
    JSON.stringify({
      bench: 'ingest',
      stamp: STAMP,
      machine: result.machine,
      baseline: {
        delivered_msgs_s: result.baseline.delivered_msgs_s,
        half_load_e2e_p99_ms: result.baseline.half_load_e2e_p99_ms,
        runs: runs.map((r) => r.max.delivered_in_window_msgs_s),
      },
      hub: Object.fromEntries(
        Object.entries(result.modes).map(([k, m]) => [
          k,
          {
            completed_msgs_s: m.best.completed_msgs_s,
            delivered_msgs_s: m.best.delivered_msgs_s,
            accepted_req_s: m.best.accepted_req_s,
            routed_per_s: m.best.routed_per_s,
            concurrency: m.best.concurrency,
            half_load: {
              rate: m.half_load.target_rate,
              e2e_ms: m.half_load.e2e_latency_ms,
              routed_ms: m.half_load.routed_latency_ms,
              completed_ms: m.half_load.completed_latency_ms,
              http_ms: m.half_load.http_latency_ms,
            },
          },
        ]),
      ),
      targets: result.targets,
      result_file: file,
    }) + '\n',
  );
}

H.runMain(main);
