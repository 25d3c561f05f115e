import { randomUUID } from 'node:crypto';
import { defaultWidgetConfig, visitorUserHash } from '../../src/connectors/widget';
import { FileService } from '../../src/core/files/file.service';
import {
  createAgent,
  createApiIntegration,
  createWorkspaceWithAdmin,
  errorCode,
  gql,
  ok,
  TestAgent,
} from '../support/factories';
import { eventually } from '../support/hub';
import {
  agentConversation,
  bootVisitor,
  createWidgetIntegration,
  invitationStats,
  prechatForm,
  SHOP,
  TINY_PNG,
  updateWidgetConfig,
  uploadAgentFile,
  uploadVisitorFile,
  useWidgetHub,
  widgetApi,
  WidgetApiError,
  widgetError,
  WidgetSocket,
} from '../support/widget';

/**
 * The widget's edges (issue 3): every bad input gets a clear error and loses nothing, a visitor
 * reaches only their own conversation on the widget that issued their token (rule 5), and
 * uploaded content can never run on the hub's origin.
 */

const FOREIGN = 'https://evil.example';
const PNG = { body: TINY_PNG, mimeType: 'image/png', name: 'dot.png' };
const UNKNOWN_VISITOR = widgetError(
  'UNAUTHENTICATED',
  'Missing or invalid visitor token for this widget; boot again.',
);

interface WidgetAttachment {
  kind: string;
  name: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  url: string;
}
interface WidgetMessage {
  id: string;
  conversationId: string;
  seq: number;
  direction: string;
  text: string | null;
  clientMessageId: string | null;
  attachments: WidgetAttachment[];
}

async function conversationIds(url: string, token: string): Promise<string[]> {
  const data = ok(
    await gql<{ conversations: { edges: { node: { id: string } }[] } }>(
      url,
      token,
      '{ conversations(first: 50) { edges { node { id } } } }',
    ),
  );
  return data.conversations.edges.map((e) => e.node.id);
}

