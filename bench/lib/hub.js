'use strict';
// The BUILT hub (dist/) as a benchmark drives it: a throw-away database, Redis prefix and data dir per
// run, the CLI for what an operator sets up, role processes started as children and waited for on
// /health/ready, and GraphQL over HTTP for agents.

const { execFile, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const L = require('./common');
const { DIST } = require('./harness');

const HUB_PROBE = path.join(__dirname, '..', 'ingest', 'hub-probe.js');

/**
 * @param harness, services  the run's (bench/lib/harness.js, bench/lib/services.js)
 * @param extraEnv     hub settings this bench always sets (recorded with the result)
 * @param passthrough  hub settings a run may tune from its own environment; everything else is set
 *                     here, so the caller's environment cannot leak in
 * @param httpAgent, httpTimeoutMs  for the bench's own HTTP requests (GraphQL, /health, /metrics)
 */
function createHubKit({ harness, services, extraEnv = {}, passthrough = [], httpAgent, httpTimeoutMs }) {
  const { log, onCleanup, track, stopChild } = harness;

  function hubEnv(ctx, role, port) {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HUB_ROLE: role,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port || 3000}`,
      DATABASE_URL: ctx.dbUrl,
      REDIS_URL: services.REDIS_URL,
      REDIS_PREFIX: ctx.prefix,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY: ctx.encryptionKey,
      DATA_DIR: ctx.dataDir,
      SHUTDOWN_GRACE_MS: '3000',
      ...extraEnv,
    };
    for (const k of passthrough) if (process.env[k]) env[k] = process.env[k];
    return env;
  }

  /** The hub settings of this run that differ from the hub's defaults (for the result). */
  const hubSettings = () => ({
    ...extraEnv,
    ...Object.fromEntries(passthrough.filter((k) => process.env[k]).map((k) => [k, process.env[k]])),
  });

  /**
   * A fresh database, Redis prefix and data dir, cleaned up at the end (`scope`: their releases, for
   * the caller to run once its processes are stopped). `probes`: also creates `probeDir`.
   */
  async function openContext({ dbName, prefix, dataDirPrefix, probeDir, probes }) {
    const ctx = {
      dbName,
      prefix,
      encryptionKey: crypto.randomBytes(32).toString('base64'),
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), dataDirPrefix)),
      probeDir,
      hubs: [],
      dbUrl: services.pgUrl(dbName),
    };
    if (probes) fs.mkdirSync(ctx.probeDir, { recursive: true });
    const scope = [];
    scope.push(
      onCleanup(`data dir ${ctx.dataDir}`, () => fs.rmSync(ctx.dataDir, { recursive: true, force: true })),
    );
    scope.push(
      onCleanup(`redis prefix ${ctx.prefix}`, async () =>
        log(`  deleted ${await services.deleteRedisPrefix(ctx.prefix)} Redis keys of ${ctx.prefix}`),
      ),
    );
    scope.push(await services.createDatabase(ctx.dbName));
    return { ctx, scope };
  }

  /** dist/src/cli.js with the run's settings; resolves with the JSON it prints. */
  function cli(ctx, args) {
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(DIST, 'src', 'cli.js'), ...args],
        { env: hubEnv(ctx, 'all', 0), timeout: 90000, maxBuffer: 1 << 20 },
        (err, stdout, stderr) => {
          if (err) return reject(new Error(`cli ${args[0]} failed: ${err.message}\n${stderr}`));
          const start = stdout.indexOf('{');
          const end = stdout.indexOf('\n}', start);
          try {
            resolve(JSON.parse(stdout.slice(start, end + 2)));
          } catch (e) {
            reject(new Error(`cli ${args[0]}: cannot parse output (${e.message}): ${stdout.slice(0, 300)}`));
          }
        },
      );
    });
  }

  function httpJson(port, method, urlPath, body, headers = {}, timeoutMs = httpTimeoutMs) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: urlPath,
          agent: httpAgent,
          headers: {
            ...(data
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }
              : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (d) => chunks.push(d));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode, text, json });
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
      req.on('error', reject);
      req.end(data);
    });
  }

  async function gql(port, query, variables, token) {
    const res = await httpJson(
      port,
      'POST',
      '/graphql',
      { query, variables },
      token ? { authorization: `Bearer ${token}` } : {},
    );
    if (!res.json || res.json.errors || !res.json.data)
      throw new Error(`graphql ${query.slice(0, 40)}...: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    return res.json.data;
  }

  /**
   * Starts dist/src/main.js as `role` on a free port and waits until /health/ready answers 200.
   * @param nodeArgs  node flags of the process (preloads)
   * @param probe     { file, sql, prof }: preloads bench/ingest/hub-probe.js when sql or prof
   * @param ipc       a label: the process gets an IPC channel, read through `hub.ask` (harness.mailbox)
   */
  async function spawnHub(ctx, role, { nodeArgs = [], probe = {}, ipc } = {}) {
    const port = await L.freePort();
    const args = [...nodeArgs];
    if (probe.sql || probe.prof) args.push('--require', HUB_PROBE);
    const child = track(
      spawn(process.execPath, [...args, path.join(DIST, 'src', 'main.js')], {
        env: {
          ...hubEnv(ctx, role, port),
          SB_PROBE_FILE: probe.file,
          SB_PROBE_SQL: probe.sql ? '1' : '0',
          SB_PROBE_PROF: probe.prof ? '1' : '0',
        },
        stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
      }),
    );
    // The last 20 kB of its output: shown when it fails, and kept with the result if it warned.
    let output = '';
    const keep = (d) => {
      output = (output + d.toString()).slice(-20000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const hub = { role, port, child, probeFile: probe.file, marks: 0, output: () => output, stopping: false };
    child.once('exit', (code, signal) => {
      if (!hub.stopping) log(`hub ${role} exited unexpectedly (${code ?? signal}):\n${output.slice(-4000)}`);
    });
    if (ipc) hub.ask = harness.mailbox(child, ipc);
    hub.release = onCleanup(`hub ${role} pid ${child.pid}`, () => {
      hub.stopping = true;
      return stopChild(child);
    });
    ctx.hubs.push(hub);
    const until = Date.now() + 60000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`hub ${role} exited with ${child.exitCode}:\n${output}`);
      const res = await httpJson(port, 'GET', '/health/ready', undefined, {}, 2000).catch(() => undefined);
      if (res && res.status === 200) break;
      if (Date.now() > until)
        throw new Error(
          `hub ${role} not ready within 60 s:\n${output}${res ? `\nlast /health/ready: ${res.text}` : ''}`,
        );
      await L.sleep(200);
    }
    return hub;
  }

  /**
   * A workspace and its owner through the CLI (what an operator does first); sets ctx.workspaceId.
   * Returns the owner's credentials, for `acceptingAgents`.
   */
  async function createOwner(ctx, { workspaceName, emailDomain, capacity }) {
    const workspace = await cli(ctx, ['create-workspace', '--name', workspaceName]);
    ctx.workspaceId = workspace.workspaceId;
    const email = `owner@${emailDomain}`;
    const password = crypto.randomBytes(12).toString('base64url');
    await cli(ctx, [
      'create-agent',
      '--workspace',
      ctx.workspaceId,
      '--email',
      email,
      '--name',
      'Bench Owner',
      // One argument: a random password may start with '-', which would read as an option.
      `--password=${password}`,
      '--role',
      'owner',
      '--capacity',
      String(capacity),
    ]);
    return { email, password, emailDomain };
  }

  /**
   * Through GraphQL, as the console does: the owner logs in, creates agents until there are `count`
   * (the owner included, each with `capacity`), and every one of them goes ACCEPTING, so routing has
   * somewhere to assign. Returns the owner's token and the agents' ids.
   */
  async function acceptingAgents(port, owner, { count, capacity }) {
    const login = await gql(
      port,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token agent { id } } }',
      { e: owner.email, p: owner.password },
    );
    const token = login.login.token;
    const agentIds = [login.login.agent.id];
    for (let i = 1; i < count; i++) {
      const created = await gql(
        port,
        'mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }',
        {
          input: {
            email: `agent${i}@${owner.emailDomain}`,
            name: `Bench Agent ${i}`,
            password: owner.password,
            role: 'AGENT',
            capacity,
          },
        },
        token,
      );
      agentIds.push(created.createAgent.id);
    }
    for (const id of agentIds)
      await gql(
        port,
        'mutation($id: ID!) { updateAgent(id: $id, input: { status: ACCEPTING }) { id } }',
        { id },
        token,
      );
    return { token, agentIds };
  }

  return { hubSettings, openContext, cli, httpJson, gql, spawnHub, createOwner, acceptingAgents };
}

module.exports = { createHubKit };
