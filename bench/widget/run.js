'use strict';
// bench/widget: N concurrent widget websockets on ONE api process of the BUILT hub (dist/src/main.js),
// memory per connection and delivery latency of agent messages, next to the bare websocket fan-out of
// ../shared/bench-baseline (ws.js, same K) run in the same invocation (the figures are stated as ratios).
//
//   npm run bench:widget            (builds, then runs this file; about 6 minutes at N=5000)
//
// setup     fresh database sb_bench_widget_<stamp>, Redis prefix sbbench_widget_<stamp>; workspace and
//           owner through dist/src/cli.js; ONE api process (HUB_ROLE=api) and ONE worker process
//           (HUB_ROLE=worker), with WIDGET_CONNECTIONS_PER_IP and WIDGET_MESSAGES_PER_MINUTE raised (all
//           visitors come from 127.0.0.1); through GraphQL: login, ceil(N/1000)+1 accepting agents of
//           capacity 1000 (so every conversation is assigned, as in production), a `widget` integration.
//           The api process is started with --expose-gc and bench/widget/hub-mem.js preloaded, which
//           answers memory after a full GC over IPC (what the baseline's ws-server.js does).
// visitors  a separate child process (bench/widget/clients.js): boots visitors over HTTP (Origin
//           allowed), opens one raw `ws` socket per visitor, `hello` -> `ready`, then each visitor's
//           first message -> `ack` (a conversation each); routing assigns every conversation.
// warm-up   WARMUP_N visitors do all of the above, get agent messages, and disconnect, so that the
//           memory baseline is taken with code compiled and pools/caches filled.
// memory    api process memory after GC before and after N visitors are connected (each with an
//           assigned conversation): (after - before) / N, RSS and JS heap. Also /metrics
//           (`process_resident_memory_bytes`, `nodejs_heap_size_used_bytes`, no forced GC, median of 3
//           samples) and after every visitor disconnected (what is not returned is a leak suspect).
// paced     open loop: RATE agent messages/s for DURATION_S, GraphQL `sendMessage` (one owner token)
//           each to a different random conversation; text `wbm:<seq>:<socket>:<send µs>`; latency =
//           the visitor's socket receiving the `message` frame - the send time (CLOCK_MONOTONIC).
// burst     BURST messages as fast as BURST_INFLIGHT concurrent mutations allow: achieved throughput
//           (messages delivered to the sockets per second) and its latency.
// baseline  ../shared/bench-baseline copied to bench/results/baseline-<lock hash> (npm ci once, then
//           reused), `K=N node --expose-gc ws.js` (one JSON line), with the hub stopped: before and
//           after the hub (BASELINE=around, the default; figures are their mean), before, after, off.
// Output: one JSON line on stdout, bench/results/widget-<stamp>.json, and docs/benchmarks.md (the part
// between the bench:widget markers; WRITE_DOCS=0 to skip). Progress goes to stderr.
// Knobs: N (or CONNECTIONS, 5000), WARMUP_N (200), RATE (50), DURATION_S (30), BURST (2000),
// BURST_INFLIGHT (32), BOOT_INFLIGHT (32), CONNECT_INFLIGHT (200), MESSAGE_INFLIGHT (64),
// BASELINE (around), WRITE_DOCS, DEADLINE_S (1500), COUNT_SQL=1 (SQL statements per phase in the api
// and worker processes through bench/ingest/hub-probe.js; diagnosis only, it costs latency).
// Bounded: every wait has a timeout, the whole run has DEADLINE_S; only 127.0.0.1 is contacted;
// the database, Redis keys, temp dirs and child processes are removed even on failure.

const { fork } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const L = require('../lib/common');
const { ROOT, DIST, RESULTS_DIR, createHarness } = require('../lib/harness');
const { createServices } = require('../lib/services');
const { createHubKit } = require('../lib/hub');
const { createBaselineKit } = require('../lib/baseline');
const { writeDocs } = require('./report');

const ORIGIN = 'https://shop.example.com'; // only ever an Origin header: nothing connects to it

