import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { createWorkspaceWithAdmin, gql, GqlResponse, ok, TestAgent } from './factories';
import { eventually, startHub, TestHub } from './hub';

/** The business's website in these tests: a new widget allows it unless told otherwise. */
export const SHOP = 'https://shop.example.com';

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
          settings: { allowedOrigins: opts.allowedOrigins ?? SHOP },
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
  origin = SHOP,
): Promise<BootAnswer> {
  const res = await fetch(`${url}/widget/api/${integrationId}/boot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ page: { url: `${SHOP}/`, title: 'Shop' }, ...body }),
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

  /** A socket that is open and has said nothing yet (no Origin header unless given). */
  static async open(url: string, origin?: string): Promise<WidgetSocket> {
    const socket = new WidgetSocket(url, origin);
    await socket.opened;
    return socket;
  }

  static async connect(url: string, hello: Record<string, unknown>, origin?: string): Promise<WidgetSocket> {
    const socket = await WidgetSocket.open(url, origin);
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

  /**
   * Sends a visitor message (with a new clientMessageId unless it has one) and resolves with the
   * hub's answer to this send: its `ack` or its `error`, not one to an earlier send of the same id.
   */
  sendMessage(message: { clientMessageId?: string } & Record<string, unknown>): Promise<WidgetFrame> {
    const clientMessageId = message.clientMessageId ?? randomUUID();
    const earlier = this.frames.length;
    this.send({ type: 'message', ...message, clientMessageId });
    return this.waitFor(
      (f) =>
        (f.type === 'ack' || f.type === 'error') &&
        f.clientMessageId === clientMessageId &&
        this.frames.indexOf(f) >= earlier,
    );
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

/** A visitor's place in line as `queue` frames tell it (nulls: no longer waiting). */
export interface QueuePlaceFrame {
  position: number | null;
  etaSeconds: number | null;
}

/** Every place in line the socket was told, in order. */
export function queuePlaces(socket: WidgetSocket): QueuePlaceFrame[] {
  return socket.frames
    .filter((f) => f.type === 'queue')
    .map((f) => ({ position: f.position as number | null, etaSeconds: f.etaSeconds as number | null }));
}

/** Places told twice in a row (the hub should send changes only): empty when none. */
export function repeatedQueuePlaces(socket: WidgetSocket): QueuePlaceFrame[] {
  const places = queuePlaces(socket);
  return places.filter(
    (p, i) => i > 0 && p.position === places[i - 1].position && p.etaSeconds === places[i - 1].etaSeconds,
  );
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

/** The body of an error reply of the widget and file routes, e.g. widgetError('NOT_FOUND', 'No such widget.'). */
export function widgetError(code: string, message: string): WidgetApiError {
  return { error: { code, message } };
}

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
  const origin = opts.origin === undefined ? SHOP : opts.origin;
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
  origin = SHOP,
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

/** An agent's upload (`POST /files?name=`), raw bytes with their Content-Type; no token: anonymous. */
export async function uploadAgentFile<T = WidgetApiError>(
  url: string,
  token: string | undefined,
  file: { body: Buffer | Uint8Array; mimeType: string; name: string },
): Promise<WidgetApiAnswer<T>> {
  const res = await fetch(`${url}/files?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': file.mimeType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(file.body),
  });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

export interface InvitationStats {
  invitationId: string;
  shown: number;
  accepted: number;
}

/** `widgetInvitationStats` as an admin reads it: shown and accepted per invitation. */
export async function invitationStats(
  url: string,
  token: string,
  integrationId: string,
): Promise<InvitationStats[]> {
  const data = ok(
    await gql<{ widgetInvitationStats: InvitationStats[] }>(
      url,
      token,
      'query($id: ID!) { widgetInvitationStats(integrationId: $id) { invitationId shown accepted } }',
      { id: integrationId },
    ),
  );
  return data.widgetInvitationStats;
}

/** A conversation as an agent's console reads it: the assignee, the pre-chat answers, the contact. */
export interface AgentConversation {
  assigneeId: string | null;
  prechat: { fieldId: string; value: string; label: string; answeredAt: string }[];
  contact: { name: string | null; attributes: Record<string, unknown> };
}

export async function agentConversation(
  url: string,
  token: string,
  conversationId: string,
): Promise<AgentConversation> {
  const data = ok(
    await gql<{ conversation: AgentConversation }>(
      url,
      token,
      'query($id: ID!) { conversation(id: $id) { assigneeId prechat { fieldId value label answeredAt } contact { name attributes } } }',
      { id: conversationId },
    ),
  );
  return data.conversation;
}

export interface AgentMessage {
  id: string;
  text: string | null;
  direction: string;
  deliveryStatus: string | null;
}

/** The conversation's messages as the agent's console reads them, oldest first. */
export async function agentMessages(
  url: string,
  token: string,
  conversationId: string,
): Promise<AgentMessage[]> {
  const data = ok(
    await gql<{ messagesSince: AgentMessage[] }>(
      url,
      token,
      'query($id: ID!) { messagesSince(conversationId: $id, afterSeq: 0, limit: 200) { id text direction deliveryStatus } }',
      { id: conversationId },
    ),
  );
  return data.messagesSince;
}

