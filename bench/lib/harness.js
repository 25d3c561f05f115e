'use strict';
// The process plumbing of one benchmark run (bench/*/run.js): progress log, cleanup registry, child
// processes, IPC, the quiet-machine wait and the result file. One harness per run: creating it
// installs the exit, signal and deadline handlers.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./common');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.resolve(ROOT, process.env.BENCH_DIST || 'dist');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/**
 * @param name  `bench:<bench>`: the npm script and the log prefix
 * @param cfg   the bench's knobs: deadlineS (the whole run's bound: cleanup and exit 3 when it is
 *              reached), quietBusyPct and quietWaitS (see waitForQuiet)
 */
function createHarness(name, { deadlineS, quietBusyPct, quietWaitS }) {
  const stamp =
    new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '_' + crypto.randomBytes(2).toString('hex');
  // Progress goes to stderr: stdout carries only the JSON summary.
  const log = (msg) => process.stderr.write(`[${name} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

  // -------------------------------------------------------------------------------------------
  // Cleanup: every resource registers an idempotent undo; all of them run on success, failure,
  // SIGINT/SIGTERM and at the deadline. Child processes are also SIGKILLed on exit as a last resort.

  const undo = [];
  const kids = new Set();
  /** Registers `fn`; returns a release that runs it now (and unregisters it). */
  function onCleanup(what, fn) {
    const entry = { what, fn };
    undo.push(entry);
    return async () => {
      const i = undo.indexOf(entry);
      if (i >= 0) undo.splice(i, 1);
      await fn();
    };
  }
  let cleaning;
  function cleanupAll() {
    if (!cleaning) {
      cleaning = (async () => {
        while (undo.length) {
          const { what, fn } = undo.pop();
          try {
            await L.withTimeout(Promise.resolve().then(fn), 30000, `cleanup ${what}`);
          } catch (e) {
            log(`cleanup of ${what} failed: ${e.message}`);
          }
        }
      })();
    }
    return cleaning;
  }
  process.on('exit', () => {
    for (const k of kids) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      log(`${sig}: cleaning up`);
      L.withTimeout(cleanupAll(), 60000, 'cleanup').finally(() => process.exit(130));
    });
  }
  const deadline = setTimeout(() => {
    log(`deadline of ${deadlineS}s reached: cleaning up and exiting`);
    L.withTimeout(cleanupAll(), 60000, 'cleanup').finally(() => process.exit(3));
  }, deadlineS * 1000);
  deadline.unref();

  /** Runs the releases of one part of the run in order; a failing one does not stop the others. */
  async function releaseAll(releases) {
    for (const release of releases) {
      try {
        await L.withTimeout(release(), 30000, 'cleanup');
      } catch (e) {
        log(`  cleanup: ${e.message}`);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Child processes.

  function track(child) {
    kids.add(child);
    child.once('exit', () => kids.delete(child));
    return child;
  }

  async function stopChild(child, graceMs = 15000) {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    try {
      await L.withTimeout(exited, graceMs, `pid ${child.pid} exit`);
    } catch {
      child.kill('SIGKILL');
      await L.withTimeout(exited, 5000, `pid ${child.pid} kill`).catch(() => undefined);
    }
  }

  /** IPC helper: `ask(msg, type)` sends msg (if any) and waits for the next message of `type`. */
  function mailbox(child, label) {
    const inbox = [];
    const waiters = [];
    child.on('message', (m) => {
      const i = waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
      else inbox.push(m);
    });
    child.on('error', (e) => log(`${label}: ${e.message}`));
    return (msg, type, timeoutMs = 20000) => {
      let failSend;
      const sendFailed = new Promise((_, reject) => (failSend = reject));
      sendFailed.catch(() => undefined);
      if (msg) {
        if (!child.connected)
          return Promise.reject(new Error(`${label}: IPC channel closed (process exited?)`));
        child.send(msg, (err) => err && failSend(new Error(`${label}: ${err.message}`)));
      }
      const k = inbox.findIndex((m) => m.type === type);
      if (k >= 0) return Promise.resolve(inbox.splice(k, 1)[0]);
      let waiter;
      const p = Promise.race([
        new Promise((resolve) => {
          waiter = { type, resolve };
          waiters.push(waiter);
        }),
        sendFailed,
      ]);
      return L.withTimeout(p, timeoutMs, `${label} ${type}`).catch((e) => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
        throw e;
      });
    };
  }

  // -------------------------------------------------------------------------------------------

  /**
   * The machines are shared: before each measured part, wait (up to quietWaitS) until the rest of
   * the machine is below quietBusyPct busy, and record what it was.
   */
  async function waitForQuiet(label) {
    const t0 = Date.now();
    for (;;) {
      const busy = await L.machineBusyPct(2000);
      const waited = L.round((Date.now() - t0) / 1000, 0);
      if (busy <= quietBusyPct) return { background_busy_pct: busy, waited_s: waited };
      if (waited >= quietWaitS) {
        log(
          `${label}: machine still ${busy}% busy after ${waited}s of waiting; measuring anyway (figures will be low)`,
        );
        return { background_busy_pct: busy, waited_s: waited, noisy: true };
      }
      log(`${label}: machine ${busy}% busy before the start (other processes); waiting for it to calm down`);
      await L.sleep(3000);
    }
  }

  /**
   * The start of main(): fails early, with the command that builds it, when the hub is not built;
   * returns the start time and the head of the result record.
   */
  function begin() {
    const main = path.join(DIST, 'src', 'main.js');
    if (!fs.existsSync(main)) throw new Error(`${main} not found: run npm run build (or npm run ${name})`);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const started = new Date();
    const head = {
      bench: name.replace(/^bench:/, ''),
      stamp,
      started_at: started.toISOString(),
      command: `npm run ${name}`,
    };
    return { started, head };
  }

  /**
   * Stamps the end of the run and writes the full result to bench/results/<bench>-<stamp>.json, and
   * through `writeDocs` (when given) into docs/benchmarks.md. Returns the result file, from the root.
   */
  function saveResult(result, started, writeDocs) {
    result.finished_at = new Date().toISOString();
    result.duration_s = L.round((Date.now() - started.getTime()) / 1000, 0);
    const file = path.join(RESULTS_DIR, `${result.bench}-${stamp}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    log(`full result: ${path.relative(ROOT, file)}`);
    if (writeDocs) {
      writeDocs(result, path.join(ROOT, 'docs', 'benchmarks.md'));
      log('docs/benchmarks.md updated');
    }
    return path.relative(ROOT, file);
  }

  /** Runs `main`, then every cleanup; exits 0, or 1 after logging the failure. */
  function runMain(main) {
    main()
      .then(() => cleanupAll())
      .then(() => process.exit(0))
      .catch(async (e) => {
        log(`FAILED: ${e.stack || e.message}`);
        await L.withTimeout(cleanupAll(), 60000, 'cleanup').catch(() => undefined);
        process.exit(1);
      });
  }

  return {
    stamp,
    log,
    onCleanup,
    cleanupAll,
    releaseAll,
    track,
    stopChild,
    mailbox,
    waitForQuiet,
    begin,
    saveResult,
    runMain,
  };
}

module.exports = { ROOT, DIST, RESULTS_DIR, createHarness };
