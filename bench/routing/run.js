'use strict';
// bench/routing: the routing engine of the BUILT hub (dist/src/routing) in-process, with 1,000
// accepting agents and 10,000 queued conversations: the latency of each routing decision, the
// assignments per second of one router and of 10 team queues drained at once, next to raw Redis
// throughput and PostgreSQL one-row transactions of ../shared/bench-baseline measured in the same run
// (the figures are stated as ratios).
//
//   npm run bench:routing            (builds, then runs this file; about 3 minutes)
//
// setup     fresh database sb_bench_routing_<stamp> migrated with dist's runMigrations, Redis prefix
//           sbbench_routing_<stamp>. Bulk SQL (bench/routing/seed.js, not measured): a pool workspace
//           with AGENTS accepting agents (capacity CAPACITY, existing loads 0..MAX_LOAD as open
//           conversations, random last assignment, half with a "billing" skill), a 20-rule policy and
//           a least_busy pool, and WARMUP + QUEUED conversations waiting in the pool queue (team_id
//           NULL, routed_at set, priorities 10..90, every 10th needing "billing", a fifth of the
//           contacts with an earlier resolved conversation); a team workspace with TEAMS teams of
//           TEAM_AGENTS agents (strategies least_busy, round_robin, skills_weighted in turn) and
//           TEAM_QUEUED waiting per team queue. VACUUM ANALYZE.
// engine    the hub's services as the routing worker has them (bench/routing/context.js: CoreModule,
//           DomainModule, ConnectorRuntimeModule, RoutingModule; pool DATABASE_POOL_SIZE, default
//           10), the real QueueDrainer. Timeline recorder: the RoutingQueueRepository singleton's
//           claim / candidates / queueHead, RoutingSettingsRepository.load and the chooseAgent export
//           are wrapped (in this process only; src/ is untouched). Queue heads handed to the drainer
//           are capped per phase so that a phase assigns exactly what it measures.
// warm-up   WARMUP conversations (priority 100, served first) assigned, unrecorded.
// latency   one router drains the pool queue (repeated QueueDrainer.drain calls, as routing jobs do)
//           until MEASURE more are assigned; starts with QUEUED waiting. Per assignment: the time from
//           the previous assignment's claim end (or the drain's start) to its own claim's end, split
//           into claim round trips, candidate reloads, queue-head pages, the settings load, chooseAgent
//           and the rest (advisory lock, JS, event loop). Assignments/s = assignments / drain time.
// pure      chooseAgent over the 1,000 candidates the drainer loads (least_busy, with and without a
//           required skill, round robin, skills-weighted) and evaluateRules over the 20-rule policy
//           (no rule matching, and rule 10 matching), PURE_ITER calls each, µs per call.
// teams     the TEAMS team queues drained at once (Promise.all of drains): in this process, then split
//           over 2 router processes (bench/routing/router.js), then in 1 router process whose pool
//           holds 2 x TEAMS + 2 connections (QueueLock keeps one per drain); TEAM_VARIANTS. The queues
//           are reset to as seeded between variants; assignments/s, claim outcomes, errors, CPU.
// baseline  ../shared/bench-baseline copied to bench/results/baseline-<lock hash> (npm ci once), then
//           `redis.js` (redis-benchmark: SET/GET/LPUSH/EVALSHA, 50 clients; N, NP reduced) on an empty
//           Redis database number, and `pg.js` (one-row transactions on 1 connection and a pool of 10,
//           multi-row, COPY, short phases) in its own database; after the routing part (BASELINE=after,
//           the default; before, around, off).
// Output: one JSON line on stdout, bench/results/routing-<stamp>.json, and docs/benchmarks.md (the part
// between the bench:routing markers; WRITE_DOCS=0 to skip). Progress goes to stderr.
// Knobs: AGENTS (1000), QUEUED (10000), WARMUP (1000), MEASURE (2000), CAPACITY (100), MAX_LOAD (40),
// TEAMS (10), TEAM_AGENTS (100), TEAM_QUEUED (1000), TEAM_VARIANTS (1,2,1:22: processes[:pool]),
// PURE_ITER (20000), SEED (42),
// BASELINE (after), BASELINE_REDIS_N (100000), BASELINE_REDIS_NP (300000), BASELINE_PG_PHASE_S (5),
// DATABASE_POOL_SIZE (hub default), WRITE_DOCS, DEADLINE_S (600), QUIET_BUSY_PCT (25), QUIET_WAIT_S (60).
// Bounded: every wait has a timeout, the whole run has DEADLINE_S; only 127.0.0.1 is contacted;
// the databases, Redis keys, temp dirs and child processes are removed even on failure.

