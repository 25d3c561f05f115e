'use strict';
// A routing process of bench/routing (forked by run.js for the multi-process variant): the same
// in-process routing context as the parent (context.js), driven over IPC.
//   {type:'boot', dist, env}           -> {type:'ready'}
//   {type:'drain', keys:[QueueKey]}    -> {type:'drained', ...drainConcurrently()}
//   {type:'close'}                     -> {type:'closed'}, then exits
// It exits by itself when the parent goes away.

const L = require('../lib/common');
const { openRoutingContext, now } = require('./context');

/**
 * Drains the queues at once (Promise.all of QueueDrainer.drain), recorded: assignments, claim
 * outcomes and round trips, errors (a drain that throws is counted, the others go on), and the
 * wall time on CLOCK_MONOTONIC (comparable across processes).
 */
async function drainConcurrently(ctx, keys) {
  ctx.rec.events = [];
  ctx.rec.on = true;
  const errors = {};
  const t0Us = L.nowUs();
  const t0 = now();
  const perQueue = await Promise.all(
    keys.map(async (key) => {
      const q0 = now();
      try {
        await ctx.drain(key);
      } catch (e) {
        const msg = String(e.message).slice(0, 120);
        errors[msg] = (errors[msg] || 0) + 1;
      }
      return now() - q0;
    }),
  );
  const wallMs = now() - t0;
  const t1Us = L.nowUs();
  ctx.rec.on = false;
  const events = ctx.rec.events;
  ctx.rec.events = [];
  const outcomes = {};
  const claimMs = [];
  const kinds = {};
  for (const [kind, a, b, out] of events) {
    kinds[kind] = kinds[kind] || { n: 0, ms: 0 };
    kinds[kind].n++;
    kinds[kind].ms += b - a;
    if (kind === 'claim') {
      // One claim statement: the outcomes of its batch of assignments.
      for (const o of out) outcomes[o] = (outcomes[o] || 0) + 1;
      claimMs.push(b - a);
    }
  }
  return {
    queues: keys.length,
    assigned: outcomes.assigned || 0,
    outcomes,
    errors,
    wall_ms: L.round(wallMs, 1),
    t0_us: t0Us,
    t1_us: t1Us,
    per_queue_wall_ms: L.summarize(perQueue, 1),
    claim_ms: L.summarize(claimMs, 3),
    time_in_ms: Object.fromEntries(
      Object.entries(kinds).map(([k, v]) => [k, { n: v.n, total_ms: L.round(v.ms, 1) }]),
    ),
  };
}

module.exports = { drainConcurrently };

if (require.main === module) {
  let ctx;
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (m) => {
    try {
      if (m.type === 'boot') {
        ctx = await openRoutingContext(m.dist, m.env);
        process.send({ type: 'ready', pid: process.pid });
      } else if (m.type === 'drain') {
        process.send({ type: 'drained', ...(await drainConcurrently(ctx, m.keys)) });
      } else if (m.type === 'close') {
        if (ctx) await ctx.close();
        process.send({ type: 'closed' }, () => process.exit(0));
      }
    } catch (e) {
      // Answered with the type the parent waits for, carrying the error.
      const answer = { boot: 'ready', drain: 'drained', close: 'closed' }[m.type] || 'failed';
      process.send({ type: answer, error: e.stack || e.message });
    }
  });
}
