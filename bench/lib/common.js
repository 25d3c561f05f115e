'use strict';
// Small helpers shared by the benchmarks and their child processes (subscriber, visitors): time,
// knobs, summaries, CPU accounting. Plain CommonJS without dependencies or process-wide state, as the
// child processes load it too.

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');

/** CLOCK_MONOTONIC in microseconds; system-wide on Linux, so values from different processes compare. */
function nowUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function envInt(name, def) {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got ${v}`);
  return n;
}

function envList(name, def) {
  const v = process.env[name];
  if (!v) return def;
  return v
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n > 0);
}

function round(x, d = 1) {
  return Number(Number(x).toFixed(d));
}

/** Nearest-rank percentiles of a numeric array (same definition as the baseline's lib/common.js). */
function summarize(values, digits = 2) {
  const n = values.length;
  if (!n) return { n: 0 };
  const a = Float64Array.from(values).sort();
  const q = (p) => a[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i];
  const r = (x) => round(x, digits);
  return { n, mean: r(sum / n), p50: r(q(50)), p90: r(q(90)), p99: r(q(99)), max: r(a[n - 1]) };
}

/** Only loopback targets are allowed. */
function assertLoopback(host) {
  const h = String(host).replace(/^\[|\]$/g, '');
  if (!(h === 'localhost' || h === '::1' || /^127\./.test(h)))
    throw new Error(`refusing non-loopback target ${host}`);
  return host;
}

/** Rejects after `ms` with a message naming what did not finish. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** user+system CPU seconds of one process, from /proc (NaN when it is gone). */
function procCpuS(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const p = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(p[11]) + Number(p[12])) / 100;
  } catch {
    return NaN;
  }
}

/** pids of every process whose command name matches `re` (postgres backends, redis-server). */
function pidsNamed(re) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (re.test(fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim())) out.push(Number(d));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** CPU seconds per pid for a group of processes. */
function groupCpu(pids) {
  const m = new Map();
  for (const pid of pids) {
    const s = procCpuS(pid);
    if (Number.isFinite(s)) m.set(pid, s);
  }
  return m;
}

/** Whole-machine busy/total ticks from /proc/stat (USER_HZ = 100). */
function machineSnap() {
  try {
    const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = v;
    return {
      busy: user + nice + system + irq + softirq,
      total: user + nice + system + idle + iowait + irq + softirq + steal,
    };
  } catch {
    return null;
  }
}

/**
 * CPU accounting for a phase: `start()` snapshots, `stop(ops)` returns % of one core per process
 * group and machine CPU-µs per operation. Groups are functions returning pids (resolved at both ends,
 * so PostgreSQL backends opened during the phase are counted from their start).
 */
function cpuMeter(groups) {
  let t0;
  let m0;
  let g0;
  const snap = () => Object.fromEntries(Object.entries(groups).map(([k, f]) => [k, groupCpu(f())]));
  return {
    start() {
      t0 = nowUs();
      m0 = machineSnap();
      g0 = snap();
    },
    stop(ops) {
      const wall = (nowUs() - t0) / 1e6;
      const m1 = machineSnap();
      const g1 = snap();
      const pct = {};
      for (const k of Object.keys(groups)) {
        let s = 0;
        for (const [pid, v] of g1[k]) s += v - (g0[k].get(pid) ?? 0);
        pct[k] = round((100 * s) / wall, 0);
      }
      const busyS = m0 && m1 ? (m1.busy - m0.busy) / 100 : NaN;
      const ncpu = os.cpus().length;
      // Everything else on the machine (other users' processes, kernel threads): noise to report.
      pct.other = Math.max(0, round((100 * busyS) / wall - Object.values(pct).reduce((a, b) => a + b, 0), 0));
      return {
        pct_of_one_core: pct,
        machine_busy_pct: round((100 * busyS) / (wall * ncpu), 0),
        machine_cpu_us_per_msg: ops > 0 ? round((busyS * 1e6) / ops, 0) : null,
      };
    },
  };
}

/** Machine busy % (all cores) over `ms`, to see whether something else is loading the machine. */
async function machineBusyPct(ms) {
  const a = machineSnap();
  await sleep(ms);
  const b = machineSnap();
  if (!a || !b || b.total === a.total) return NaN;
  return round((100 * (b.busy - a.busy)) / (b.total - a.total), 0);
}

module.exports = {
  machineBusyPct,
  nowUs,
  sleep,
  envInt,
  envList,
  round,
  summarize,
  assertLoopback,
  withTimeout,
  freePort,
  procCpuS,
  pidsNamed,
  cpuMeter,
};