const N = L.envInt('N', L.envInt('CONNECTIONS', 5000));
const CFG = {
  n: N,
  warmupN: L.envInt('WARMUP_N', Math.min(200, N)),
  rate: L.envInt('RATE', 50),
  durationS: L.envInt('DURATION_S', 30),
  burst: L.envInt('BURST', 2000),
  burstInflight: L.envInt('BURST_INFLIGHT', 32),
  bootInflight: L.envInt('BOOT_INFLIGHT', 32),
  connectInflight: L.envInt('CONNECT_INFLIGHT', 200),
  messageInflight: L.envInt('MESSAGE_INFLIGHT', 64),
  agentCapacity: 1000,
  agents: L.envInt('AGENTS', Math.ceil(N / 1000) + 1),
  drainS: L.envInt('DRAIN_S', 60),
  baseline: process.env.BASELINE || 'around',
  baselineSrc: path.resolve(process.env.BASELINE_SRC || path.join(ROOT, '..', 'shared', 'bench-baseline')),
  countSql: process.env.COUNT_SQL === '1',
  writeDocs: process.env.WRITE_DOCS !== '0',
  deadlineS: L.envInt('DEADLINE_S', 1500),
  quietBusyPct: L.envInt('QUIET_BUSY_PCT', 25),
  quietWaitS: L.envInt('QUIET_WAIT_S', 120),
};
if (!['around', 'before', 'after', 'off'].includes(CFG.baseline))
  throw new Error('BASELINE must be around, before, after or off');
const HUB_ENV = {
  // Every visitor of this bench comes from 127.0.0.1: the per-IP limits must allow all of them.
  WIDGET_CONNECTIONS_PER_IP: String(N + CFG.warmupN + 1000),
  WIDGET_MESSAGES_PER_MINUTE: String(Math.max(1000, 10 * N)),
};
const HUB_PASSTHROUGH = ['DATABASE_POOL_SIZE', 'WORKER_CONCURRENCY'];

const H = createHarness('bench:widget', CFG);
const { stamp: STAMP, log, onCleanup, track, stopChild, waitForQuiet } = H;
const S = createServices(H);
const hubKit = createHubKit({
  harness: H,
  services: S,
  extraEnv: HUB_ENV,
  passthrough: HUB_PASSTHROUGH,
  // Keep-alive: the /metrics reads around each phase reuse a connection rather than open new ones
  // on the api process being measured.
  httpAgent: new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 }),
  httpTimeoutMs: 15000,
});
const baselineKit = createBaselineKit({ harness: H });

// ---------------------------------------------------------------------------------------------
// The hub: one api process (with hub-mem.js, answering memory over IPC) and one worker.

function spawnHub(ctx, role) {
  const isApi = role === 'api';
  return hubKit.spawnHub(ctx, role, {
    nodeArgs: isApi ? ['--expose-gc', '--require', path.join(__dirname, 'hub-mem.js')] : [],
    probe: { file: path.join(ctx.probeDir, role), sql: CFG.countSql },
    ipc: isApi ? 'api hub-mem' : undefined,
  });
}

/** SQL probe phase mark (COUNT_SQL=1): every hub writes what it counted since the last mark. */
function markSql(ctx) {
  if (!CFG.countSql) return -1;
  let n = -1;
  for (const h of ctx.hubs) {
    if (h.child.exitCode !== null) continue;
    h.child.kill('SIGWINCH');
    n = h.marks++;
  }
  return n;
}

