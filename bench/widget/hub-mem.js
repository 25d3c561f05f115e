'use strict';
// Preloaded into the hub's api process by run.js (node --expose-gc --require). Measurement only: it
// does not change what the hub does. On the IPC message {type:'mem'} it runs a full GC (twice, so
// weak references and finalizers settle), then answers with process.memoryUsage(), the process's CPU
// time and the event-loop delay since the previous answer. This is how the baseline's ws-server.js
// measures its memory (globalThis.gc() before process.memoryUsage()), so the two compare.

const { monitorEventLoopDelay } = require('node:perf_hooks');

const loop = monitorEventLoopDelay({ resolution: 10 });
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
    const delay = {
      p50: loop.percentile(50) / 1e6,
      p99: loop.percentile(99) / 1e6,
      max: loop.max / 1e6,
    };
    loop.reset();
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
