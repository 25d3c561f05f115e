'use strict';
// Preloaded into a hub process by run.js (node --require) when COUNT_SQL=1 or CPU_PROF=1. Measurement
// only: it does not change what the hub does.
// - SB_PROBE_SQL=1: counts every statement the pg driver sends, grouped by normalised text, with the
//   client-side time each took (round trip included, waiting for a pool connection excluded).
// - SB_PROBE_PROF=1: samples the CPU with the in-process inspector (like --cpu-prof, but only between
//   two marks, so boot and shutdown stay out of the profile).
// Each SIGWINCH is a phase mark: it writes what was collected since the previous mark to
// $SB_PROBE_FILE.<n>.sql.json / .cpuprofile and starts over. (SIGUSR2 would stop Nest: its shutdown
// hooks listen to it; SIGWINCH is ignored by default and by Nest.)

const fs = require('node:fs');
const inspector = require('node:inspector');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { Client, Pool } = require('pg');

const file = process.env.SB_PROBE_FILE;
const countSql = process.env.SB_PROBE_SQL === '1';
const profile = process.env.SB_PROBE_PROF === '1';
let stats = new Map();
let marks = 0;

function keyOf(q) {
  const text = typeof q === 'string' ? q : q && typeof q.text === 'string' ? q.text : '?';
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

function record(key, t0) {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let s = stats.get(key);
  if (!s) {
    s = { n: 0, ms: 0 };
    stats.set(key, s);
  }
  s.n++;
  s.ms += ms;
}

if (countSql) {
  const original = Client.prototype.query;
  Client.prototype.query = function countedQuery(config, values, callback) {
    const key = keyOf(config);
    const t0 = process.hrtime.bigint();
    const cb = typeof values === 'function' ? values : callback;
    if (typeof cb === 'function') {
      const wrapped = (err, res) => {
        record(key, t0);
        cb(err, res);
      };
      return typeof values === 'function'
        ? original.call(this, config, wrapped)
        : original.call(this, config, values, wrapped);
    }
    const result = original.call(this, config, values);
    if (result && typeof result.then === 'function') {
      return result.then(
        (r) => {
          record(key, t0);
          return r;
        },
        (e) => {
          record(key, t0);
          throw e;
        },
      );
    }
    return result;
  };
}

// Waiting for a pooled connection, and event-loop delay: where a request's time goes besides SQL.
let poolWait = { n: 0, ms: 0, max: 0 };
let loop;
if (countSql) {
  const connect = Pool.prototype.connect;
  Pool.prototype.connect = function timedConnect(cb) {
    const t0 = process.hrtime.bigint();
    const done = () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      poolWait.n++;
      poolWait.ms += ms;
      if (ms > poolWait.max) poolWait.max = ms;
    };
    if (typeof cb === 'function') {
      return connect.call(this, (err, client, release) => {
        done();
        cb(err, client, release);
      });
    }
    return connect.call(this).then((client) => {
      done();
      return client;
    });
  };
  loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
}

let session;
let profiling = false;
if (profile) {
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
}

process.on('SIGWINCH', () => {
  const n = marks++;
  if (countSql) {
    const rows = [...stats.entries()]
      .map(([sql, s]) => ({ sql, n: s.n, ms: Number(s.ms.toFixed(1)) }))
      .sort((a, b) => b.n - a.n);
    stats = new Map();
    const extra = {
      pool_wait: {
        n: poolWait.n,
        avg_ms: poolWait.n ? Number((poolWait.ms / poolWait.n).toFixed(2)) : 0,
        max_ms: Number(poolWait.max.toFixed(1)),
      },
      event_loop_delay_ms: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
      },
    };
    poolWait = { n: 0, ms: 0, max: 0 };
    loop.reset();
    if (file) fs.writeFileSync(`${file}.${n}.sql.json`, JSON.stringify({ rows, ...extra }));
  }
  if (profile) {
    const start = () => session.post('Profiler.start', () => (profiling = true));
    if (!profiling) return start();
    session.post('Profiler.stop', (err, res) => {
      profiling = false;
      if (!err && file) fs.writeFileSync(`${file}.${n}.cpuprofile`, JSON.stringify(res.profile));
      start();
    });
  }
});
