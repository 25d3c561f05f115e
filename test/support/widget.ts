import { WebSocket } from 'ws';
import { gql, GqlResponse, ok } from './factories';

/** A website widget integration created by an admin through GraphQL. */
export async function createWidgetIntegration(
  url: string,
  adminToken: string,
  opts: { allowedOrigins?: string; name?: string } = {},
): Promise<{ id: string; identitySecret: string }> {
  const data = ok(
    await gql<{
      createIntegration: { integration: { id: string }; generatedSecrets: { identitySecret: string } };
    }>(
      url,
      adminToken,
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } generatedSecrets } }',
      {
        input: {
          connectorId: 'widget',
          name: opts.name ?? 'Website',
          settings: { allowedOrigins: opts.allowedOrigins ?? 'https://shop.example.com' },
        },
      },
    ),
  );
  return {
    id: data.createIntegration.integration.id,
    identitySecret: data.createIntegration.generatedSecrets.identitySecret,
  };
}

export interface BootAnswer {
  status: number;
  body: {
    visitorToken: string;
    visitorId: string;
    unread: number;
    online: boolean;
    conversation: { id: string; status: string; lastSeq: number } | null;
    config: Record<string, unknown>;
    error?: { code: string; message: string };
  };
  headers: Headers;
}

export async function bootVisitor(
  url: string,
  integrationId: string,
  body: Record<string, unknown> = {},
  origin = 'https://shop.example.com',
): Promise<BootAnswer> {
  const res = await fetch(`${url}/widget/api/${integrationId}/boot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ page: { url: 'https://shop.example.com/', title: 'Shop' }, ...body }),
  });
  return { status: res.status, body: (await res.json()) as BootAnswer['body'], headers: res.headers };
}

export type WidgetFrame = { type: string } & Record<string, unknown>;

/** A visitor's websocket, as the panel opens it, collecting every frame. */
export class WidgetSocket {
  readonly frames: WidgetFrame[] = [];
  closed?: { code: number; reason: string };
  private waiters: { predicate: (f: WidgetFrame) => boolean; resolve: (f: WidgetFrame) => void }[] = [];
  private readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string, origin?: string) {
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/widget/ws`, origin ? { origin } : {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as WidgetFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.predicate(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static async connect(url: string, hello: Record<string, unknown>, origin?: string): Promise<WidgetSocket> {
    const socket = new WidgetSocket(url, origin);
    await socket.opened;
    socket.send({ type: 'hello', ...hello });
    await socket.waitFor((f) => f.type === 'ready');
    return socket;
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends exactly these bytes as one text frame (malformed or oversized frames). */
  sendRaw(data: string): void {
    this.ws.send(data);
  }

  waitFor(predicate: (f: WidgetFrame) => boolean, timeoutMs = 10000): Promise<WidgetFrame> {
    const found = this.frames.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching widget frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  waitForClose(timeoutMs = 10000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', (code, reason) => {
        clearTimeout(timer);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /** Messages received, deduplicated by id (latest version), in seq order. */
  messages(): { id: string; seq: number; text: string | null; direction: string; status: string | null }[] {
    const byId = new Map<
      string,
      { id: string; seq: number; text: string | null; direction: string; status: string | null }
    >();
    for (const f of this.frames) {
      const m = (f.type === 'message' || f.type === 'ack' ? f.message : undefined) as
        | { id: string; seq: number; text: string | null; direction: string; status: string | null }
        | undefined;
      if (m) byId.set(m.id, m);
    }
    return [...byId.values()].sort((a, b) => a.seq - b.seq);
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/** A real 1×1 PNG (70 bytes). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface WidgetApiAnswer<T> {
  status: number;
  /** The parsed JSON body; undefined for an empty one (204). */
  body: T;
  headers: Headers;
}

export type WidgetApiError = { error: { code: string; message: string } };

/**
 * One request to the widget's HTTP API (`/widget/api/:integrationId<path>`) as the panel makes
 * it: JSON body, the visitor token as a bearer token, the page's origin (null: no Origin header).
 */
export async function widgetApi<T = WidgetApiError>(
  url: string,
  integrationId: string,
  method: 'GET' | 'POST',
  path: string,
  opts: { token?: string; body?: unknown; origin?: string | null } = {},
): Promise<WidgetApiAnswer<T>> {
  const origin = opts.origin === undefined ? 'https://shop.example.com' : opts.origin;
  const res = await fetch(`${url}/widget/api/${integrationId}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(origin ? { origin } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

export interface UploadedFile {
  fileId: string;
  kind: string;
  name: string;
  mimeType: string;
  sizeBytes: number;
  url: string;
}

/** A visitor's upload (`POST /widget/api/:id/files?name=`), raw bytes with their Content-Type. */
export async function uploadVisitorFile(
  url: string,
  integrationId: string,
  token: string,
  file: { body: Buffer; mimeType: string; name: string },
  origin = 'https://shop.example.com',
): Promise<WidgetApiAnswer<UploadedFile & Partial<WidgetApiError>>> {
  const res = await fetch(`${url}/widget/api/${integrationId}/files?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': file.mimeType, authorization: `Bearer ${token}`, origin },
    body: new Uint8Array(file.body),
  });
  return {
    status: res.status,
    body: (await res.json()) as UploadedFile & Partial<WidgetApiError>,
    headers: res.headers,
  };
}

/** `updateWidgetConfig` as an admin would call it; the raw response, for error checks. */
export function updateWidgetConfig(
  url: string,
  token: string,
  integrationId: string,
  config: Record<string, unknown>,
): Promise<GqlResponse<{ updateWidgetConfig: Record<string, unknown> }>> {
  return gql(
    url,
    token,
    'mutation($id: ID!, $c: JSONObject!) { updateWidgetConfig(integrationId: $id, config: $c) }',
    { id: integrationId, c: config },
  );
}