async function readSql(ctx, n, perOps) {
  if (n < 0) return undefined;
  const out = {};
  for (const h of ctx.hubs) {
    const file = `${h.probeFile}.${n}.sql.json`;
    for (let i = 0; i < 50 && !fs.existsSync(file); i++) await L.sleep(100);
    if (!fs.existsSync(file)) {
      out[h.role] = { error: 'probe output not written' };
      continue;
    }
    await L.sleep(100);
    const dump = JSON.parse(fs.readFileSync(file, 'utf8'));
    const total = dump.rows.reduce((s, r) => s + r.n, 0);
    out[h.role] = {
      statements_per_op: L.round(total / Math.max(1, perOps), 2),
      pool_wait: dump.pool_wait,
      event_loop_delay_ms: dump.event_loop_delay_ms,
      top: dump.rows.slice(0, 15).map((r) => ({
        sql: r.sql,
        per_op: L.round(r.n / Math.max(1, perOps), 3),
        avg_ms: L.round(r.ms / r.n, 2),
      })),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Memory of the api process.

let memSeq = 0;
async function apiMemory(api) {
  return api.ask({ type: 'mem', id: ++memSeq }, 'mem', 30000);
}

/**
 * Memory after GC, `samples` readings 1 s apart, the median of each. V8 hands freed pages back to the
 * OS lazily, so the RSS of a process with a history (the hub; unlike the baseline's fresh server)
 * wobbles by tens of MiB between readings: the lowest and highest RSS are kept for a range.
 */
async function apiMemorySettled(api, samples = 5) {
  const all = [];
  for (let i = 0; i < samples; i++) {
    if (i) await L.sleep(1000);
    all.push(await apiMemory(api));
  }
  const median = (f) => [...all].sort((a, b) => f(a) - f(b))[Math.floor(samples / 2)];
  const m = median((x) => x.mem.heapUsed);
  const rss = all.map((x) => x.mem.rss);
  return {
    ...m,
    mem: { ...m.mem, rss: median((x) => x.mem.rss).mem.rss },
    rss_min: Math.min(...rss),
    rss_max: Math.max(...rss),
    samples: all.map((x) => ({ rss: x.mem.rss, heapUsed: x.mem.heapUsed })),
  };
}

/** RSS per connection, lowest and highest that the readings allow. */
const rssRangeKb = (a, b, n) => [
  L.round((b.rss_min - a.rss_max) / n / 1024, 1),
  L.round((b.rss_max - a.rss_min) / n / 1024, 1),
];

/** /metrics of the api process (no forced GC): median of `samples` readings. */
async function metricsMemory(api, samples = 3) {
  const rss = [];
  const heap = [];
  for (let i = 0; i < samples; i++) {
    const res = await hubKit.httpJson(api.port, 'GET', '/metrics');
    const num = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(res.text)?.[1]);
    rss.push(num('process_resident_memory_bytes'));
    heap.push(num('nodejs_heap_size_used_bytes'));
    if (i < samples - 1) await L.sleep(500);
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { rss: median(rss), heapUsed: median(heap) };
}

const mb = (b) => L.round(b / 2 ** 20, 1);
const perConnKb = (a, b, n) => ({
  rss: L.round((b.rss - a.rss) / n / 1024, 2),
  heap: L.round((b.heapUsed - a.heapUsed) / n / 1024, 2),
  ...(a.external !== undefined ? { external: L.round((b.external - a.external) / n / 1024, 2) } : {}),
});

// ---------------------------------------------------------------------------------------------
// The agent: GraphQL sendMessage with marked text; the clients time the arrival.

const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq deliveryStatus } }';

function createAgentSender(port, token) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });
  let seq = 0;
  const stats = () => ({ sent: 0, ok: 0, errors: {}, httpMs: [], sendUs: new Map(), seqById: new Map() });
  function send(st, target) {
    const s = ++seq;
    const t0 = L.nowUs();
    const body = JSON.stringify({
      query: SEND,
      variables: {
        input: {
          conversationId: target.conversationId,
          clientMessageId: `wb-${STAMP}-${s}`,
          text: `wbm:${s}:${target.socket}:${t0}`,
        },
      },
    });
    st.sent++;
    st.sendUs.set(s, t0);
    return new Promise((resolve) => {
      const done = (err) => {
        if (err) st.errors[err] = (st.errors[err] || 0) + 1;
        else {
          st.ok++;
          st.httpMs.push((L.nowUs() - t0) / 1000);
        }
        resolve();
      };
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/graphql',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (d) => chunks.push(d));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if (res.statusCode !== 200) return done(`HTTP ${res.statusCode}`);
            if (text.includes('"errors"')) {
              let msg = 'graphql error';
              try {
                msg = JSON.parse(text).errors[0].message.slice(0, 100);
              } catch {
                /* keep the generic label */
              }
              return done(msg);
            }
            const id = /"id":"([^"]+)"/.exec(text);
            if (id) st.seqById.set(id[1], s);
            done();
          });
          res.on('error', () => done('response error'));
        },
      );
      req.setTimeout(30000, () => req.destroy(new Error('timeout')));
      req.on('error', (e) => done(`request: ${e.message}`));
      req.end(body);
    });
  }
  return { stats, send, close: () => agent.destroy() };
}

