import { agentReplies, useFakeGraphServer } from '../meta-graph/testing';
import { invokeSend, isConnectorError } from '../sdk';
import { buildContext, fixedClock } from '../sdk/testing';
import { messengerConnector } from '.';

const NOW = new Date('2024-06-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);

describe('messenger send and the reply window', () => {
  const server = useFakeGraphServer();
  const message = agentReplies('psid-1', NOW);
  const context = (humanAgentTag: boolean) =>
    buildContext(
      messengerConnector,
      {
        pageId: '1',
        pageAccessToken: 'page-token-123456',
        appSecret: 'app-secret-123456',
        verifyToken: 'vt_123456',
        graphBaseUrl: server.baseUrl,
        humanAgentTag,
      },
      { clock: fixedClock(NOW) },
    );

  it('sends RESPONSE inside 24 hours', async () => {
    server.setDefaultReply({ status: 200, body: { message_id: 'm_1' } });
    await invokeSend(messengerConnector, context(false), message(hoursAgo(23)));
    expect(server.requests[0].json()).toMatchObject({ messaging_type: 'RESPONSE' });
    expect(server.requests[0].json()).not.toHaveProperty('tag');
  });

  it('sends MESSAGE_TAG HUMAN_AGENT after 24 hours when enabled', async () => {
    server.setDefaultReply({ status: 200, body: { message_id: 'm_1' } });
    await invokeSend(messengerConnector, context(true), message(hoursAgo(25)));
    expect(server.requests[0].json()).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it.each<[string, boolean, Date | null]>([
    ['after 24 hours without the tag', false, hoursAgo(25)],
    ['after 7 days with the tag', true, hoursAgo(169)],
    ['to a customer who never wrote', true, null],
  ])('refuses %s in plain words without calling Graph', async (_name, tag, lastInboundAt) => {
    const error = await invokeSend(messengerConnector, context(tag), message(lastInboundAt)).catch((e) => e);
    expect(isConnectorError(error) && error.kind).toBe('permanent');
    expect(String(error.message)).toMatch(/customer/);
    expect(server.requests).toHaveLength(0);
  });

  it('retries only the parts of a reply that were not sent', async () => {
    const ctx = context(false);
    const reply = message(hoursAgo(1), {
      attachments: [
        { kind: 'image', url: 'https://hub.example/a.png' },
        { kind: 'file', url: 'https://hub.example/b.pdf' },
      ],
    });
    server.queueReplies(
      { status: 200, body: { message_id: 'm_text' } },
      { status: 200, body: { message_id: 'm_image' } },
      { status: 500, body: 'boom' },
    );
    const first = await invokeSend(messengerConnector, ctx, reply).catch((e) => e);
    expect(isConnectorError(first) && first.kind).toBe('transient');
    server.setDefaultReply({ status: 200, body: { message_id: 'm_file' } });
    expect(await invokeSend(messengerConnector, ctx, reply)).toEqual({ providerMessageId: 'm_text' });
    expect(server.requests.map((r) => Object.keys(r.json<{ message: object }>().message)[0])).toEqual([
      'text',
      'attachment',
      'attachment',
      'attachment',
    ]);
  });
});
