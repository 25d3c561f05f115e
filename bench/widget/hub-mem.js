'use strict';
// Preloaded into the hub's api process by run.js (node --expose-gc --require). Measurement only: it
// does not change what the hub does. On the IPC message {type:'mem'} it runs a full GC (twice, so
// weak references and finalizers settle), then answers with process.memoryUsage(), the process's CPU
// time and the event-loop delay since the previous answer. This is how the baseline's ws-server.js
// measures its memory (globalThis.gc() before process.memoryUsage()), so the two compare.

const { monitorEventLoopDelay } = require('node:perf_hooks');

const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();

if (typeof process.send === 'function') {
  process.on('message', (m) => {
    if (!m || m.type !== 'mem') return;
    const t0 = process.hrtime.bigint();
    if (globalThis.gc) {
      globalThis.gc();
      globalThis.gc();
    }
    const gcMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const mem = process.memoryUsage();
    // The histogram holds whole timer intervals: the delay is what exceeds the sampling interval.
    const over = (ns) => Number(Math.max(0, ns / 1e6 - RESOLUTION_MS).toFixed(2));
    const delay = { p50: over(loop.percentile(50)), p99: over(loop.percentile(99)), max: over(loop.max) };
    // Start the next window once the timer delayed by this GC has fired, so the GC is not counted.
    setTimeout(() => loop.reset(), 3 * RESOLUTION_MS);
    process.send({
      type: 'mem',
      id: m.id,
      gc: Boolean(globalThis.gc),
      gc_ms: Number(gcMs.toFixed(1)),
      mem: {
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        heapTotal: mem.heapTotal,
        external: mem.external,
        arrayBuffers: mem.arrayBuffers,
      },
      cpu: process.cpuUsage(),
      event_loop_delay_ms: delay,
    });
  });
  // The channel must not keep the hub alive, nor stop it: the hub exits on its own signals.
  if (process.channel && typeof process.channel.unref === 'function') process.channel.unref();
  process.on('disconnect', () => undefined);
}