/** Targets: every conversation once, in random order, before any gets a second message. */
function targetPicker(conversations) {
  let order = [];
  return () => {
    if (!order.length) {
      order = conversations.map(([socket, conversationId]) => ({ socket, conversationId }));
      for (let i = order.length - 1; i > 0; i--) {
        const j = crypto.randomInt(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    return order.pop();
  };
}

/** Open loop: message i leaves at t0 + i/rate (1 ms timer granularity), whatever the answers do. */
async function openLoop(sender, st, pick, rate, seconds) {
  const total = Math.round(rate * seconds);
  const pending = [];
  const t0 = L.nowUs();
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((L.nowUs() - t0) / 1e6) * rate) + 1);
      while (st.sent < due) pending.push(sender.send(st, pick()));
      if (st.sent >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  const t1 = L.nowUs();
  await L.withTimeout(Promise.all(pending), 60000, 'open-loop responses');
  return { t0, t1 };
}

async function closedLoop(sender, st, pick, total, inflight) {
  const t0 = L.nowUs();
  const lane = async () => {
    while (st.sent < total) await sender.send(st, pick());
  };
  await Promise.all(Array.from({ length: inflight }, lane));
  return { t0, t1: L.nowUs() };
}

/** Waits until the clients have a `sent` receipt for every accepted message of the phase. */
async function collect(ctx, st) {
  const firstBySeq = new Map(); // seq -> [recvUs, status]
  const sentBySeq = new Map(); // seq -> recvUs of the frame with status `sent`
  const frames = { byStatus: {}, total: 0 };
  const createdBySeq = new Map(); // seq -> when message.created was published on the bus
  const updatedBySeq = new Map(); // seq -> [when each message.updated was published]
  const framesBySeq = new Map();
  const names = ['null', 'pending', 'sent', 'delivered', 'read', 'other'];
  const t0 = Date.now();
  let drained = false;
  for (;;) {
    const { marks, bus } = await ctx.clients({ type: 'take' }, 'take-done', 60000);
    for (let i = 0; i < bus.length; i += 3) {
      const seq = st.seqById.get(bus[i]);
      if (seq === undefined) continue;
      const t = bus[i + 2];
      if (bus[i + 1] === 1) {
        if (!createdBySeq.has(seq)) createdBySeq.set(seq, t);
      } else {
        const list = updatedBySeq.get(seq) || [];
        list.push(t);
        updatedBySeq.set(seq, list);
      }
    }
    for (let i = 0; i < marks.length; i += 5) {
      const seq = marks[i];
      if (!st.sendUs.has(seq)) continue;
      const recv = marks[i + 3];
      const status = marks[i + 4];
      frames.total++;
      frames.byStatus[names[status]] = (frames.byStatus[names[status]] || 0) + 1;
      framesBySeq.set(seq, (framesBySeq.get(seq) || 0) + 1);
      if (!firstBySeq.has(seq)) firstBySeq.set(seq, [recv, status]);
      if (status === 2 && !sentBySeq.has(seq)) sentBySeq.set(seq, recv);
    }
    if (firstBySeq.size >= st.ok) {
      drained = true;
      break;
    }
    if (Date.now() - t0 > CFG.drainS * 1000) break;
    await L.sleep(200);
  }
  const first = [];
  const sent = [];
  let lastRecv = 0;
  for (const [seq, [recv]] of firstBySeq) {
    first.push((recv - st.sendUs.get(seq)) / 1000);
    if (recv > lastRecv) lastRecv = recv;
  }
  for (const [seq, recv] of sentBySeq) sent.push((recv - st.sendUs.get(seq)) / 1000);
  // The hops of one agent message, from the bus: mutation (transaction, relay) until message.created
  // is published; the delivery job (BullMQ, worker, its transaction) until message.updated (sent);
  // the api process's fan-out (pub/sub, the message's DB fetch, ws send) until the visitor's socket.
  const hops = { to_created: [], created_to_sent_event: [], sent_event_to_socket: [] };
  for (const [seq, [recv]] of firstBySeq) {
    const c = createdBySeq.get(seq);
    const u = (updatedBySeq.get(seq) || []).filter((t) => c === undefined || t >= c).sort((a, b) => a - b)[0];
    if (c === undefined || u === undefined) continue;
    hops.to_created.push((c - st.sendUs.get(seq)) / 1000);
    hops.created_to_sent_event.push((u - c) / 1000);
    hops.sent_event_to_socket.push((recv - u) / 1000);
  }
  let duplicated = 0;
  for (const n of framesBySeq.values()) if (n > 1) duplicated++;
  return {
    drained,
    drain_s: L.round((Date.now() - t0) / 1000, 1),
    delivered: firstBySeq.size,
    missing: st.ok - firstBySeq.size,
    frames,
    lastRecv,
    latency_ms: L.summarize(first),
    sent_status_latency_ms: L.summarize(sent),
    hops_ms: Object.fromEntries(Object.entries(hops).map(([k, v]) => [k, L.summarize(v)])),
    // messages whose frame reached the visitor's socket more than once
    duplicated_frames: duplicated,
  };
}

function cpuMeter(ctx) {
  const api = ctx.hubs.find((h) => h.role === 'api');
  const worker = ctx.hubs.find((h) => h.role === 'worker');
  return L.cpuMeter({
    api: () => [api.child.pid],
    worker: () => [worker.child.pid],
    clients: () => [ctx.clientsChild.pid],
    agent_sender: () => [process.pid],
    postgres_all: () => L.pidsNamed(/^postgres$/),
    redis: () => L.pidsNamed(/^redis-server$/),
  });
}

// ---------------------------------------------------------------------------------------------
// Visitors.

async function visitors(ctx, group, n) {
  const ask = ctx.clients;
  const out = {};
  const timeout = (per) => Math.max(60000, n * per);
  const b = await ask({ type: 'boot', group, n, inflight: CFG.bootInflight }, 'boot-done', timeout(40));
  if (b.error) throw new Error(`clients boot: ${b.error}`);
  out.boot = b;
  log(
    `  ${group}: booted ${b.ok}/${n} visitors in ${b.secs}s (${b.per_s}/s), errors ${JSON.stringify(b.errors)}`,
  );
  const c = await ask({ type: 'connect', group, inflight: CFG.connectInflight }, 'connect-done', timeout(40));
  if (c.error) throw new Error(`clients connect: ${c.error}`);
  out.connect = c;
  log(
    `  ${group}: ${c.ready} sockets ready in ${c.secs}s (${c.per_s}/s; hello->ready p50 ${c.hello_to_ready_ms.p50} p99 ${c.hello_to_ready_ms.p99} ms), errors ${JSON.stringify(c.errors)}`,
  );
  const f = await ask(
    { type: 'first-message', group, inflight: CFG.messageInflight },
    'first-message-done',
    timeout(40),
  );
  if (f.error) throw new Error(`clients first-message: ${f.error}`);
  const { conversations, ...rest } = f;
  out.first_message = rest;
  log(
    `  ${group}: ${f.ok} first messages acked in ${f.secs}s (${f.per_s}/s; p50 ${f.ack_ms.p50} p99 ${f.ack_ms.p99} ms), errors ${JSON.stringify(f.errors)}`,
  );
  return { out, conversations };
}

/** Waits until every conversation of the workspace is assigned (routing), up to `timeoutMs`. */
async function untilAssigned(ctx, expected, timeoutMs = 120000) {
  const t0 = Date.now();
  for (;;) {
    const r = await ctx.db.query(
      'SELECT count(*)::int AS n, count(assignee_id)::int AS assigned FROM conversations WHERE workspace_id = $1',
      [ctx.workspaceId],
    );
    const { n, assigned } = r.rows[0];
    if (n >= expected && assigned >= n) return { conversations: n, assigned, secs: (Date.now() - t0) / 1000 };
    if (Date.now() - t0 > timeoutMs) {
      log(`  routing: only ${assigned}/${n} conversations assigned after ${timeoutMs / 1000}s`);
      return { conversations: n, assigned, secs: timeoutMs / 1000, timed_out: true };
    }
    await L.sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------
// The hub part, end to end.

async function runHub() {
  const { ctx, scope } = await hubKit.openContext({
    dbName: `sb_bench_widget_${STAMP}`.toLowerCase(),
    prefix: `sbbench_widget_${STAMP}`,
    dataDirPrefix: 'sb-bench-widget-data-',
    probeDir: path.join(RESULTS_DIR, `probe-widget-${STAMP}`),
    probes: CFG.countSql,
  });
  let sender;
  try {
    log(`hub: database ${ctx.dbName}, Redis prefix ${ctx.prefix}`);
    const owner = await hubKit.createOwner(ctx, {
      workspaceName: 'Bench widget workspace',
      emailDomain: 'bench-widget.switchboard.test',
      capacity: CFG.agentCapacity,
    });
    const api = await spawnHub(ctx, 'api');
    const worker = await spawnHub(ctx, 'worker');
    log(`  hub up: api pid ${api.child.pid} port ${api.port}, worker pid ${worker.child.pid}`);

    const { token, agentIds } = await hubKit.acceptingAgents(api.port, owner, {
      count: CFG.agents,
      capacity: CFG.agentCapacity,
    });
    const integration = await hubKit.gql(
      api.port,
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } } }',
      { input: { connectorId: 'widget', name: 'Bench website', settings: { allowedOrigins: ORIGIN } } },
      token,
    );
    const integrationId = integration.createIntegration.integration.id;
    log(`  ${agentIds.length} agents accepting (capacity ${CFG.agentCapacity}), widget ${integrationId}`);
    ctx.db = await S.pgConnect(ctx.dbName);
    scope.push(onCleanup('bench pg connection', () => ctx.db.end().catch(() => undefined)));

    const clientsChild = track(
      fork(path.join(__dirname, 'clients.js'), [], {
        env: {
          PATH: process.env.PATH,
          SB_PORT: String(api.port),
          SB_INTEGRATION_ID: integrationId,
          SB_ORIGIN: ORIGIN,
          SB_REDIS_URL: S.REDIS_URL,
          SB_BUS_CHANNEL: `${ctx.prefix}:events:${ctx.workspaceId}`,
          SB_CHILD_DEADLINE_S: String(CFG.deadlineS),
        },
        execArgv: ['--expose-gc', '--max-old-space-size=2048'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    ctx.clientsChild = clientsChild;
    ctx.clients = H.mailbox(clientsChild, 'clients');
    scope.push(
      onCleanup(`clients pid ${clientsChild.pid}`, async () => {
        if (clientsChild.connected) clientsChild.disconnect();
        await stopChild(clientsChild, 5000);
      }),
    );
    const ready = await ctx.clients(null, 'ready', 10000);
    if (ready.error) throw new Error(`clients: ${ready.error}`);
    sender = createAgentSender(api.port, token);

    const out = {
      processes: { api: api.child.pid, worker: worker.child.pid, clients: clientsChild.pid },
      hub_env: hubKit.hubSettings(),
      agents: agentIds.length,
    };

    // --- warm-up: a few visitors do everything once, get agent messages, and leave.
    out.before_start = await waitForQuiet('hub');
    log(`warm-up: ${CFG.warmupN} visitors`);
    const mem00 = await apiMemory(api);
    const warm = await visitors(ctx, 'warm', CFG.warmupN);
    await untilAssigned(ctx, warm.conversations.length, 60000);
    const warmSt = sender.stats();
    await openLoop(sender, warmSt, targetPicker(warm.conversations), Math.min(CFG.rate, 100), 2);
    await collect(ctx, warmSt);
    await ctx.clients({ type: 'close', group: 'warm' }, 'close-done', 60000);
    await L.sleep(2000);
    out.warmup = { visitors: warm.out, agent_messages: warmSt.ok };

    // --- memory before, N visitors, memory after.
    const mem0 = await apiMemorySettled(api);
    const met0 = await metricsMemory(api);
    log(`api memory before (after GC): rss ${mb(mem0.mem.rss)} MiB, heap ${mb(mem0.mem.heapUsed)} MiB`);
    out.before_main = await waitForQuiet('connect');
    log(`connect: ${N} visitors`);
    const sqlMark0 = markSql(ctx);
    const meter = cpuMeter(ctx);
    meter.start();
    const main = await visitors(ctx, 'main', N);
    out.connect = { ...main.out, cpu: meter.stop(N) };
    out.connect.sql = await readSql(ctx, markSql(ctx), N);
    void sqlMark0;
    out.routing = await untilAssigned(ctx, main.conversations.length + warm.conversations.length, 180000);
    log(`  routing: ${out.routing.assigned}/${out.routing.conversations} conversations assigned`);
    // Let the `conversation` (assigned) frames, receipts and timers settle before measuring.
    await L.sleep(3000);
    const count1 = await ctx.clients({ type: 'count' }, 'count-done');
    const mem1 = await apiMemorySettled(api);
    const met1 = await metricsMemory(api);
    const connected = main.out.connect.ready;
    out.memory = {
      connections: connected,
      per_conn_kb: perConnKb(mem0.mem, mem1.mem, connected),
      per_conn_kb_rss_range: rssRangeKb(mem0, mem1, connected),
      per_conn_kb_metrics_no_gc: perConnKb(met0, met1, connected),
      before: mem0,
      after: mem1,
      metrics_before: met0,
      metrics_after: met1,
      at_process_start: mem00.mem,
      api_rss_mb: mb(mem1.mem.rss),
      api_heap_mb: mb(mem1.mem.heapUsed),
    };
    const cm = await ctx.clients({ type: 'mem' }, 'mem-done');
    out.memory.clients_rss_mb = mb(cm.rss);
    out.clients_after_connect = count1;
    log(
      `api memory with ${connected} visitors (after GC): rss ${mb(mem1.mem.rss)} MiB, heap ${mb(mem1.mem.heapUsed)} MiB -> ${out.memory.per_conn_kb.rss} KiB RSS, ${out.memory.per_conn_kb.heap} KiB heap per connection (/metrics, no GC: ${out.memory.per_conn_kb_metrics_no_gc.rss} / ${out.memory.per_conn_kb_metrics_no_gc.heap})`,
    );

    // --- paced agent messages.
    out.before_paced = await waitForQuiet('paced');
    const pick = targetPicker(main.conversations);
    const paced = sender.stats();
    log(`paced: ${CFG.rate} agent messages/s for ${CFG.durationS}s to random conversations`);
    markSql(ctx);
    const pm = cpuMeter(ctx);
    pm.start();
    const pw = await openLoop(sender, paced, pick, CFG.rate, CFG.durationS);
    const pc = await collect(ctx, paced);
    const pacedSql = await readSql(ctx, markSql(ctx), paced.ok);
    out.paced = {
      rate: CFG.rate,
      duration_s: CFG.durationS,
      window_s: L.round((pw.t1 - pw.t0) / 1e6, 2),
      sent: paced.sent,
      accepted: paced.ok,
      errors: paced.errors,
      ...withoutLast(pc),
      mutation_http_ms: L.summarize(paced.httpMs),
      cpu: pm.stop(paced.ok),
      sql: pacedSql,
      hub_mem: await apiMemory(api),
    };
    const p = out.paced;
    logHops(p);
    log(
      `  delivered ${p.delivered}/${p.accepted} (missing ${p.missing}); socket receipt p50 ${p.latency_ms.p50} p90 ${p.latency_ms.p90} p99 ${p.latency_ms.p99} max ${p.latency_ms.max} ms; mutation p50 ${p.mutation_http_ms.p50} p99 ${p.mutation_http_ms.p99} ms; errors ${JSON.stringify(p.errors)}`,
    );

    // --- burst.
    out.before_burst = await waitForQuiet('burst');
    const burst = sender.stats();
    log(`burst: ${CFG.burst} agent messages, ${CFG.burstInflight} mutations in flight`);
    markSql(ctx);
    const bm = cpuMeter(ctx);
    bm.start();
    const bw = await closedLoop(sender, burst, pick, CFG.burst, CFG.burstInflight);
    const bc = await collect(ctx, burst);
    const burstSql = await readSql(ctx, markSql(ctx), burst.ok);
    const wallS = (bc.lastRecv - bw.t0) / 1e6;
    out.burst = {
      messages: CFG.burst,
      inflight: CFG.burstInflight,
      sent: burst.sent,
      accepted: burst.ok,
      errors: burst.errors,
      accepted_per_s: L.round(burst.ok / ((bw.t1 - bw.t0) / 1e6), 0),
      delivered_per_s: L.round(bc.delivered / wallS, 0),
      ...withoutLast(bc),
      mutation_http_ms: L.summarize(burst.httpMs),
      cpu: bm.stop(burst.ok),
      sql: burstSql,
    };
    const b = out.burst;
    logHops(b);
    log(
      `  ${b.accepted_per_s} mutations/s accepted, ${b.delivered_per_s} delivered to sockets/s; p50 ${b.latency_ms.p50} p99 ${b.latency_ms.p99} max ${b.latency_ms.max} ms; missing ${b.missing}; errors ${JSON.stringify(b.errors)}`,
    );

    // --- disconnect everyone: what the api process keeps afterwards.
    out.clients_at_end = await ctx.clients({ type: 'count' }, 'count-done');
    const memBusy = await apiMemory(api);
    const closed = await ctx.clients({ type: 'close', group: 'main' }, 'close-done', 120000);
    await L.sleep(3000);
    const mem2 = await apiMemorySettled(api);
    const met2 = await metricsMemory(api);
    out.after_disconnect = {
      closed,
      mem_with_traffic: memBusy,
      mem: mem2,
      metrics: met2,
      // > 0: the api process keeps something per visitor who left
      retained_per_conn_kb: perConnKb(mem0.mem, mem2.mem, connected),
    };
    log(
      `after disconnect: rss ${mb(mem2.mem.rss)} MiB, heap ${mb(mem2.mem.heapUsed)} MiB (retained ${out.after_disconnect.retained_per_conn_kb.heap} KiB heap per former connection)`,
    );
    const tail = ctx.hubs
      .map((h) => `--- ${h.role}\n${h.output()}`)
      .join('\n')
      .trim();
    if (ctx.hubs.some((h) => h.output().trim())) out.hub_log_tail = tail.slice(-4000);
    return out;
  } finally {
    if (sender) sender.close();
    await H.releaseAll([...ctx.hubs.map((h) => h.release).reverse(), ...scope.reverse()]);
  }
}

function logHops(x) {
  const f = (k) => `${k} p50 ${x.hops_ms[k].p50} p99 ${x.hops_ms[k].p99}`;
  log(
    `  hops (ms): ${f('to_created')}; ${f('created_to_sent_event')}; ${f('sent_event_to_socket')}; messages with duplicate frames ${x.duplicated_frames}`,
  );
}

function withoutLast(c) {
  const { lastRecv, ...rest } = c;
  void lastRecv;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// The bare websocket fan-out of ../shared/bench-baseline (ws.js).

async function runBaseline(label) {
  const dir = await baselineKit.prepare(CFG.baselineSrc, 'ws.js');
  const quiet = await waitForQuiet(`baseline ${label}`);
  log(`baseline (${label}): K=${N} node --expose-gc ws.js`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, K: String(N), DEADLINE_S: '300' };
  const r = await baselineKit.runScript(dir, ['--expose-gc', 'ws.js'], env, 330000);
  log(
    `  baseline: ${r.connected} sockets (${r.connects_s}/s), server ${r.server_mem_per_conn_kb.rss} KiB RSS / ${r.server_mem_per_conn_kb.heap} KiB heap per connection; paced fan-out p50 ${r.paced_delivery_latency_ms.p50} p99 ${r.paced_delivery_latency_ms.p99} ms; burst ${r.burst_delivered_msgs_s} msgs/s`,
  );
  return { label, before_start: quiet, ...r };
}

// ---------------------------------------------------------------------------------------------

function ratio(a, b, d = 2) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? L.round(a / b, d) : null;
}

async function main() {
  const { started, head } = H.begin();
  const result = {
    ...head,
    machine: await S.machineInfo({ openFilesLimit: true }),
    config: { ...CFG, dist: path.relative(ROOT, DIST) || '.' },
    baseline: { runs: [] },
  };
  log(`machine: ${JSON.stringify(result.machine)}`);
  if (result.machine.open_files_limit && result.machine.open_files_limit < N + 1000)
    throw new Error(
      `open files limit ${result.machine.open_files_limit} is below N + 1000; raise it (ulimit -n) or lower N`,
    );
  if (CFG.baseline === 'before' || CFG.baseline === 'around')
    result.baseline.runs.push(await runBaseline('before'));
  result.hub = await runHub();
  if (CFG.baseline === 'after' || CFG.baseline === 'around')
    result.baseline.runs.push(await runBaseline('after'));

  const runs = result.baseline.runs;
  const mean = (f) => (runs.length ? L.round(runs.reduce((s, r) => s + f(r), 0) / runs.length, 3) : null);
  const base = {
    mem_per_conn_kb_rss: mean((r) => r.server_mem_per_conn_kb.rss),
    mem_per_conn_kb_heap: mean((r) => r.server_mem_per_conn_kb.heap),
    paced_p50_ms: mean((r) => r.paced_delivery_latency_ms.p50),
    paced_p99_ms: mean((r) => r.paced_delivery_latency_ms.p99),
    burst_delivered_msgs_s: mean((r) => r.burst_delivered_msgs_s),
    connects_s: mean((r) => r.connects_s),
  };
  const h = result.hub;
  result.summary = {
    connections: h.memory.connections,
    connect_errors: {
      boot: h.connect.boot.errors,
      connect: h.connect.connect.errors,
      first_message: h.connect.first_message.errors,
    },
    hub: {
      mem_per_conn_kb: h.memory.per_conn_kb,
      mem_per_conn_kb_rss_range: h.memory.per_conn_kb_rss_range,
      mem_per_conn_kb_metrics_no_gc: h.memory.per_conn_kb_metrics_no_gc,
      paced_latency_ms: h.paced.latency_ms,
      paced_missing: h.paced.missing,
      burst_delivered_per_s: h.burst.delivered_per_s,
      burst_latency_ms: h.burst.latency_ms,
      connect_per_s: h.connect.connect.per_s,
      boot_per_s: h.connect.boot.per_s,
      first_message_per_s: h.connect.first_message.per_s,
    },
    hops_paced_ms: h.paced.hops_ms,
    duplicated_frames: { paced: h.paced.duplicated_frames, burst: h.burst.duplicated_frames },
    assignment_frames: (h.clients_after_connect.assignedByGroup || {}).main,
    baseline: base,
    ratios: {
      mem_per_conn_rss: ratio(h.memory.per_conn_kb.rss, base.mem_per_conn_kb_rss, 1),
      mem_per_conn_heap: ratio(h.memory.per_conn_kb.heap, base.mem_per_conn_kb_heap, 1),
      paced_p99_latency: ratio(h.paced.latency_ms.p99, base.paced_p99_ms, 1),
      paced_p50_latency: ratio(h.paced.latency_ms.p50, base.paced_p50_ms, 1),
      burst_throughput: ratio(h.burst.delivered_per_s, base.burst_delivered_msgs_s, 4),
      connect_rate: ratio(h.connect.connect.per_s, base.connects_s, 2),
    },
  };
  const file = H.saveResult(result, started, CFG.writeDocs && writeDocs);
  process.stdout.write(
    JSON.stringify({
      bench: 'widget',
      stamp: STAMP,
      n: N,
      machine: result.machine,
      ...result.summary,
      duration_s: result.duration_s,
      result_file: file,
    }) + '\n',
  );
}

H.runMain(main);
