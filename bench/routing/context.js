'use strict';
// The routing engine of the BUILT hub (dist/) in this process, as the routing worker runs it: the
// services of test/support/context.ts (CoreModule, DomainModule, ConnectorRuntimeModule,
// RoutingModule; no HTTP, no BullMQ workers, no sweepers), against the bench's database and Redis
// prefix, with a timeline recorder wrapped around the singletons' methods. Nothing in src/ is
// changed: the wrappers are instance properties (and one module export) set in this process only.
//
// Used by bench/routing/run.js in-process and by bench/routing/router.js (a second router process).

const path = require('node:path');
const { performance } = require('node:perf_hooks');

/** performance.now() in milliseconds (sub-microsecond resolution, monotonic, this process). */
const now = () => performance.now();

/**
 * @param dist  the build to load (bench/lib/harness.js DIST)
 * @param env   the hub settings (DATABASE_URL, REDIS_URL, REDIS_PREFIX, ENCRYPTION_KEY, DATA_DIR...)
 */
async function openRoutingContext(dist, env) {
  // The hub's own copies of Nest and TypeORM (one instance of each, or DI tokens do not match).
  const req = (m) => require(require.resolve(m, { paths: [dist] }));
  req('reflect-metadata');
  const { Module } = req('@nestjs/common');
  const { NestFactory } = req('@nestjs/core');
  const { DataSource } = req('typeorm');
  const d = (p) => require(path.join(dist, 'src', p));
  const { loadConfig } = d('core/config/load-config');
  const { createRootLogger } = d('core/logging/logger');
  const { CoreModule } = d('core/core.module');
  const { DomainModule } = d('core/domain.module');
  const { ConnectorRuntimeModule } = d('connectors/runtime/connector-runtime.module');
  const { RoutingModule } = d('routing/routing.module');
  const { QueueDrainer } = d('routing/queue-drainer.service');
  const { RoutingQueueRepository } = d('routing/routing-queue.repository');
  const { RoutingSettingsRepository } = d('routing/routing-settings.repository');
  const strategy = d('routing/policy/assignment-strategy');

  const config = loadConfig({ ...env, SEED_DEMO: 'false' }, []);
  class BenchRoutingContextModule {}
  Module({
    imports: [
      CoreModule.forRoot(config, createRootLogger('silent')),
      DomainModule,
      ConnectorRuntimeModule,
      RoutingModule,
    ],
  })(BenchRoutingContextModule);
  const app = await NestFactory.createApplicationContext(BenchRoutingContextModule, { logger: false });

  const drainer = app.get(QueueDrainer);
  const repo = app.get(RoutingQueueRepository);
  const settings = app.get(RoutingSettingsRepository);
  const db = app.get(DataSource);

  // -------------------------------------------------------------------------------------------
  // The recorder: while `rec.on`, every wrapped call appends [kind, t0, t1, outcome] (ms, now()).
  // Kinds: claim (one sb_claim_assignments round trip: ROUTING_CLAIM_BATCH assignments, one commit),
  // candidates (agents with room, once per drain), head (queue head page), settings (the workspace's routing setup, once per
  // drain), choose (the pure chooseAgent), drain (the whole QueueDrainer.drain call, from the bench).

  const rec = { on: false, events: [] };
  const wrap = (obj, name, kind, outcomeOf) => {
    const orig = obj[name].bind(obj);
    obj[name] = async (...args) => {
      const t0 = now();
      const out = await orig(...args);
      if (rec.on) rec.events.push([kind, t0, now(), outcomeOf ? outcomeOf(out) : undefined]);
      return out;
    };
  };
  wrap(repo, 'claimBatch', 'claim', (r) => r.outcomes);
  wrap(repo, 'candidates', 'candidates', (r) => r.length);
  wrap(settings, 'load', 'settings');

  // Queue heads handed to the drainer are capped at `headBudget` per phase (null: no cap), so a
  // phase assigns exactly what it measures whatever the drainer's per-drain scan limit is. Cutting
  // a page short changes nothing the drainer does with the rows it gets; it ends the drain.
  const cap = { headBudget: null };
  const origHead = repo.queueHead.bind(repo);
  repo.queueHead = async (...args) => {
    const t0 = now();
    let rows = await origHead(...args);
    const t1 = now();
    if (cap.headBudget !== null) {
      rows = rows.slice(0, Math.max(0, cap.headBudget));
      cap.headBudget -= rows.length;
    }
    if (rec.on) rec.events.push(['head', t0, t1, rows.length]);
    return rows;
  };

  // chooseAgent is called through the module's exports object (`(0, m.chooseAgent)(...)`), so
  // replacing the export times every in-drain call without touching the drainer.
  const pureChoose = strategy.chooseAgent;
  strategy.chooseAgent = (...args) => {
    if (!rec.on) return pureChoose(...args);
    const t0 = now();
    const out = pureChoose(...args);
    rec.events.push(['choose', t0, now()]);
    return out;
  };

  /** Drains one queue, recorded; resolves with its [start, end]. */
  async function drain(key) {
    const t0 = now();
    await drainer.drain(key);
    const t1 = now();
    if (rec.on) rec.events.push(['drain', t0, t1]);
    return [t0, t1];
  }

  return {
    app,
    config,
    db,
    drainer,
    repo,
    rec,
    cap,
    drain,
    pureChoose,
    dist: d,
    async close() {
      strategy.chooseAgent = pureChoose;
      await app.close();
    },
  };
}