const { fork } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const L = require('../lib/common');
const { ROOT, DIST, createHarness } = require('../lib/harness');
const { createServices } = require('../lib/services');
const { createBaselineKit } = require('../lib/baseline');
const { openRoutingContext, analyseTimeline } = require('./context');
const { drainConcurrently } = require('./router');
const { seedPoolWorkspace, seedTeamWorkspace, resetTeamQueues, vacuum } = require('./seed');
const { twentyRulePolicy, benchEvaluateRules, benchChooseAgent } = require('./pure');
const { writeDocs } = require('./report');

const CFG = {
  agents: L.envInt('AGENTS', 1000),
  queued: L.envInt('QUEUED', 10000),
  warmup: L.envInt('WARMUP', 1000),
  measure: L.envInt('MEASURE', 2000),
  capacity: L.envInt('CAPACITY', 100),
  maxLoad: L.envInt('MAX_LOAD', 40),
  teams: L.envInt('TEAMS', 10),
  teamAgents: L.envInt('TEAM_AGENTS', 100),
  teamQueued: L.envInt('TEAM_QUEUED', 1000),
  // Team variants, "processes[:pool]": in this process at the hub's pool size, in 2 router
  // processes, and in 1 router process whose pool has room for a lock connection per queue.
  teamVariants: (process.env.TEAM_VARIANTS || `1,2,1:${2 * L.envInt('TEAMS', 10) + 2}`)
    .split(',')
    .map((v) => {
      const [procs, pool] = v.split(':').map(Number);
      if (!(procs >= 1) || (pool !== undefined && !(pool >= 1)))
        throw new Error(`bad TEAM_VARIANTS entry ${v}`);
      return { procs, pool: pool ?? null };
    }),
  pureIter: L.envInt('PURE_ITER', 20000),
  seed: L.envInt('SEED', 42),
  targetP99Ms: 5,
  baseline: process.env.BASELINE || 'after',
  baselineSrc: path.resolve(process.env.BASELINE_SRC || path.join(ROOT, '..', 'shared', 'bench-baseline')),
  redisN: L.envInt('BASELINE_REDIS_N', 100000),
  redisNP: L.envInt('BASELINE_REDIS_NP', 300000),
  pgPhaseS: L.envInt('BASELINE_PG_PHASE_S', 5),
  poolSize: process.env.DATABASE_POOL_SIZE || null,
  writeDocs: process.env.WRITE_DOCS !== '0',
  deadlineS: L.envInt('DEADLINE_S', 600),
  quietBusyPct: L.envInt('QUIET_BUSY_PCT', 25),
  quietWaitS: L.envInt('QUIET_WAIT_S', 60),
};
if (!['around', 'before', 'after', 'off'].includes(CFG.baseline))
  throw new Error('BASELINE must be around, before, after or off');
if (CFG.measure > CFG.queued) throw new Error('MEASURE must not exceed QUEUED');
// Most of the queue must still be waiting at the end of the latency phase (the load).
if (CFG.queued - CFG.measure < 0.8 * CFG.queued)
  throw new Error('MEASURE must leave at least 80% of QUEUED waiting (e.g. 2000 of 10000)');
// Capacities must outlast every measured assignment: nobody may fill up while being measured.
if (CFG.maxLoad + Math.ceil((CFG.warmup + CFG.measure) / CFG.agents) * 3 >= CFG.capacity)
  throw new Error('CAPACITY is too small for MAX_LOAD plus the measured assignments');

const H = createHarness('bench:routing', CFG);
const { stamp: STAMP, log, onCleanup, track, stopChild, waitForQuiet } = H;
const S = createServices(H);
const baselineKit = createBaselineKit({ harness: H });

const ratio = (a, b, d = 4) =>
  Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? L.round(a / b, d) : null;

// ---------------------------------------------------------------------------------------------
// The hub's settings for the in-process engine and the router processes.

function hubEnv(ctx) {
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: ctx.dbUrl,
    REDIS_URL: S.REDIS_URL,
    REDIS_PREFIX: ctx.prefix,
    ENCRYPTION_KEY: ctx.encryptionKey,
    DATA_DIR: ctx.dataDir,
    FILE_STORAGE_DIR: path.join(ctx.dataDir, 'files'),
    LOG_LEVEL: 'silent',
  };
  if (CFG.poolSize) env.DATABASE_POOL_SIZE = CFG.poolSize;
  return env;
}

function cpuMeter(childPids = []) {
  return L.cpuMeter({
    router: () => [process.pid, ...childPids],
    postgres_all: () => L.pidsNamed(/^postgres$/),
    redis: () => L.pidsNamed(/^redis-server$/),
  });
}

async function countWaiting(pg, workspaceId) {
  const { rows } = await pg.query(
    `SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL`,
    [workspaceId],
  );
  return rows[0].n;
}