/**
 * Waits until no message of the conversation waits for delivery (none PENDING): every reply was
 * handed to the widget connector, whether or not a visitor was listening.
 */
export async function untilRepliesHandedOver(
  url: string,
  token: string,
  conversationId: string,
  timeoutMs: number,
): Promise<void> {
  await eventually(
    async () =>
      (await agentMessages(url, token, conversationId)).every((m) => m.deliveryStatus !== 'PENDING')
        ? true
        : undefined,
    timeoutMs,
    'every reply handed to the widget connector',
  );
}

/** The conversation as agentConversation reads it, once the routing worker has assigned it. */
export function untilAssigned(
  url: string,
  token: string,
  conversationId: string,
  timeoutMs = 10000,
): Promise<AgentConversation> {
  return eventually(
    async () => {
      const conversation = await agentConversation(url, token, conversationId);
      return conversation.assigneeId ? conversation : undefined;
    },
    timeoutMs,
    'the conversation assigned',
  );
}

/** The label of the consent field of `prechatForm`. */
export const CONSENT_LABEL = 'I agree that my data is processed to answer me.';

const PRECHAT_FIELDS = {
  name: { id: 'name', type: 'name', label: 'Your name', required: true },
  email: { id: 'email', type: 'email', label: 'Email', required: false },
  topic: { id: 'topic', type: 'choice', label: 'Topic', options: ['Billing', 'Orders'], required: true },
  gdpr: { id: 'gdpr', type: 'consent', label: CONSENT_LABEL, required: true },
};

/** The `prechat` customization of an enabled form with these fields in this order, e.g. prechatForm('name', 'topic'). */
export function prechatForm(...fieldIds: (keyof typeof PRECHAT_FIELDS)[]): Record<string, unknown> {
  return { enabled: true, fields: fieldIds.map((id) => PRECHAT_FIELDS[id]) };
}

/** What `useWidgetHub` gives a describe block; read it in hooks and tests, not while Jest collects them. */
export interface WidgetHub {
  readonly hub: TestHub;
  readonly workspaceId: string;
  readonly admin: TestAgent;
  /** The workspace's website widget. */
  readonly widget: { id: string; identitySecret: string };
  /** bootVisitor on this widget. */
  boot(body?: Record<string, unknown>, origin?: string): Promise<BootAnswer>;
  /** widgetApi on this widget. */
  api<T = WidgetApiError>(
    method: 'GET' | 'POST',
    path: string,
    opts?: { token?: string; body?: unknown; origin?: string | null },
  ): Promise<WidgetApiAnswer<T>>;
  /** Boots a new anonymous visitor of a widget (this one unless told) and returns their token. */
  visitorToken(integrationId?: string): Promise<string>;
  /** A new anonymous visitor whose websocket has said hello and is ready (no Origin header unless given). */
  connectVisitor(opts?: {
    integrationId?: string;
    origin?: string;
  }): Promise<{ token: string; socket: WidgetSocket }>;
}

/**
 * Registers the hooks that give the calling describe block its own hub (role `all`, `env` on top)
 * with a workspace, its admin, and a website widget allowed on `allowedOrigins` (SHOP unless told)
 * and customized with `config`.
 */
export function useWidgetHub(
  opts: { env?: Record<string, string>; allowedOrigins?: string; config?: Record<string, unknown> } = {},
): WidgetHub {
  let hub: TestHub | undefined;
  let ready: Pick<WidgetHub, 'hub' | 'workspaceId' | 'admin' | 'widget'> | undefined;
  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'all', ...opts.env });
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    const widget = await createWidgetIntegration(hub.url, admin.token, {
      allowedOrigins: opts.allowedOrigins,
    });
    if (opts.config) ok(await updateWidgetConfig(hub.url, admin.token, widget.id, opts.config));
    ready = { hub, workspaceId, admin, widget };
  });
  afterAll(() => hub?.close());

  const started = () => {
    if (!ready) throw new Error('useWidgetHub starts its hub in beforeAll: read it in a hook or a test');
    return ready;
  };
  const fixture: WidgetHub = {
    get hub() {
      return started().hub;
    },
    get workspaceId() {
      return started().workspaceId;
    },
    get admin() {
      return started().admin;
    },
    get widget() {
      return started().widget;
    },
    boot: (body, origin) => bootVisitor(fixture.hub.url, fixture.widget.id, body, origin),
    api: (method, path, opts) => widgetApi(fixture.hub.url, fixture.widget.id, method, path, opts),
    async visitorToken(integrationId = fixture.widget.id) {
      const boot = await bootVisitor(fixture.hub.url, integrationId);
      if (boot.status !== 200) throw new Error(`boot answered ${boot.status} ${JSON.stringify(boot.body)}`);
      return boot.body.visitorToken;
    },
    async connectVisitor({ integrationId = fixture.widget.id, origin } = {}) {
      const token = await fixture.visitorToken(integrationId);
      return { token, socket: await WidgetSocket.connect(fixture.hub.url, { integrationId, token }, origin) };
    },
  };
  return fixture;
}