/**
 * What one phase's timeline says: per assignment, the time from the previous claim batch's end
 * (or the drain's start) to the end of the batch that assigned it - choosing among the candidates
 * for the batch, the claim round trip, and whatever read fell in between - and how that time
 * splits (the batch's time shared among its assignments).
 */
function analyseTimeline(events) {
  const sorted = [...events].sort((a, b) => a[2] - b[2] || a[1] - b[1]);
  const drains = sorted.filter((e) => e[0] === 'drain');
  const assignments = [];
  const outcomes = {};
  for (const [d0, d1] of drains.map((e) => [e[1], e[2]])) {
    const inside = sorted.filter((e) => e[0] !== 'drain' && e[1] >= d0 && e[2] <= d1);
    let prevEnd = d0;
    let acc = {
      claim: 0,
      candidates: 0,
      head: 0,
      settings: 0,
      choose: 0,
      claims: 0,
      reload: false,
      first: true,
    };
    for (const e of inside) {
      const [kind, t0, t1, out] = e;
      if (kind === 'claim') {
        // One batch: every conversation it assigned waited the same time, from the previous
        // batch's end (or the drain's start) to this commit.
        for (const o of out) outcomes[o] = (outcomes[o] || 0) + 1;
        acc.claim += t1 - t0;
        acc.claims++;
        const assigned = out.filter((o) => o === 'assigned').length;
        if (assigned === 0) continue;
        const total = t1 - prevEnd;
        const known = acc.claim + acc.candidates + acc.head + acc.settings + acc.choose;
        for (let k = 0; k < assigned; k++)
          assignments.push({
            ms: total,
            claim_ms: acc.claim / assigned,
            candidates_ms: acc.candidates / assigned,
            head_ms: acc.head / assigned,
            settings_ms: acc.settings / assigned,
            choose_ms: acc.choose / assigned,
            other_ms: Math.max(0, total - known) / assigned,
            claims: acc.claims,
            reload: acc.reload,
            drain_start: acc.first,
            batch: assigned,
          });
        prevEnd = t1;
        acc = {
          claim: 0,
          candidates: 0,
          head: 0,
          settings: 0,
          choose: 0,
          claims: 0,
          reload: false,
          first: false,
        };
      } else if (kind === 'candidates') {
        acc.candidates += t1 - t0;
        acc.reload = true;
      } else if (kind === 'head') acc.head += t1 - t0;
      else if (kind === 'settings') acc.settings += t1 - t0;
      else if (kind === 'choose') acc.choose += t1 - t0;
    }
  }
  const wallMs = drains.reduce((s, e) => s + (e[2] - e[1]), 0);
  const durations = (kind) => sorted.filter((e) => e[0] === kind).map((e) => e[2] - e[1]);
  return { assignments, outcomes, drains: drains.length, wallMs, durations };
}

module.exports = { openRoutingContext, analyseTimeline, now };
