import { agentReplies, useFakeGraphServer } from '../meta-graph/testing';
import { invokeSend, isConnectorError } from '../sdk';
import { buildContext, fixedClock } from '../sdk/testing';
import { whatsappCloudConnector } from '.';

const NOW = new Date('2024-06-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const TOKEN = 'EAAGwhatsappToken0123456789';
const sent = (id: string) => ({ status: 200, body: { messaging_product: 'whatsapp', messages: [{ id }] } });

describe('whatsapp-cloud send, templates and media', () => {
  const server = useFakeGraphServer();
  const message = agentReplies('16505551234', NOW);
  const context = (extra: Record<string, unknown> = {}) =>
    buildContext(
      whatsappCloudConnector,
      {
        phoneNumberId: '106540352242922',
        wabaId: '102290129340398',
        accessToken: TOKEN,
        appSecret: 'app-secret-123456',
        verifyToken: 'vt_123456',
        graphBaseUrl: server.baseUrl,
        ...extra,
      },
      { clock: fixedClock(NOW) },
    );

  it.each<[string, Date | null]>([
    ['after 24 hours', hoursAgo(25)],
    ['to a customer who never wrote', null],
  ])('refuses free text %s in plain words without calling Graph', async (_name, lastInboundAt) => {
    const error = await invokeSend(whatsappCloudConnector, context(), message(lastInboundAt)).catch((e) => e);
    expect(isConnectorError(error) && error.kind).toBe('permanent');
    expect(String(error.message)).toMatch(/template/);
    expect(server.requests).toHaveLength(0);
  });

  it('sends a template outside the window', async () => {
    server.setDefaultReply(sent('wamid.t1'));
    const template = { name: 'order_update', language: 'en_US', parameters: ['Ada'] };
    expect(await invokeSend(whatsappCloudConnector, context(), message(hoursAgo(48), { template }))).toEqual({
      providerMessageId: 'wamid.t1',
    });
    expect(server.requests[0].json()).toMatchObject({ type: 'template', template: { name: 'order_update' } });
  });

  it('retries only the parts of a reply that were not sent', async () => {
    const ctx = context();
    const reply = message(hoursAgo(1), {
      attachments: [
        { kind: 'image', url: 'https://hub.example/a.png' },
        { kind: 'file', url: 'https://hub.example/b.pdf', name: 'b.pdf' },
      ],
    });
    server.queueReplies(sent('wamid.text'), sent('wamid.image'), { status: 500, body: 'boom' });
    const first = await invokeSend(whatsappCloudConnector, ctx, reply).catch((e) => e);
    expect(isConnectorError(first) && first.kind).toBe('transient');
    server.setDefaultReply(sent('wamid.file'));
    expect(await invokeSend(whatsappCloudConnector, ctx, reply)).toEqual({ providerMessageId: 'wamid.text' });
    expect(server.requests.map((r) => r.json<{ type: string }>().type)).toEqual([
      'text',
      'image',
      'document',
      'document',
    ]);
  });

  it('lists templates over every page', async () => {
    const page = (name: string, next?: string) => ({
      status: 200,
      body: {
        data: [
          { name, language: 'en_US', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}' }] },
        ],
        ...(next && { paging: { next } }),
      },
    });
    server.queueReplies(
      page('one', `${server.baseUrl}/v21.0/102290129340398/message_templates?after=x`),
      page('two'),
    );
    const templates = await whatsappCloudConnector.hooks.listTemplates?.(context());
    expect(templates?.map((t) => t.name)).toEqual(['one', 'two']);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/v21.0/102290129340398/message_templates',
      '/v21.0/102290129340398/message_templates',
    ]);
    expect(server.requests.map((r) => r.query.after ?? r.query.fields)).toEqual([
      'name,language,status,category,components',
      'x',
    ]);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('asks an admin for the WABA id before listing templates', async () => {
    const error = await whatsappCloudConnector.hooks
      .listTemplates?.(context({ wabaId: undefined }))
      .catch((e) => e);
    expect(isConnectorError(error) && error.kind).toBe('config');
  });

  it('downloads media in two steps with the bearer token', async () => {
    const bytes = Buffer.from('png-bytes');
    server.queueReplies(
      { status: 200, body: { url: `${server.baseUrl}/media/abc?hash=1`, mime_type: 'image/png', id: '777' } },
      { status: 200, body: bytes.toString('utf8'), headers: { 'content-type': 'image/png' } },
    );
    const media = await whatsappCloudConnector.hooks.fetchMedia?.(context(), {
      providerMediaId: '777',
      kind: 'image',
    });
    expect(media).toEqual({ body: bytes, mimeType: 'image/png' });
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/v21.0/777', `Bearer ${TOKEN}`],
      ['/media/abc', `Bearer ${TOKEN}`],
    ]);
  });

  it.each<[string, number, string]>([
    ['media that no longer exists', 400, 'permanent'],
    ['a rate limit', 429, 'rate_limited'],
    ['a server error', 503, 'transient'],
  ])('maps %s while downloading to %s', async (_name, status, kind) => {
    server.setDefaultReply({ status, body: { error: { code: status === 400 ? 100 : 2 } } });
    const error = await whatsappCloudConnector.hooks
      .fetchMedia?.(context(), { providerMediaId: '777', kind: 'image' })
      .catch((e) => e);
    expect(isConnectorError(error) && error.kind).toBe(kind);
  });

  it('refuses a media URL outside the allowed hosts', async () => {
    server.setDefaultReply({
      status: 200,
      body: { url: 'https://evil.example/steal', mime_type: 'image/png' },
    });
    const error = await whatsappCloudConnector.hooks
      .fetchMedia?.(context(), { providerMediaId: '777', kind: 'image' })
      .catch((e) => e);
    expect(isConnectorError(error) && error.kind).toBe('config');
    expect(server.requests).toHaveLength(1);
  });
});
