import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake server received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path plus query string, as received. */
  url: string;
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** When the request arrived (epoch ms), for checking retry delays. */
  receivedAt: number;
  text(): string;
  json<T = unknown>(): T;
}

/** A reply the fake server sends. An object body is sent as JSON. */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
}

/**
 * A local stand-in for a provider's API on 127.0.0.1 and a random port: it records every request
 * and answers with scripted replies (queued one-shot replies first, then the default reply, which
 * starts as `200 {}`).
 *
 * @example
 * ```ts
 * const server = createFakeProviderServer();
 * const baseUrl = await server.start();
 * server.queueReplies({ status: 429, headers: { 'retry-after': '3' } }, { status: 200, body: { id: 'm_1' } });
 * ...
 * expect(server.requests).toHaveLength(2);
 * await server.stop();
 * ```
 */
export interface FakeProviderServer {
  /** `http://127.0.0.1:<port>`; throws before `start()`. */
  readonly baseUrl: string;
  readonly requests: readonly RecordedRequest[];
  start(): Promise<string>;
  stop(): Promise<void>;
  /** The reply for every request once the queue is empty. */
  setDefaultReply(reply: ScriptedReply): void;
  /** One-shot replies, used in order before the default reply. */
  queueReplies(...replies: ScriptedReply[]): void;
  /** Forgets recorded requests and scripted replies. */
  reset(): void;
}

const DEFAULT_REPLY: ScriptedReply = { status: 200, body: {} };

function record(req: IncomingMessage, body: Buffer): RecordedRequest {
  const url = req.url ?? '/';
  const parsed = new URL(url, 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: parsed.pathname,
    url,
    query: Object.fromEntries(parsed.searchParams),
    headers,
    body,
    receivedAt: Date.now(),
    text: () => body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}

function write(res: ServerResponse, reply: ScriptedReply): void {
  const isJson = reply.body !== undefined && typeof reply.body !== 'string';
  const payload =
    reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : (reply.body as string);
  const headers: Record<string, string> = {
    ...(isJson && { 'content-type': 'application/json' }),
    ...reply.headers,
  };
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Creates a {@link FakeProviderServer}; call `start()` before use and `stop()` after. */
export function createFakeProviderServer(): FakeProviderServer {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  let defaultReply = DEFAULT_REPLY;
  let server: Server | undefined;
  let baseUrl: string | undefined;

  return {
    get baseUrl() {
      if (!baseUrl) throw new Error('FakeProviderServer is not started; await start() first');
      return baseUrl;
    },
    requests,
    start() {
      if (baseUrl) return Promise.resolve(baseUrl);
      const httpServer = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          requests.push(record(req, Buffer.concat(chunks)));
          write(res, queue.shift() ?? defaultReply);
        });
      });
      server = httpServer;
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(0, '127.0.0.1', () => {
          baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
          resolve(baseUrl);
        });
      });
    },
    stop() {
      const httpServer = server;
      server = undefined;
      baseUrl = undefined;
      if (!httpServer) return Promise.resolve();
      return new Promise((resolve) => {
        // Clients keep connections alive; without this close() would wait for them.
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      });
    },
    setDefaultReply(reply: ScriptedReply) {
      defaultReply = reply;
    },
    queueReplies(...replies: ScriptedReply[]) {
      queue.push(...replies);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      defaultReply = DEFAULT_REPLY;
    },
  };
}