/** No agent over capacity, and open_count equal to the unresolved conversations assigned. */
async function checkLoads(pg) {
  const { rows } = await pg.query(
    `SELECT count(*) FILTER (WHERE a.open_count > a.capacity)::int AS over,
            count(*) FILTER (WHERE a.open_count <> c.n)::int AS miscounted,
            max(a.open_count)::int AS max_open, min(a.capacity - a.open_count)::int AS min_room
       FROM agents a LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM conversations c
              WHERE c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status <> 'resolved') c ON true`,
  );
  return rows[0];
}

/** Plans of the drainer's two per-batch reads, as they run at the end of the latency phase. */
async function explainReads(pg, ws, after) {
  const plan = async (sql, params) =>
    (await pg.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']);
  return {
    candidates: await plan(
      `SELECT a.id, a.open_count, a.capacity, a.last_assigned_at, a.skills, 'normal' AS tier FROM agents a
        WHERE a.workspace_id = $1 AND a.status = 'accepting' AND a.open_count < a.capacity`,
      [ws],
    ),
    queue_head_page: await plan(
      `SELECT c.id, (SELECT p.assignee_id FROM conversations p WHERE p.workspace_id = c.workspace_id AND p.contact_id = c.contact_id
                AND p.id <> c.id AND p.assignee_id IS NOT NULL ORDER BY p.last_message_at DESC NULLS LAST LIMIT 1)
         FROM conversations c WHERE c.workspace_id = $1 AND c.status = 'queued' AND c.assignee_id IS NULL
          AND c.routed_at IS NOT NULL AND c.team_id IS NULL
          AND c.priority = $2 AND (c.queued_at, c.id) > ($3, $4::uuid)
        ORDER BY c.team_id, c.priority DESC, c.queued_at, c.id LIMIT 50`,
      [ws, after.priority, after.queuedAt, after.id],
    ),
  };
}

/**
 * What-if for the claim, after the latency phase (it assigns 2 x `n` more pool conversations, which
 * nothing later measures): sb_claim_assignments with one item called directly on the bench's plain pg connection
 * (no TypeORM, no pool checkout), first as the hub commits (synchronous_commit on), then with
 * synchronous_commit off, which leaves out waiting for the WAL flush. Against the drainer's own
 * claim round trip this splits the client side, the server work and the commit flush.
 */
async function claimWhatIf(pg, ws, agentIds, n = 200) {
  const { rows } = await pg.query(
    `SELECT id FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL AND team_id IS NULL
      ORDER BY priority DESC, queued_at, id LIMIT $2`,
    [ws, 2 * n],
  );
  const reason = JSON.stringify({
    strategy: 'least_busy',
    choice: 'least_busy',
    tier: 'normal',
    assignedAt: new Date().toISOString(),
  });
  const run = async (ids, k0) => {
    const ms = [];
    const outcomes = {};
    for (const [k, id] of ids.entries()) {
      const t0 = process.hrtime.bigint();
      const r = await pg.query(
        'SELECT * FROM sb_claim_assignments($1, $2::uuid[], $3::uuid[], $4::jsonb[])',
        [ws, [id], [agentIds[(k0 + k * 7) % agentIds.length]], [reason]],
      );
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      outcomes[r.rows[0].o_outcome] = (outcomes[r.rows[0].o_outcome] || 0) + 1;
    }
    return { ...L.summarize(ms, 3), outcomes };
  };
  const ids = rows.map((r) => r.id);
  const out = { sync_commit_on: await run(ids.slice(0, n), 0) };
  await pg.query('SET synchronous_commit = off');
  try {
    out.sync_commit_off = await run(ids.slice(n), 1);
  } finally {
    await pg.query('RESET synchronous_commit');
  }
  // The relay would have deleted these; nothing reads them here.
  await pg.query('DELETE FROM outbox WHERE workspace_id = $1', [ws]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phases.

/** Drains `key` with the head cap set to `n` until it is used up (or a drain assigns nothing). */
async function drainExactly(engine, key, n) {
  engine.cap.headBudget = n;
  let drains = 0;
  while (engine.cap.headBudget > 0) {
    const before = engine.cap.headBudget;
    await L.withTimeout(engine.drain(key), 120000, 'drain');
    drains++;
    if (engine.cap.headBudget === before)
      throw new Error(`a drain of ${JSON.stringify(key)} assigned nothing`);
  }
  engine.cap.headBudget = null;
  return drains;
}

async function latencyPhase(engine, pg, pool) {
  const key = { workspaceId: pool.workspaceId, teamId: null };
  const waitingBefore = await countWaiting(pg, pool.workspaceId);
  const quiet = await waitForQuiet('latency');
  log(
    `latency: one router drains the pool queue (${waitingBefore} waiting, ${CFG.agents} agents) until ${CFG.measure} are assigned`,
  );
  engine.rec.events = [];
  engine.rec.on = true;
  const meter = cpuMeter();
  meter.start();
  const drains = await drainExactly(engine, key, CFG.measure);
  engine.rec.on = false;
  const t = analyseTimeline(engine.rec.events);
  engine.rec.events = [];
  const cpu = meter.stop(t.assignments.length);
  const waitingAfter = await countWaiting(pg, pool.workspaceId);

  const lat = t.assignments.map((a) => a.ms);
  const sum = (f) => t.assignments.reduce((s, a) => s + f(a), 0);
  const n = t.assignments.length;
  // The slowest 1%: what they have in common.
  const slow = [...t.assignments].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(n / 100)));
  const slowSum = (f) => L.round(slow.reduce((s, a) => s + f(a), 0) / slow.length, 3);
  const split = (rows) => ({
    claim_ms: L.round(rows.reduce((s, a) => s + a.claim_ms, 0) / rows.length, 3),
    candidates_ms: L.round(rows.reduce((s, a) => s + a.candidates_ms, 0) / rows.length, 3),
    head_ms: L.round(rows.reduce((s, a) => s + a.head_ms, 0) / rows.length, 3),
    settings_ms: L.round(rows.reduce((s, a) => s + a.settings_ms, 0) / rows.length, 3),
    choose_ms: L.round(rows.reduce((s, a) => s + a.choose_ms, 0) / rows.length, 4),
    other_ms: L.round(rows.reduce((s, a) => s + a.other_ms, 0) / rows.length, 3),
  });
  const plain = t.assignments.filter((a) => !a.reload && !a.drain_start);
  const reloads = t.assignments.filter((a) => a.reload && !a.drain_start);
  const starts = t.assignments.filter((a) => a.drain_start);
  const out = {
    before_start: quiet,
    waiting_before: waitingBefore,
    waiting_after: waitingAfter,
    agents: CFG.agents,
    drains,
    assignments: n,
    claim_outcomes: t.outcomes,
    drain_wall_ms: L.round(t.wallMs, 1),
    assignments_per_s: L.round((n * 1000) / t.wallMs, 0),
    decision_ms: L.summarize(lat, 3),
    // An estimate, not a measurement: the same decisions with the time spent in candidate reloads
    // and queue-head reads taken out (what prefetching them, or making them cheap, would leave).
    decision_ms_without_reads: L.summarize(
      t.assignments.map((a) => a.ms - a.candidates_ms - a.head_ms),
      3,
    ),
    mean_split_ms: split(t.assignments),
    by_kind: {
      plain: {
        n: plain.length,
        ms: L.summarize(
          plain.map((a) => a.ms),
          3,
        ),
        split: plain.length ? split(plain) : null,
      },
      with_candidate_reload: {
        n: reloads.length,
        ms: L.summarize(
          reloads.map((a) => a.ms),
          3,
        ),
        split: reloads.length ? split(reloads) : null,
      },
      first_of_a_drain: {
        n: starts.length,
        ms: L.summarize(
          starts.map((a) => a.ms),
          3,
        ),
        split: starts.length ? split(starts) : null,
      },
    },
    slowest_1pct: {
      n: slow.length,
      fastest_ms: L.round(slow[slow.length - 1].ms, 3),
      with_candidate_reload: slow.filter((a) => a.reload).length,
      first_of_a_drain: slow.filter((a) => a.drain_start).length,
      with_retried_claim: slow.filter((a) => a.claims > 1).length,
      mean_split_ms: {
        claim_ms: slowSum((a) => a.claim_ms),
        candidates_ms: slowSum((a) => a.candidates_ms),
        head_ms: slowSum((a) => a.head_ms),
        settings_ms: slowSum((a) => a.settings_ms),
        choose_ms: slowSum((a) => a.choose_ms),
        other_ms: slowSum((a) => a.other_ms),
      },
    },
    call_ms: {
      claim: L.summarize(t.durations('claim'), 3),
      candidates: L.summarize(t.durations('candidates'), 3),
      queue_head: L.summarize(t.durations('head'), 3),
      settings: L.summarize(t.durations('settings'), 3),
      choose: L.summarize(t.durations('choose'), 4),
    },
    share_of_time_pct: {
      claim: L.round((100 * sum((a) => a.claim_ms)) / t.wallMs, 1),
      candidates: L.round((100 * sum((a) => a.candidates_ms)) / t.wallMs, 1),
      queue_head: L.round((100 * sum((a) => a.head_ms)) / t.wallMs, 1),
      settings: L.round((100 * sum((a) => a.settings_ms)) / t.wallMs, 1),
      choose: L.round((100 * sum((a) => a.choose_ms)) / t.wallMs, 2),
      other: L.round((100 * sum((a) => a.other_ms)) / t.wallMs, 1),
    },
    cpu,
  };
  const d = out.decision_ms;
  log(
    `  ${n} assignments in ${out.drain_wall_ms} ms (${out.assignments_per_s}/s, ${drains} drains); decision p50 ${d.p50} p90 ${d.p90} p99 ${d.p99} max ${d.max} ms; claim p50 ${out.call_ms.claim.p50} ms, candidates p50 ${out.call_ms.candidates.p50} ms, head p50 ${out.call_ms.queue_head.p50} ms; waiting ${waitingBefore} -> ${waitingAfter}`,
  );
  log(
    `  slowest 1% (${slow.length}, from ${out.slowest_1pct.fastest_ms} ms): ${out.slowest_1pct.with_candidate_reload} with a candidate reload, ${out.slowest_1pct.first_of_a_drain} first of a drain; mean split ${JSON.stringify(out.slowest_1pct.mean_split_ms)}`,
  );
  return out;
}

async function pureBench(engine, pool) {
  log(
    `pure: chooseAgent over the loaded candidates and evaluateRules over 20 rules, ${CFG.pureIter} calls each`,
  );
  const candidates = await engine.repo.candidates(engine.db.manager, {
    workspaceId: pool.workspaceId,
    teamId: null,
  });
  const warmup = Math.min(5000, CFG.pureIter);
  const choose = benchChooseAgent(engine.pureChoose, candidates, { iterations: CFG.pureIter, warmup });
  const rules = benchEvaluateRules(engine.dist, {
    iterations: CFG.pureIter,
    warmup,
    teamId: crypto.randomUUID(),
  });
  log(
    `  chooseAgent least_busy over ${choose.candidates}: mean ${choose.least_busy.batch_mean_us} µs (p99 ${choose.least_busy.p99}); with a skill ${choose.least_busy_skill.batch_mean_us} µs; evaluateRules 20 rules: no match ${rules.no_match.batch_mean_us} µs, rule 10 ${rules.rule_10.batch_mean_us} µs`,
  );
  return { chooseAgent: choose, evaluateRules: rules };
}

/** Router processes (router.js), booted before the measured part. */
async function startRouters(n, env) {
  const routers = [];
  for (let i = 0; i < n; i++) {
    const child = track(
      fork(path.join(__dirname, 'router.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }),
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const ask = H.mailbox(child, `router ${i + 1}`);
    const release = onCleanup(`router ${i + 1}`, () => stopChild(child, 10000));
    routers.push({ child, ask, release, stderr: () => stderr });
    const ready = await ask({ type: 'boot', dist: DIST, env }, 'ready', 60000);
    if (ready.error) throw new Error(`router ${i + 1} did not boot: ${ready.error}`);
  }
  return routers;
}

async function stopRouters(routers) {
  for (const r of routers) {
    await r.ask({ type: 'close' }, 'closed', 20000).catch(() => undefined);
    await r.release();
  }
}

async function teamPhase(engine, pg, teamsWs, { procs, pool }, env) {
  const keys = teamsWs.teamIds.map(({ teamId }) => ({ workspaceId: teamsWs.workspaceId, teamId }));
  const waitingBefore = await countWaiting(pg, teamsWs.workspaceId);
  const inProcess = procs === 1 && pool === null;
  const poolSize = pool ?? engine.config.DATABASE_POOL_SIZE;
  const label = `${procs} process${procs > 1 ? 'es' : ''}, pool ${poolSize}`;
  let routers = [];
  try {
    if (!inProcess)
      routers = await startRouters(procs, pool === null ? env : { ...env, DATABASE_POOL_SIZE: String(pool) });
    const quiet = await waitForQuiet(`teams (${label})`);
    log(`teams: ${keys.length} team queues (${waitingBefore} waiting) drained at once by ${label}`);
    const meter = cpuMeter(routers.map((r) => r.child.pid));
    meter.start();
    let parts;
    if (inProcess) parts = [await drainConcurrently(engine, keys)];
    else {
      const split = routers.map((_, i) => keys.filter((__, k) => k % procs === i));
      parts = await Promise.all(
        routers.map((r, i) => r.ask({ type: 'drain', keys: split[i] }, 'drained', 180000)),
      );
      for (const p of parts) if (p.error) throw new Error(`router failed: ${p.error}`);
    }
    const t0 = Math.min(...parts.map((p) => p.t0_us));
    const t1 = Math.max(...parts.map((p) => p.t1_us));
    const assigned = parts.reduce((s, p) => s + p.assigned, 0);
    const cpu = meter.stop(assigned);
    const wallS = (t1 - t0) / 1e6;
    const errors = {};
    const outcomes = {};
    for (const p of parts) {
      for (const [k, v] of Object.entries(p.errors)) errors[k] = (errors[k] || 0) + v;
      for (const [k, v] of Object.entries(p.outcomes)) outcomes[k] = (outcomes[k] || 0) + v;
    }
    const out = {
      before_start: quiet,
      processes: procs,
      pool_size: poolSize,
      in_bench_process: inProcess,
      queues: keys.length,
      waiting_before: waitingBefore,
      waiting_after: await countWaiting(pg, teamsWs.workspaceId),
      assigned,
      claim_outcomes: outcomes,
      errors,
      wall_s: L.round(wallS, 3),
      assignments_per_s: L.round(assigned / wallS, 0),
      per_process: parts.map((p) => ({
        queues: p.queues,
        assigned: p.assigned,
        wall_ms: p.wall_ms,
        per_queue_wall_ms: p.per_queue_wall_ms,
        claim_ms: p.claim_ms,
        time_in_ms: p.time_in_ms,
      })),
      cpu,
    };
    log(
      `  ${assigned} assigned in ${out.wall_s} s: ${out.assignments_per_s}/s; claim p50 ${parts[0].claim_ms.p50} p99 ${parts[0].claim_ms.p99} ms; errors ${JSON.stringify(errors)}; machine ${cpu.machine_busy_pct}% busy`,
    );
    return out;
  } finally {
    await stopRouters(routers);
  }
}

async function runRouting() {
  const ctx = {
    dbName: `sb_bench_routing_${STAMP}`.toLowerCase(),
    prefix: `sbbench_routing_${STAMP}`,
    encryptionKey: crypto.randomBytes(32).toString('base64'),
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-routing-')),
  };
  ctx.dbUrl = S.pgUrl(ctx.dbName);
  const scope = [];
  scope.push(
    onCleanup(`data dir ${ctx.dataDir}`, () => fs.rmSync(ctx.dataDir, { recursive: true, force: true })),
  );
  scope.push(
    onCleanup(`redis prefix ${ctx.prefix}`, async () =>
      log(`  deleted ${await S.deleteRedisPrefix(ctx.prefix)} Redis keys of ${ctx.prefix}`),
    ),
  );
  scope.push(await S.createDatabase(ctx.dbName));
  let pg;
  let engine;
  let releaseEngine;
  try {
    log(`database ${ctx.dbName}, Redis prefix ${ctx.prefix}: migrating`);
    const { runMigrations } = require(path.join(DIST, 'src', 'core', 'database', 'database-bootstrap'));
    const migrations = await runMigrations(ctx.dbUrl);
    pg = await S.pgConnect(ctx.dbName);
    pg.on('error', (e) => log(`  bench connection error: ${e.message}`));

    const s0 = Date.now();
    const policy = twentyRulePolicy(crypto.randomUUID());
    const pool = await seedPoolWorkspace(pg, {
      agents: CFG.agents,
      capacity: CFG.capacity,
      maxLoad: CFG.maxLoad,
      queued: CFG.queued,
      warmup: CFG.warmup,
      policy,
      seed: CFG.seed,
    });
    const teamsWs = await seedTeamWorkspace(pg, {
      teams: CFG.teams,
      perTeam: CFG.teamAgents,
      capacity: CFG.capacity,
      maxLoad: CFG.maxLoad,
      queuedPerTeam: CFG.teamQueued,
      seed: CFG.seed,
    });
    await vacuum(pg);
    const seed = {
      seconds: L.round((Date.now() - s0) / 1000, 1),
      migrations: migrations.length,
      pool: {
        agents: pool.agentIds.length,
        existing_open_conversations: pool.existingLoad,
        waiting: await countWaiting(pg, pool.workspaceId),
      },
      teams: {
        teams: teamsWs.teamIds.length,
        strategies: teamsWs.teamIds.map((t) => t.strategy),
        agents: teamsWs.agentIds.length,
        existing_open_conversations: teamsWs.existingLoad,
        waiting: await countWaiting(pg, teamsWs.workspaceId),
      },
      conversations_total: (await pg.query('SELECT count(*)::int AS n FROM conversations')).rows[0].n,
    };
    log(`seeded in ${seed.seconds} s: ${JSON.stringify(seed)}`);

    const env = hubEnv(ctx);
    engine = await openRoutingContext(DIST, env);
    releaseEngine = onCleanup('routing context', () => engine.close());
    const poolKey = { workspaceId: pool.workspaceId, teamId: null };

    log(`warm-up: ${CFG.warmup} assignments (priority 100, served first; not recorded)`);
    const w0 = Date.now();
    if (CFG.warmup > 0) await drainExactly(engine, poolKey, CFG.warmup);
    const warmup = { assignments: CFG.warmup, seconds: L.round((Date.now() - w0) / 1000, 1) };
    // The warm-up leaves dead index entries behind, as any earlier traffic would; not vacuumed.

    const latency = await latencyPhase(engine, pg, pool);
    const lastHead = (
      await pg.query(
        `SELECT priority, queued_at AS "queuedAt", id FROM conversations WHERE workspace_id = $1 AND status = 'open'
            AND team_id IS NULL AND routing_reason ? 'strategy' ORDER BY assigned_at DESC LIMIT 1`,
        [pool.workspaceId],
      )
    ).rows[0];
    const plans = lastHead ? await explainReads(pg, pool.workspaceId, lastHead) : null;
    const claimIf = await claimWhatIf(pg, pool.workspaceId, pool.agentIds);
    log(
      `what-if, one-item sb_claim_assignments on a plain connection, p50 ms: ${claimIf.sync_commit_on.p50} (synchronous_commit on), ${claimIf.sync_commit_off.p50} (off); the drainer's claim p50 ${latency.call_ms.claim.p50}`,
    );
    const pure = await pureBench(engine, pool);

    const teams = [];
    for (const [i, variant] of CFG.teamVariants.entries()) {
      if (i > 0) {
        const n = await resetTeamQueues(pg, teamsWs.workspaceId);
        log(`team queues reset (${n} conversations waiting again)`);
      }
      teams.push(await teamPhase(engine, pg, teamsWs, variant, env));
    }
    const loads = await checkLoads(pg);
    log(`checks: ${JSON.stringify(loads)}`);
    return {
      database: ctx.dbName,
      redis_prefix: ctx.prefix,
      pool_size: engine.config.DATABASE_POOL_SIZE,
      seed,
      warmup,
      latency,
      plans,
      claim_what_if: claimIf,
      pure,
      teams,
      checks: loads,
    };
  } finally {
    if (releaseEngine) await releaseEngine().catch((e) => log(`  closing the routing context: ${e.message}`));
    if (pg) await pg.end().catch(() => undefined);
    await H.releaseAll(scope.reverse());
  }
}

// ---------------------------------------------------------------------------------------------
// The baseline: raw Redis (redis-benchmark) and PostgreSQL one-row transactions.

/** A Redis database number with no keys (redis.js FLUSHDBs the one it uses). */
async function emptyRedisDb() {
  const redis = S.openRedis();
  try {
    await redis.connect();
    for (let db = 9; db <= 15; db++) {
      await redis.select(db);
      if ((await redis.dbsize()) === 0) return db;
    }
    return null;
  } finally {
    redis.disconnect();
  }
}

async function runBaseline(label) {
  const dir = await baselineKit.prepare(CFG.baselineSrc, 'redis.js');
  const base = { PATH: process.env.PATH, HOME: process.env.HOME };
  const out = { label };
  const redisDb = await emptyRedisDb();
  if (redisDb === null)
    out.redis = { skipped: 'no empty Redis database among 9..15 (redis.js flushes the one it uses)' };
  else {
    out.redis_before_start = await waitForQuiet(`baseline redis ${label}`);
    log(`baseline (${label}): redis.js N=${CFG.redisN} NP=${CFG.redisNP} on Redis db ${redisDb}`);
    const r = await baselineKit.runScript(
      dir,
      ['redis.js'],
      {
        ...base,
        REDIS_HOST: S.REDIS_HOST,
        REDIS_PORT: String(S.REDIS_PORT),
        REDIS_DB: String(redisDb),
        N: String(CFG.redisN),
        NP: String(CFG.redisNP),
      },
      240000,
    );
    out.redis = r;
    log(
      `  redis: SET ${r.set.rps}/s, GET ${r.get.rps}/s, EVALSHA ${r.evalsha.rps}/s; pipelined SET ${r.set_pipelined.rps}/s`,
    );
  }
  const dbName = `sb_bench_routing_${STAMP}_pg_${label}`.toLowerCase();
  const release = await S.createDatabase(dbName);
  try {
    out.pg_before_start = await waitForQuiet(`baseline pg ${label}`);
    log(`baseline (${label}): pg.js with ${CFG.pgPhaseS} s phases`);
    const r = await baselineKit.runScript(
      dir,
      ['pg.js'],
      {
        ...base,
        PGHOST: S.PG.host,
        PGPORT: String(S.PG.port),
        PGUSER: S.PG.user,
        PGPASSWORD: S.PG.password,
        PGDATABASE: dbName,
        N: '20000',
        N_SERIAL: '10000',
        COPY_N: '20000',
        PHASE_S: String(CFG.pgPhaseS),
        Q_S: '3',
        DEADLINE_S: '150',
      },
      180000,
    );
    out.pg = r;
    log(
      `  postgres: one-row transactions ${r.insert_single_tx_1conn.rows_s}/s on 1 connection, ${r.insert_single_tx_pool.rows_s}/s with a pool of ${r.pool}`,
    );
  } finally {
    await release();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { started, head } = H.begin();
  const result = {
    ...head,
    machine: await S.machineInfo(),
    config: { ...CFG, dist: path.relative(ROOT, DIST) || '.' },
    baseline: { runs: [] },
  };
  log(`machine: ${JSON.stringify(result.machine)}`);
  if (CFG.baseline === 'before' || CFG.baseline === 'around')
    result.baseline.runs.push(await runBaseline('before'));
  result.routing = await runRouting();
  if (CFG.baseline === 'after' || CFG.baseline === 'around')
    result.baseline.runs.push(await runBaseline('after'));

  const runs = result.baseline.runs;
  const mean = (f) => {
    const v = runs.map(f).filter((x) => Number.isFinite(x));
    return v.length ? L.round(v.reduce((s, x) => s + x, 0) / v.length, 0) : null;
  };
  const base = {
    redis_set_ops_s: mean((r) => r.redis && r.redis.set && r.redis.set.rps),
    redis_evalsha_ops_s: mean((r) => r.redis && r.redis.evalsha && r.redis.evalsha.rps),
    pg_one_row_tx_1conn_s: mean((r) => r.pg && r.pg.insert_single_tx_1conn.rows_s),
    pg_one_row_tx_pool_s: mean((r) => r.pg && r.pg.insert_single_tx_pool.rows_s),
    pg_pool: runs.length && runs[0].pg ? runs[0].pg.pool : null,
  };
  const rt = result.routing;
  const one = rt.latency.assignments_per_s;
  const pick = (f) => rt.teams.find(f) || null;
  const hubPool = rt.pool_size;
  const teamsOneV = pick((t) => t.processes === 1 && t.pool_size === hubPool);
  const teamsTwoV = pick((t) => t.processes === 2 && t.pool_size === hubPool);
  const teamsBigV = pick((t) => t.processes === 1 && t.pool_size > hubPool);
  const teamsOne = teamsOneV && teamsOneV.assignments_per_s;
  const teamsTwo = teamsTwoV && teamsTwoV.assignments_per_s;
  const teamsBig = teamsBigV && teamsBigV.assignments_per_s;
  result.summary = {
    agents: CFG.agents,
    waiting_at_start: rt.latency.waiting_before,
    waiting_at_end: rt.latency.waiting_after,
    decision_ms: rt.latency.decision_ms,
    decision_p99_vs_target: ratio(rt.latency.decision_ms.p99, CFG.targetP99Ms, 2),
    decision_p99_under_target: rt.latency.decision_ms.p99 < CFG.targetP99Ms,
    choose_agent_us: rt.pure.chooseAgent.least_busy.batch_mean_us,
    evaluate_rules_us: rt.pure.evaluateRules.no_match.batch_mean_us,
    one_router_assignments_s: one,
    teams_one_process_assignments_s: teamsOne,
    teams_two_processes_assignments_s: teamsTwo,
    teams_one_process_big_pool_assignments_s: teamsBig,
    teams_one_process_big_pool: teamsBigV && teamsBigV.pool_size,
    team_errors: Object.fromEntries(rt.teams.map((t) => [`${t.processes}p_pool${t.pool_size}`, t.errors])),
    baseline: base,
    ratios: {
      one_router_to_redis_set: ratio(one, base.redis_set_ops_s),
      one_router_to_pg_tx_1conn: ratio(one, base.pg_one_row_tx_1conn_s, 3),
      teams_one_process_to_redis_set: ratio(teamsOne, base.redis_set_ops_s),
      teams_one_process_to_pg_tx_pool: ratio(teamsOne, base.pg_one_row_tx_pool_s, 3),
      teams_two_processes_to_pg_tx_pool: ratio(teamsTwo, base.pg_one_row_tx_pool_s, 3),
      teams_one_process_big_pool_to_pg_tx_pool: ratio(teamsBig, base.pg_one_row_tx_pool_s, 3),
    },
    checks: rt.checks,
  };
  const file = H.saveResult(result, started, CFG.writeDocs && writeDocs);
  process.stdout.write(
    JSON.stringify({
      bench: 'routing',
      stamp: STAMP,
      machine: result.machine,
      ...result.summary,
      duration_s: result.duration_s,
      result_file: file,
    }) + '\n',
  );
}

H.runMain(main);
