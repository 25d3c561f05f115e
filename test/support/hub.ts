import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createHubApp, type HubModuleCompiler } from '../../src/app.factory';
import type { HubConfig } from '../../src/core/config/config.schema';
import { loadConfig } from '../../src/core/config/load-config';
import { createRootLogger } from '../../src/core/logging/logger';

export interface TestHub {
  app: NestFastifyApplication;
  url: string;
  wsUrl: string;
  config: HubConfig;
  close(): Promise<void>;
}

/**
 * Boots the whole hub in-process on a random port, against this run's database and Redis prefix
 * (global-setup.ts). `overrides` are environment variables, e.g. { HUB_ROLE: 'api' }; `compile`
 * builds the module graph instead of NestFactory, to override providers (see HubModuleCompiler).
 */
export async function startHub(
  overrides: Record<string, string> = {},
  compile?: HubModuleCompiler,
): Promise<TestHub> {
  // The port is chosen first so PUBLIC_BASE_URL (signed file URLs, the widget's own origin) is right.
  const port = await freePort();
  const config = loadConfig(
    {
      ...process.env,
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO: 'false',
      ...overrides,
    },
    [],
  );
  const app = await createHubApp(config, createRootLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), compile);
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('hub did not bind a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    wsUrl: `ws://127.0.0.1:${address.port}/graphql`,
    config: { ...config, PUBLIC_BASE_URL: url },
    close: () => app.close(),
  };
}

export interface HubProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown hooks, no goodbyes. */
  kill(): Promise<void>;
}

/**
 * Runs the built hub (dist/src/main.js, built by `npm run test:e2e`) as a real child process,
 * for tests that kill processes or need several of them.
 */
export async function spawnHub(env: Record<string, string> = {}, timeoutMs = 20000): Promise<HubProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
    env: { ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'info', ...env, PORT: port, HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}:\n${output}`);
    if (
      await fetch(`http://127.0.0.1:${port}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hub did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} not reached within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