async function download(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** The directives of a Content-Security-Policy header, by name. */
function cspDirectives(header: string | null): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('widget boot and frame page: origins, CORS and identity', () => {
  const ctx = useWidgetHub({ allowedOrigins: `${SHOP} https://*.example.org` });
  let apiIntegrationId: string;

  beforeAll(async () => {
    apiIntegrationId = (await createApiIntegration(ctx.hub.url, ctx.admin.token)).id;
  });

  it('answers an allowed origin with CORS headers that echo it', async () => {
    const boot = await ctx.boot({}, SHOP);
    expect(boot.status).toBe(200);
    expect(boot.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(boot.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(boot.body).toMatchObject({
      visitorId: expect.stringMatching(/^v_[0-9a-f-]{36}$/),
      identified: false,
    });
  });

  it('allows any subdomain of a wildcard origin, but not the bare domain', async () => {
    const sub = await ctx.boot({}, 'https://eu.example.org');
    expect(sub.status).toBe(200);
    expect(sub.headers.get('access-control-allow-origin')).toBe('https://eu.example.org');
    const bare = await ctx.boot({}, 'https://example.org');
    expect(bare.status).toBe(403);
    expect(bare.body.error?.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('refuses a foreign origin with ORIGIN_NOT_ALLOWED and sends it no CORS headers', async () => {
    const boot = await ctx.boot({}, FOREIGN);
    expect([boot.status, boot.body]).toEqual([
      403,
      widgetError(
        'ORIGIN_NOT_ALLOWED',
        `${FOREIGN} may not show this widget; add it to the integration's allowed origins.`,
      ),
    ]);
    expect(boot.headers.get('access-control-allow-origin')).toBeNull();
    expect(boot.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses a boot without an Origin header', async () => {
    const boot = await ctx.api('POST', '/boot', { body: {}, origin: null });
    expect([boot.status, boot.body]).toEqual([
      403,
      widgetError('FORBIDDEN', 'The widget must be loaded by a web page on an allowed origin.'),
    ]);
  });

  it('answers a preflight from an allowed origin with the methods and headers, and refuses a foreign one', async () => {
    const preflight = (origin: string) =>
      fetch(`${ctx.hub.url}/widget/api/${ctx.widget.id}/messages`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
    const foreign = await preflight(FOREIGN);
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an unknown id, an api integration and a malformed id with the same 404', async () => {
    const answers = await Promise.all(
      [randomUUID(), apiIntegrationId, 'not-a-widget'].map((id) => bootVisitor(ctx.hub.url, id, {}, SHOP)),
    );
    for (const answer of answers) {
      expect([answer.status, answer.body]).toEqual([404, widgetError('NOT_FOUND', 'No such widget.')]);
    }
  });

  it('gives a fresh anonymous visitor for an invalid or foreign token, and keeps a valid one', async () => {
    const first = await ctx.boot();
    const again = await ctx.boot({ visitorToken: first.body.visitorToken });
    expect(again.body.visitorId).toBe(first.body.visitorId);

    const other = await createWidgetIntegration(ctx.hub.url, ctx.admin.token, { allowedOrigins: SHOP });
    const foreignToken = await ctx.visitorToken(other.id);
    const token = first.body.visitorToken;
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    for (const visitorToken of [tampered, 'not-a-token', foreignToken]) {
      const boot = await ctx.boot({ visitorToken });
      expect(boot.status).toBe(200);
      expect(boot.body.visitorId).toMatch(/^v_/);
      expect(boot.body.visitorId).not.toBe(first.body.visitorId);
      expect(boot.body.visitorToken).not.toBe(visitorToken);
    }
  });

  it('identifies a visitor by a correct user hash and finds their conversation from a second device', async () => {
    const identity = {
      userId: 'user-42',
      userHash: visitorUserHash(ctx.widget.identitySecret, 'user-42'),
      name: 'Ada',
    };
    const laptop = await ctx.boot({ identity });
    expect(laptop.status).toBe(200);
    expect(laptop.body).toMatchObject({ visitorId: 'u_user-42', identified: true, conversation: null });
    const posted = await ctx.api<{ message: WidgetMessage }>('POST', '/messages', {
      token: laptop.body.visitorToken,
      body: { clientMessageId: randomUUID(), text: 'Written on my laptop' },
    });
    expect(posted.status).toBe(200);

    const phone = await ctx.boot({ identity });
    expect(phone.body.visitorId).toBe('u_user-42');
    expect(phone.body.conversation?.id).toBe(posted.body.message.conversationId);
    const read = await ctx.api<{ messages: WidgetMessage[] }>('GET', '/messages', {
      token: phone.body.visitorToken,
    });
    expect(read.body.messages.map((m) => m.text)).toEqual(['Written on my laptop']);
  });

  it('refuses a wrong user hash with 401 IDENTITY_INVALID', async () => {
    for (const userHash of [
      visitorUserHash(ctx.widget.identitySecret, 'user-43'),
      visitorUserHash('another secret', 'user-42'),
      'not hex',
    ]) {
      const boot = await ctx.boot({
        identity: { userId: 'user-42', userHash },
      });
      expect(boot.status).toBe(401);
      expect(boot.body.error).toEqual({
        code: 'IDENTITY_INVALID',
        message: expect.stringMatching(/^identity\.userHash does not match: compute hex HMAC-SHA256/),
      });
    }
  });

  it('refuses to create a widget whose allowedOrigins are not origins, naming each bad entry', async () => {
    const created = await gql(
      ctx.hub.url,
      ctx.admin.token,
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } } }',
      {
        input: {
          connectorId: 'widget',
          name: 'Bad origins',
          settings: { allowedOrigins: 'https://ok.example.com shop.example.com https://x.com/path' },
        },
      },
    );
    expect(errorCode(created)).toBe('BAD_USER_INPUT');
    const message = created.errors?.[0].message ?? '';
    expect(message).toContain('"shop.example.com" is not an origin like https://shop.example.com');
    expect(message).toContain('"https://x.com/path" is not an origin like https://shop.example.com');
    expect(message).not.toContain('ok.example.com"');
    const integrations = ok(
      await gql<{ integrations: { name: string }[] }>(
        ctx.hub.url,
        ctx.admin.token,
        '{ integrations { name } }',
      ),
    );
    expect(integrations.integrations.map((i) => i.name)).not.toContain('Bad origins');
  });

  it('serves the frame page with frame-ancestors listing exactly the allowed origins', async () => {
    const res = await fetch(
      `${ctx.hub.url}/widget/frame/${ctx.widget.id}?origin=${encodeURIComponent(SHOP)}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = cspDirectives(res.headers.get('content-security-policy'));
    expect(csp['frame-ancestors']).toBe(`${SHOP} https://*.example.org`);
    expect(csp['script-src']).toBe("'self'");
    expect(csp['default-src']).toBe("'none'");
    const html = await res.text();
    expect(html).toMatch(/<script src="\/widget\/panel\.js\?v=[^"]+"><\/script>/);
    expect(html).not.toMatch(/<script>/);
  });

  it('answers 404 for the frame page of an api integration or an unknown id', async () => {
    for (const id of [apiIntegrationId, randomUUID()]) {
      const res = await fetch(`${ctx.hub.url}/widget/frame/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBeNull();
    }
  });
});

describe('widget websocket: handshake and frame errors', () => {
  const ctx = useWidgetHub({ allowedOrigins: SHOP });
  let otherWidgetId: string;

  beforeAll(async () => {
    const other = await createWidgetIntegration(ctx.hub.url, ctx.admin.token, { allowedOrigins: SHOP });
    otherWidgetId = other.id;
  });

  const connected = async () => (await ctx.connectVisitor({ origin: SHOP })).socket;

  it('closes a socket that says no hello within 5 s with 4408', async () => {
    const socket = await WidgetSocket.open(ctx.hub.url, SHOP);
    const started = Date.now();
    const closed = await socket.waitForClose(6000);
    expect(closed.code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
  });

  it('closes a socket whose first frame is not hello with 4401', async () => {
    const socket = await WidgetSocket.open(ctx.hub.url, SHOP);
    socket.send({ type: 'message', clientMessageId: randomUUID(), text: 'Hi' });
    expect((await socket.waitForClose()).code).toBe(4401);
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-token'],
  ])('closes a hello with %s with 4401', async (_case, token) => {
    const socket = await WidgetSocket.open(ctx.hub.url, SHOP);
    socket.send({ type: 'hello', integrationId: ctx.widget.id, ...(token ? { token } : {}) });
    expect((await socket.waitForClose()).code).toBe(4401);
  });

  it('closes a hello with the token of another widget integration with 4401', async () => {
    const socket = await WidgetSocket.open(ctx.hub.url, SHOP);
    socket.send({
      type: 'hello',
      integrationId: ctx.widget.id,
      token: await ctx.visitorToken(otherWidgetId),
    });
    expect((await socket.waitForClose()).code).toBe(4401);
    expect(socket.frames.filter((f) => f.type === 'ready')).toEqual([]);
  });

  it('closes a hello from a foreign website with 4403', async () => {
    const socket = await WidgetSocket.open(ctx.hub.url, FOREIGN);
    socket.send({ type: 'hello', integrationId: ctx.widget.id, token: await ctx.visitorToken() });
    expect((await socket.waitForClose()).code).toBe(4403);
    expect(socket.frames).toEqual([]);
  });

  it('answers a frame that is not a JSON object with INVALID_INPUT and stays usable', async () => {
    const socket = await connected();
    socket.sendRaw('{"type": "ping"');
    expect(await socket.waitFor((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'INVALID_INPUT',
      message: 'Frames must be JSON objects.',
    });
    socket.sendRaw('[1, 2]');
    const errors = await eventually(async () => {
      const found = socket.frames.filter((f) => f.type === 'error');
      return found.length === 2 ? found : undefined;
    });
    expect(errors[1]).toEqual(errors[0]);
    socket.send({ type: 'ping' });
    await socket.waitFor((f) => f.type === 'pong');
    expect(socket.closed).toBeUndefined();
    socket.close();
  });

  it('answers an unknown frame type with INVALID_INPUT naming it', async () => {
    const socket = await connected();
    socket.send({ type: 'teleport' });
    expect(await socket.waitFor((f) => f.type === 'error')).toEqual({
      type: 'error',
      code: 'INVALID_INPUT',
      message: 'Unknown frame type "teleport".',
    });
    socket.send({ type: 'ping' });
    await socket.waitFor((f) => f.type === 'pong');
    socket.close();
  });

  it('closes the socket with 1009 on a frame over 64 KB', async () => {
    const socket = await connected();
    socket.send({ type: 'message', clientMessageId: randomUUID(), text: 'x'.repeat(65 * 1024) });
    expect((await socket.waitForClose()).code).toBe(1009);
  });
});

describe('widget messages: bad input gets a clear error and stores nothing', () => {
  const ctx = useWidgetHub();

  /** A fresh workspace with one widget, so "nothing stored" means an empty conversation list. */
  async function freshWidget(config?: Record<string, unknown>) {
    const { admin } = await createWorkspaceWithAdmin(ctx.hub.app);
    const widgetId = (await createWidgetIntegration(ctx.hub.url, admin.token)).id;
    if (config) ok(await updateWidgetConfig(ctx.hub.url, admin.token, widgetId, config));
    const { token, socket } = await ctx.connectVisitor({ integrationId: widgetId });
    return { admin, widgetId, token, socket };
  }

  it('refuses an empty message and one over 5,000 characters over both transports, storing nothing', async () => {
    const { admin, widgetId, token, socket } = await freshWidget();
    const empty = randomUUID();
    expect(await socket.sendMessage({ clientMessageId: empty, text: '   ' })).toEqual({
      type: 'error',
      code: 'INVALID_INPUT',
      message: 'a message needs text or an attachment',
      clientMessageId: empty,
    });
    expect(await socket.sendMessage({ text: 'x'.repeat(5001) })).toMatchObject({
      type: 'error',
      code: 'INVALID_INPUT',
      message: 'text must be at most 5000 characters',
    });
    const overHttp = await widgetApi(ctx.hub.url, widgetId, 'POST', '/messages', {
      token,
      body: { clientMessageId: randomUUID(), text: '' },
    });
    expect([overHttp.status, overHttp.body]).toEqual([
      400,
      widgetError('INVALID_INPUT', 'a message needs text or an attachment'),
    ]);
    expect(await conversationIds(ctx.hub.url, admin.token)).toEqual([]);

    expect(await socket.sendMessage({ text: 'y'.repeat(5000) })).toMatchObject({
      type: 'ack',
      message: { seq: 1 },
    });
    expect(await conversationIds(ctx.hub.url, admin.token)).toHaveLength(1);
    socket.close();
  });

  it('refuses pre-chat answers missing a required field, storing nothing, then stores the corrected resend', async () => {
    const { admin, socket } = await freshWidget({ prechat: prechatForm('name', 'topic') });
    const clientMessageId = randomUUID();
    const opening = { clientMessageId, text: 'Where is my parcel?' };
    expect(await socket.sendMessage({ ...opening, prechat: { topic: 'Orders' } })).toEqual({
      type: 'error',
      code: 'INVALID_INPUT',
      message: 'prechat.name (Your name) is required',
      clientMessageId,
    });
    expect(await conversationIds(ctx.hub.url, admin.token)).toEqual([]);

    const ack = await socket.sendMessage({ ...opening, prechat: { topic: 'Orders', name: 'Ada' } });
    expect(ack).toMatchObject({
      type: 'ack',
      clientMessageId,
      message: { seq: 1, text: 'Where is my parcel?' },
    });
    const conversationId = (ack.message as WidgetMessage).conversationId;
    expect(await conversationIds(ctx.hub.url, admin.token)).toEqual([conversationId]);
    const stored = await agentConversation(ctx.hub.url, admin.token, conversationId);
    expect(stored.prechat.map((a) => [a.fieldId, a.value])).toEqual([
      ['name', 'Ada'],
      ['topic', 'Orders'],
    ]);
    expect(stored.contact.name).toBe('Ada');
    socket.close();
  });
});

describe('widget HTTP fallback', () => {
  const ctx = useWidgetHub();

  const api = <T = WidgetApiError>(method: 'GET' | 'POST', path: string, token: string, body?: unknown) =>
    ctx.api<T>(method, path, { token, body });

  it('answers a message only once it is stored, stores a resend once, and pages by afterSeq', async () => {
    const visitorToken = await ctx.visitorToken();
    const first = { clientMessageId: randomUUID(), text: 'Is this in stock?' };
    const posted = await api<{ message: WidgetMessage }>('POST', '/messages', visitorToken, first);
    expect(posted.status).toBe(200);
    expect(posted.body.message).toMatchObject({
      seq: 1,
      direction: 'inbound',
      text: 'Is this in stock?',
      clientMessageId: first.clientMessageId,
    });
    const { conversationId } = posted.body.message;
    // Acknowledged means stored: the agent API has it at once, without waiting.
    const stored = ok(
      await gql<{ messagesSince: { id: string }[] }>(
        ctx.hub.url,
        ctx.admin.token,
        'query($id: ID!) { messagesSince(conversationId: $id, afterSeq: 0) { id } }',
        { id: conversationId },
      ),
    );
    expect(stored.messagesSince.map((m) => m.id)).toEqual([posted.body.message.id]);

    const resent = await api<{ message: WidgetMessage }>('POST', '/messages', visitorToken, first);
    expect(resent.body.message.id).toBe(posted.body.message.id);
    await api('POST', '/messages', visitorToken, { clientMessageId: randomUUID(), text: 'Size M, please.' });

    type Page = { conversation: { id: string; lastSeq: number }; messages: WidgetMessage[] };
    const all = await api<Page>('GET', '/messages?afterSeq=0', visitorToken);
    expect(all.status).toBe(200);
    expect(all.body.conversation).toMatchObject({ id: conversationId, lastSeq: 2 });
    expect(all.body.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'Is this in stock?'],
      [2, 'Size M, please.'],
    ]);
    const after = await api<Page>('GET', '/messages?afterSeq=1', visitorToken);
    expect(after.body.messages.map((m) => m.seq)).toEqual([2]);
    const bad = await api('GET', '/messages?afterSeq=-1', visitorToken);
    expect([bad.status, bad.body]).toEqual([
      400,
      widgetError('INVALID_INPUT', 'afterSeq must be an integer ≥ 0.'),
    ]);
  });

  it('records typing, read, profile, session variables and pages, and shows them to agents', async () => {
    const visitorToken = await ctx.visitorToken();
    const posted = await api<{ message: WidgetMessage }>('POST', '/messages', visitorToken, {
      clientMessageId: randomUUID(),
      text: 'Hello',
    });
    const answers = [
      await api('POST', '/typing', visitorToken, { on: true, draft: 'I would like' }),
      await api('POST', '/read', visitorToken, { seq: 1 }),
      await api('POST', '/profile', visitorToken, { name: 'Ada Lovelace', email: 'ada@example.com' }),
      await api('POST', '/session-variables', visitorToken, { variables: { plan: 'pro', seats: 3 } }),
      await api('POST', '/page', visitorToken, { url: `${SHOP}/checkout`, title: 'Checkout' }),
    ];
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(5).fill([204, undefined]));

    const data = ok(
      await gql<{
        conversation: {
          visitor: {
            currentPage: { url: string };
            recentPages: { url: string }[];
            sessionVariables: Record<string, string>;
            visits: number;
          };
          contact: { name: string; email: string };
        };
      }>(
        ctx.hub.url,
        ctx.admin.token,
        'query($id: ID!) { conversation(id: $id) { visitor { currentPage { url } recentPages { url } sessionVariables visits } contact { name email } } }',
        { id: posted.body.message.conversationId },
      ),
    );
    expect(data.conversation.visitor).toEqual({
      currentPage: { url: `${SHOP}/checkout` },
      recentPages: [{ url: `${SHOP}/checkout` }, { url: `${SHOP}/` }],
      sessionVariables: { plan: 'pro', seats: '3' },
      visits: 1,
    });
    expect(data.conversation.contact).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it.each([
    ['/profile', { email: 'nope' }, 'email must be an email address like ada@example.com.'],
    ['/profile', {}, 'Give a name or an email.'],
    [
      '/session-variables',
      { variables: { cart: { items: 2 } } },
      'session variable cart must be a string, number or boolean.',
    ],
    ['/session-variables', { variables: 'plan=pro' }, 'variables must be an object of strings.'],
    ['/page', { url: 'javascript:x', title: 'x' }, 'page needs an http(s) url and a title.'],
    ['/read', { seq: 0 }, 'seq must be a positive integer.'],
  ])('refuses POST %s %j with 400 and a clear message', async (path, body, message) => {
    const answer = await api('POST', path, await ctx.visitorToken(), body);
    expect([answer.status, answer.body]).toEqual([400, widgetError('INVALID_INPUT', message)]);
  });

  it.each([
    [
      'malformed JSON',
      'application/json',
      '{"text": ',
      'The body must be JSON (content-type: application/json).',
    ],
    ['malformed JSON from sendBeacon', 'text/plain;charset=UTF-8', '{"text": ', 'The body must be JSON.'],
    [
      'an XML body',
      'application/xml',
      '<text>Hi</text>',
      'The body must be JSON (content-type: application/json).',
    ],
  ])('answers %s with 400 INVALID_INPUT in the widget error format', async (_case, type, body, message) => {
    const visitorToken = await ctx.visitorToken();
    const res = await fetch(`${ctx.hub.url}/widget/api/${ctx.widget.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${visitorToken}`, origin: SHOP },
      body,
    });
    expect([res.status, await res.json()]).toEqual([400, widgetError('INVALID_INPUT', message)]);
  });

  it('answers a JSON body over 64 KB with 413 TOO_LARGE in the widget error format', async () => {
    const visitorToken = await ctx.visitorToken();
    const answer = await api('POST', '/messages', visitorToken, {
      clientMessageId: randomUUID(),
      text: 'x'.repeat(65 * 1024),
    });
    expect([answer.status, answer.body]).toEqual([
      413,
      widgetError('TOO_LARGE', 'The request is too large.'),
    ]);
  });

  it('refuses a request without a visitor token with 401', async () => {
    const answer = await ctx.api('GET', '/messages');
    expect([answer.status, answer.body]).toEqual([401, UNKNOWN_VISITOR]);
  });
});

describe('widget files: uploads, signed URLs and safe serving', () => {
  const ctx = useWidgetHub();

  /** A new visitor of a widget (this describe's unless told) uploads `file`. */
  const uploadAsNewVisitor = async (file: typeof PNG, integrationId = ctx.widget.id) =>
    uploadVisitorFile(ctx.hub.url, integrationId, await ctx.visitorToken(integrationId), file);
  /** A widget of its own, so a customization cannot leak into other tests. */
  async function widgetWith(attachments: Record<string, unknown>): Promise<string> {
    const id = (await createWidgetIntegration(ctx.hub.url, ctx.admin.token)).id;
    ok(await updateWidgetConfig(ctx.hub.url, ctx.admin.token, id, { attachments }));
    return id;
  }

  it('stores a visitor PNG and serves the same bytes as an image behind a signed URL', async () => {
    const upload = await uploadAsNewVisitor(PNG);
    expect(upload.status).toBe(201);
    expect(upload.headers.get('access-control-allow-origin')).toBe(SHOP);
    const { fileId, url } = upload.body;
    expect(upload.body).toEqual({
      fileId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'image',
      name: 'dot.png',
      mimeType: 'image/png',
      sizeBytes: TINY_PNG.length,
      url: expect.stringMatching(new RegExp(`^${ctx.hub.url}/files/${fileId}\\?exp=\\d+&sig=[\\w-]+$`)),
    });
    const file = await download(url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(TINY_PNG)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(cspDirectives(file.headers.get('content-security-policy'))).toHaveProperty('sandbox');
  });

  it("refuses a file over the widget's maxBytes with 413 TOO_LARGE and a readable message", async () => {
    const id = await widgetWith({ maxBytes: 1024 });
    const upload = await uploadAsNewVisitor(
      { ...PNG, body: Buffer.concat([TINY_PNG, Buffer.alloc(2048 - TINY_PNG.length)]) },
      id,
    );
    expect([upload.status, upload.body]).toEqual([
      413,
      widgetError('TOO_LARGE', 'The file is 2.0 KB; the limit is 1.0 KB.'),
    ]);
  });

  it("answers uploads over the hub's ceilings (50 MB visitor, AGENT_UPLOAD_MAX_BYTES agent) with 413 TOO_LARGE", async () => {
    const visitor = await uploadAsNewVisitor({ ...PNG, body: Buffer.alloc(50 * 1024 * 1024 + 1) });
    expect([visitor.status, visitor.body]).toEqual([
      413,
      widgetError('TOO_LARGE', 'The request is too large.'),
    ]);
    const agent = await uploadAgentFile(ctx.hub.url, ctx.admin.token, {
      ...PNG,
      body: Buffer.alloc(ctx.hub.config.AGENT_UPLOAD_MAX_BYTES + 2048),
      name: 'big.png',
    });
    expect([agent.status, agent.body]).toEqual([413, widgetError('TOO_LARGE', 'The file is too large.')]);
  });

  it('refuses a type outside allowedTypes with 415 TYPE_NOT_ALLOWED naming the allowed ones', async () => {
    const upload = await uploadAsNewVisitor({
      body: Buffer.from('PK\u0003\u0004'),
      mimeType: 'application/zip',
      name: 'archive.zip',
    });
    expect([upload.status, upload.body]).toEqual([
      415,
      widgetError(
        'TYPE_NOT_ALLOWED',
        'Files of type application/zip are not accepted here; allowed: image/*, application/pdf, text/plain.',
      ),
    ]);
  });

  it('serves an allowed HTML file as a sandboxed octet-stream download', async () => {
    const id = await widgetWith({ allowedTypes: ['text/html'] });
    const html = Buffer.from('<script>document.cookie</script>');
    const upload = await uploadAsNewVisitor({ body: html, mimeType: 'text/html', name: 'page.html' }, id);
    expect(upload.status).toBe(201);
    expect(upload.body.kind).toBe('file');
    const file = await download(upload.body.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(html)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''page.html");
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(cspDirectives(file.headers.get('content-security-policy'))).toHaveProperty('sandbox');
  });

  it('answers 404 for a tampered or expired signature', async () => {
    const { fileId, url } = (await uploadAsNewVisitor(PNG)).body;
    const signed = new URL(url);
    const exp = Number(signed.searchParams.get('exp'));
    const sig = signed.searchParams.get('sig') as string;
    const expired = ctx.hub.app.get(FileService).signedUrl(fileId, -7200);
    const wrong = [
      `${ctx.hub.url}/files/${fileId}?exp=${exp}&sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      `${ctx.hub.url}/files/${fileId}?exp=${exp + 3600}&sig=${sig}`,
      `${ctx.hub.url}/files/${randomUUID()}?exp=${exp}&sig=${sig}`,
      `${ctx.hub.url}/files/${fileId}`,
      expired,
    ];
    for (const link of wrong) {
      const res = await download(link);
      expect([res.status, JSON.parse(res.bytes.toString())]).toEqual([
        404,
        widgetError('NOT_FOUND', 'No such file, or the link expired.'),
      ]);
    }
    expect((await download(url)).status).toBe(200);
  });

  it("refuses another visitor's file, while the visitor's own reaches the agent with a signed URL", async () => {
    const stranger = await uploadAsNewVisitor(PNG);
    const token = await ctx.visitorToken();
    const own = await uploadVisitorFile(ctx.hub.url, ctx.widget.id, token, PNG);
    const socket = await WidgetSocket.connect(ctx.hub.url, { integrationId: ctx.widget.id, token });

    const borrowed = randomUUID();
    const refused = await socket.sendMessage({
      clientMessageId: borrowed,
      text: 'Look',
      attachments: [{ fileId: stranger.body.fileId }],
    });
    expect(refused).toEqual({
      type: 'error',
      code: 'INVALID_INPUT',
      message: `File ${stranger.body.fileId} does not exist; upload it first.`,
      clientMessageId: borrowed,
    });

    const ack = await socket.sendMessage({ attachments: [{ fileId: own.body.fileId }] });
    expect(ack.type).toBe('ack');
    const message = ack.message as WidgetMessage;
    expect(message.attachments).toEqual([
      {
        kind: 'image',
        name: 'dot.png',
        mimeType: 'image/png',
        sizeBytes: TINY_PNG.length,
        url: expect.stringContaining(`/files/${own.body.fileId}?exp=`),
      },
    ]);
    socket.close();

    const seen = ok(
      await gql<{
        messagesSince: { attachments: { kind: string; name: string; url: string; fileId: string }[] }[];
      }>(
        ctx.hub.url,
        ctx.admin.token,
        'query($id: ID!) { messagesSince(conversationId: $id, afterSeq: 0) { attachments { kind name url fileId } } }',
        { id: message.conversationId },
      ),
    );
    expect(seen.messagesSince).toHaveLength(1);
    const [attachment] = seen.messagesSince[0].attachments;
    expect(attachment).toMatchObject({ kind: 'IMAGE', name: 'dot.png', fileId: own.body.fileId });
    const file = await download(attachment.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(TINY_PNG)).toBe(true);
  });

  it('refuses a file uploaded on another widget by a visitor with the same user id', async () => {
    // Two sites of one business, each with its own users: user 7 of one is not user 7 of the other.
    const other = await createWidgetIntegration(ctx.hub.url, ctx.admin.token);
    const mine = await createWidgetIntegration(ctx.hub.url, ctx.admin.token);
    const asUser7 = async (widget: { id: string; identitySecret: string }) =>
      (
        await bootVisitor(ctx.hub.url, widget.id, {
          identity: { userId: '7', userHash: visitorUserHash(widget.identitySecret, '7') },
        })
      ).body.visitorToken;
    const theirs = await uploadVisitorFile(ctx.hub.url, other.id, await asUser7(other), PNG);
    expect(theirs.status).toBe(201);
    const token = await asUser7(mine);
    const posted = await widgetApi(ctx.hub.url, mine.id, 'POST', '/messages', {
      token,
      body: { clientMessageId: randomUUID(), text: 'Mine?', attachments: [{ fileId: theirs.body.fileId }] },
    });
    expect([posted.status, posted.body]).toEqual([
      400,
      widgetError('INVALID_INPUT', `File ${theirs.body.fileId} does not exist; upload it first.`),
    ]);
    const own = await uploadVisitorFile(ctx.hub.url, mine.id, token, PNG);
    const accepted = await widgetApi(ctx.hub.url, mine.id, 'POST', '/messages', {
      token,
      body: { clientMessageId: randomUUID(), text: 'Mine', attachments: [{ fileId: own.body.fileId }] },
    });
    expect(accepted.status).toBe(200);
  });

  it("delivers an agent's uploaded file to the visitor, whose URL downloads it", async () => {
    const { socket } = await ctx.connectVisitor();
    const ack = await socket.sendMessage({ text: 'Can I have the invoice?' });
    expect(ack.type).toBe('ack');
    const { conversationId } = ack.message as WidgetMessage;

    const pdf = Buffer.from('%PDF-1.4\n% an invoice\n%%EOF\n');
    const upload = await uploadAgentFile<{ fileId: string; kind: string; sizeBytes: number }>(
      ctx.hub.url,
      ctx.admin.token,
      { body: pdf, mimeType: 'application/pdf', name: 'invoice.pdf' },
    );
    expect(upload.status).toBe(201);
    const uploaded = upload.body;
    expect(uploaded).toMatchObject({ kind: 'file', sizeBytes: pdf.length });

    ok(
      await gql(
        ctx.hub.url,
        ctx.admin.token,
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        {
          input: {
            conversationId,
            clientMessageId: randomUUID(),
            text: '',
            attachments: [{ fileId: uploaded.fileId }],
          },
        },
      ),
    );
    const delivered = await socket.waitFor(
      (f) => f.type === 'message' && (f.message as WidgetMessage).direction === 'outbound',
    );
    const [attachment] = (delivered.message as WidgetMessage).attachments;
    expect(attachment).toMatchObject({ kind: 'file', name: 'invoice.pdf', mimeType: 'application/pdf' });
    const file = await download(attachment.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(pdf)).toBe(true);
    expect(file.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''invoice.pdf");
    socket.close();
  });

  it('refuses an agent upload without a token with 401', async () => {
    const answer = await uploadAgentFile(ctx.hub.url, undefined, PNG);
    expect([answer.status, answer.body]).toEqual([
      401,
      widgetError('UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>.'),
    ]);
  });
});

describe('widget tenancy: a visitor token opens only its own conversation on its own widget', () => {
  /** Workspace A, with its widget; workspace B is made below. */
  const ctx = useWidgetHub();
  let adminB: TestAgent;
  let widgetB: string;

  beforeAll(async () => {
    adminB = (await createWorkspaceWithAdmin(ctx.hub.app)).admin;
    widgetB = (await createWidgetIntegration(ctx.hub.url, adminB.token)).id;
  });

  it("refuses workspace A's visitor token on workspace B's widget, over HTTP and the websocket", async () => {
    const tokenA = await ctx.visitorToken();
    const read = await widgetApi(ctx.hub.url, widgetB, 'GET', '/messages', { token: tokenA });
    expect([read.status, read.body]).toEqual([401, UNKNOWN_VISITOR]);
    const write = await widgetApi(ctx.hub.url, widgetB, 'POST', '/messages', {
      token: tokenA,
      body: { clientMessageId: randomUUID(), text: 'Hello B' },
    });
    expect([write.status, write.body]).toEqual([401, UNKNOWN_VISITOR]);
    const upload = await uploadVisitorFile(ctx.hub.url, widgetB, tokenA, PNG);
    expect(upload.status).toBe(401);

    const socket = await WidgetSocket.open(ctx.hub.url);
    socket.send({ type: 'hello', integrationId: widgetB, token: tokenA });
    expect((await socket.waitForClose()).code).toBe(4401);
    expect(await conversationIds(ctx.hub.url, adminB.token)).toEqual([]);
  });

  it('lets each visitor read only their own messages', async () => {
    const x = await ctx.visitorToken();
    const y = await ctx.visitorToken();
    for (const [token, text] of [
      [x, 'X: my address is 1 Main St'],
      [y, 'Y: hello'],
    ])
      expect(
        (await ctx.api('POST', '/messages', { token, body: { clientMessageId: randomUUID(), text } })).status,
      ).toBe(200);
    const read = async (token: string) =>
      (await ctx.api<{ messages: WidgetMessage[] }>('GET', '/messages?afterSeq=0', { token })).body.messages;
    const [xs, ys] = [await read(x), await read(y)];
    expect(xs.map((m) => m.text)).toEqual(['X: my address is 1 Main St']);
    expect(ys.map((m) => m.text)).toEqual(['Y: hello']);
    expect(xs[0].conversationId).not.toBe(ys[0].conversationId);
  });

  it('refuses a visitor token as an agent token on POST /graphql', async () => {
    const token = await ctx.visitorToken();
    for (const query of ['{ me { id } }', '{ conversations(first: 5) { edges { node { id } } } }']) {
      const answer = await gql(ctx.hub.url, token, query);
      expect(errorCode(answer)).toBe('UNAUTHENTICATED');
      expect(answer.data ?? null).toBeNull();
    }
  });
});

describe('widget customization and invitations', () => {
  const ctx = useWidgetHub();
  let agent: TestAgent;

  beforeAll(async () => {
    agent = await createAgent(ctx.hub.app, ctx.workspaceId, { role: 'agent' });
  });

  const newWidget = async () => (await createWidgetIntegration(ctx.hub.url, ctx.admin.token)).id;
  const widgetConfig = (token: string, id: string) =>
    gql<{ widgetConfig: Record<string, unknown> }>(
      ctx.hub.url,
      token,
      'query($id: ID!) { widgetConfig(integrationId: $id) }',
      { id },
    );

  it('returns the defaults for a new widget', async () => {
    const config = ok(await widgetConfig(ctx.admin.token, await newWidget())).widgetConfig;
    expect(config).toEqual({ ...defaultWidgetConfig(), version: 0 });
    expect(config).toMatchObject({
      locale: 'auto',
      appearance: { primaryColor: '#1f6feb', position: 'right' },
      prechat: { enabled: false, fields: [] },
      attachments: { enabled: true, maxBytes: 10485760 },
      invitations: [],
    });
  });

  it('pushes a saved customization to a connected widget as a config frame', async () => {
    const id = await newWidget();
    const { socket } = await ctx.connectVisitor({ integrationId: id });
    ok(
      await updateWidgetConfig(ctx.hub.url, ctx.admin.token, id, { appearance: { primaryColor: '#0f766e' } }),
    );
    const frame = await socket.waitFor((f) => f.type === 'config');
    expect(frame.config).toMatchObject({
      integrationId: id,
      version: 1,
      appearance: { primaryColor: '#0f766e', textOnPrimary: '#ffffff' },
    });
    expect((await bootVisitor(ctx.hub.url, id)).body.config).toMatchObject({
      appearance: { primaryColor: '#0f766e' },
    });
    socket.close();
  });

  it('refuses an invalid customization with BAD_USER_INPUT listing each path, and keeps the old one', async () => {
    const id = await newWidget();
    const answer = await updateWidgetConfig(ctx.hub.url, ctx.admin.token, id, {
      appearance: { primaryColor: 'red' },
      colour: '#ff0000',
      prechat: { enabled: true, fields: [{ id: 'topic', type: 'choice', label: 'Topic' }] },
    });
    expect(errorCode(answer)).toBe('BAD_USER_INPUT');
    const message = answer.errors?.[0].message ?? '';
    expect(message).toMatch(/^Invalid widget config: /);
    expect(message).toContain('appearance.primaryColor: must be a colour like #1f6feb');
    expect(message).toContain("Unrecognized key(s) in object: 'colour'");
    expect(message).toContain('prechat.fields.0.options: a choice field needs at least 2 options');
    expect(ok(await widgetConfig(ctx.admin.token, id)).widgetConfig).toMatchObject({
      version: 0,
      appearance: { primaryColor: '#1f6feb' },
    });
  });

  it('refuses customization to an agent who is not an admin', async () => {
    const id = await newWidget();
    expect(errorCode(await widgetConfig(agent.token, id))).toBe('FORBIDDEN');
    expect(errorCode(await updateWidgetConfig(ctx.hub.url, agent.token, id, {}))).toBe('FORBIDDEN');
    expect(ok(await widgetConfig(ctx.admin.token, id)).widgetConfig.version).toBe(0);
  });

  it('counts invitations shown and accepted from an allowed origin, and 404s an unknown one', async () => {
    const id = await newWidget();
    ok(
      await updateWidgetConfig(ctx.hub.url, ctx.admin.token, id, {
        invitations: [{ id: 'spring-sale', message: 'Need help choosing a size?' }],
      }),
    );
    const count = (invitationId: string, what: string, origin = SHOP) =>
      widgetApi(ctx.hub.url, id, 'POST', `/invitations/${invitationId}/${what}`, { origin });
    for (const what of ['shown', 'shown', 'accepted']) {
      const answer = await count('spring-sale', what);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(SHOP);
    }
    const unknown = await count('winter-sale', 'shown');
    expect([unknown.status, unknown.body]).toEqual([404, widgetError('NOT_FOUND', 'No such invitation.')]);
    expect((await count('spring-sale', 'clicked')).status).toBe(404);
    expect((await count('spring-sale', 'shown', FOREIGN)).status).toBe(403);

    expect(await invitationStats(ctx.hub.url, ctx.admin.token, id)).toEqual([
      { invitationId: 'spring-sale', shown: 2, accepted: 1 },
    ]);
  });
});
