'use strict';
// The bare, framework-free baseline (../shared/bench-baseline, BASELINE_SRC) that every figure is
// stated against: installed once per package-lock into bench/results/baseline-<lock hash>, and its
// scripts run as children that print one JSON line.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, RESULTS_DIR } = require('./harness');

/** @param harness the run's (bench/lib/harness.js): progress log and child process tracking. */
function createBaselineKit({ harness }) {
  const { log, track } = harness;

  /** Runs a command to completion; resolves with its output, rejects with the tail of stderr. */
  function run(cmd, args, opts) {
    return new Promise((resolve, reject) => {
      const child = track(spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] }));
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve({ stdout, stderr });
        else
          reject(
            new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}:\n${stderr.slice(-3000)}`),
          );
      });
    });
  }

  /**
   * A runnable copy of the baseline at `src` (which must hold `script`); returns its directory.
   * The scripts are copied afresh every time (cheap; the source is read-only, the copy is not);
   * node_modules is kept between runs and benches (npm ci once per package-lock).
   */
  async function prepare(src, script) {
    if (!fs.existsSync(path.join(src, script))) throw new Error(`no baseline at ${src} (set BASELINE_SRC)`);
    const lock = fs.readFileSync(path.join(src, 'package-lock.json'));
    const hash = crypto.createHash('sha256').update(lock).digest('hex').slice(0, 12);
    const dir = path.join(RESULTS_DIR, `baseline-${hash}`);
    const copyTree = (from, to) => {
      fs.mkdirSync(to, { recursive: true });
      for (const e of fs.readdirSync(from, { withFileTypes: true })) {
        if (e.name === 'node_modules') continue;
        if (e.isDirectory()) copyTree(path.join(from, e.name), path.join(to, e.name));
        else if (e.isFile())
          fs.writeFileSync(path.join(to, e.name), fs.readFileSync(path.join(from, e.name)));
      }
    };
    copyTree(src, dir);
    // Installed when every dependency is (an interrupted npm ci leaves some out).
    const deps = Object.keys(
      JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies || {},
    );
    if (!deps.every((d) => fs.existsSync(path.join(dir, 'node_modules', d, 'package.json')))) {
      log(`baseline: npm ci in ${path.relative(ROOT, dir)} (once; reused by later runs)`);
      await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: dir,
        env: process.env,
        timeoutMs: 600000,
      });
    }
    return dir;
  }

  /** Runs `node <args>` in the baseline's directory; resolves with the last JSON line it printed. */
  async function runScript(dir, args, env, timeoutMs) {
    const { stdout } = await run(process.execPath, args, { cwd: dir, env, timeoutMs });
    const line = stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .pop();
    return JSON.parse(line);
  }

  return { prepare, runScript };
}

module.exports = { createBaselineKit };
