import { randomUUID } from 'node:crypto';
import { createAgent, createWorkspaceWithAdmin, gql, ok, subscribe, TestAgent } from '../support/factories';
import { eventually, startHub, TestHub } from '../support/hub';
import { bootVisitor, createWidgetIntegration, WidgetSocket } from '../support/widget';

/**
 * A visitor on a website and an agent on GraphQL, through the real widget transport: messages go
 * through the same ingest as webhooks and replies through the same delivery worker.
 */
describe('website widget: visitor ↔ agent', () => {
  let hub: TestHub;
  let admin: TestAgent;
  let agent: TestAgent;
  let widgetId: string;

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'all' });
    const ws = await createWorkspaceWithAdmin(hub.app);
    admin = ws.admin;
    agent = await createAgent(hub.app, ws.workspaceId, { status: 'accepting', name: 'Grace' });
    widgetId = (await createWidgetIntegration(hub.url, admin.token)).id;
    ok(
      await gql(
        hub.url,
        admin.token,
        'mutation($id: ID!, $c: JSONObject!) { updateWidgetConfig(integrationId: $id, config: $c) }',
        {
          id: widgetId,
          c: {
            prechat: {
              enabled: true,
              fields: [
                { id: 'name', type: 'name', label: 'Your name', required: true },
                {
                  id: 'topic',
                  type: 'choice',
                  label: 'Topic',
                  options: ['Billing', 'Orders'],
                  required: true,
                },
                {
                  id: 'gdpr',
                  type: 'consent',
                  label: 'I agree that my data is processed to answer me.',
                  required: true,
                },
              ],
            },
          },
        },
      ),
    );
  });
  afterAll(() => hub.close());

  async function visitor() {
    const boot = await bootVisitor(hub.url, widgetId);
    expect(boot.status).toBe(200);
    const socket = await WidgetSocket.connect(hub.url, {
      integrationId: widgetId,
      token: boot.body.visitorToken,
    });
    return { boot, socket };
  }

  it('stores a visitor message once, with pre-chat answers, and shows it to the assigned agent', async () => {
    const { socket } = await visitor();
    const clientMessageId = randomUUID();
    const frame = {
      type: 'message',
      clientMessageId,
      text: 'Hello, where is my order?',
      prechat: { name: 'Ada', topic: 'Orders', gdpr: true },
    };
    socket.send(frame);
    const ack = await socket.waitFor((f) => f.type === 'ack');
    const message = ack.message as {
      id: string;
      conversationId: string;
      seq: number;
      clientMessageId: string;
    };
    expect(message).toMatchObject({ seq: 1, clientMessageId });

    socket.send(frame); // a resend after a lost ack
    await eventually(async () =>
      socket.frames.filter((f) => f.type === 'ack').length === 2 ? true : undefined,
    );
    const acks = socket.frames.filter((f) => f.type === 'ack').map((f) => (f.message as { id: string }).id);
    expect(acks).toEqual([message.id, message.id]);

    const conversation = await eventually(async () => {
      const data = ok(
        await gql<{
          conversation: {
            assigneeId: string | null;
            prechat: { fieldId: string; value: string; label: string; answeredAt: string }[];
            contact: { name: string; attributes: { prechat: unknown[] } };
          };
        }>(
          hub.url,
          agent.token,
          'query($id: ID!) { conversation(id: $id) { assigneeId prechat { fieldId value label answeredAt } contact { name attributes } } }',
          { id: message.conversationId },
        ),
      );
      return data.conversation.assigneeId ? data.conversation : undefined;
    });
    expect(conversation.assigneeId).toBe(agent.id);
    expect(conversation.contact.name).toBe('Ada');
    expect(conversation.prechat.map((a) => [a.fieldId, a.value])).toEqual([
      ['name', 'Ada'],
      ['topic', 'Orders'],
      ['gdpr', 'true'],
    ]);
    expect(conversation.prechat[2].label).toBe('I agree that my data is processed to answer me.');
    expect(Date.parse(conversation.prechat[2].answeredAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(conversation.contact.attributes.prechat).toHaveLength(3);
    socket.close();
  });

  it('refuses a first message without the required pre-chat answers, and takes later ones without', async () => {
    const { socket } = await visitor();
    socket.send({ type: 'message', clientMessageId: randomUUID(), text: 'Skipping the form' });
    const refused = await socket.waitFor((f) => f.type === 'error');
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: 'prechat.name (Your name) is required' });
    socket.send({
      type: 'message',
      clientMessageId: randomUUID(),
      text: 'Hi',
      prechat: { name: 'Di', topic: 'Billing', gdpr: true },
    });
    await socket.waitFor((f) => f.type === 'ack');
    socket.send({ type: 'message', clientMessageId: randomUUID(), text: 'A follow-up needs no form' });
    const second = await socket.waitFor((f) => f.type === 'ack' && (f.message as { seq: number }).seq === 2);
    expect((second.message as { text: string }).text).toBe('A follow-up needs no form');
    socket.close();
  });

  it('stores text with a NUL character (PostgreSQL refuses U+0000) without it, instead of failing forever', async () => {
    const { socket } = await visitor();
    socket.send({
      type: 'message',
      clientMessageId: randomUUID(),
      text: 'order\u0000 42',
      prechat: { name: 'Nu\u0000l', topic: 'Orders', gdpr: true },
    });
    const ack = await socket.waitFor((f) => f.type === 'ack' || f.type === 'error');
    expect(ack).toMatchObject({ type: 'ack', message: { text: 'order 42' } });
    socket.close();
  });

  it('streams the visitor draft to the assigned agent only, and agent typing to the visitor', async () => {
    const { socket } = await visitor();
    socket.send({
      type: 'message',
      clientMessageId: randomUUID(),
      text: 'Hi',
      prechat: { name: 'Bo', topic: 'Billing', gdpr: true },
    });
    const ack = await socket.waitFor((f) => f.type === 'ack');
    const conversationId = (ack.message as { conversationId: string }).conversationId;
    await socket.waitFor(
      (f) => f.type === 'conversation' && (f.agent as { name?: string } | null)?.name === 'Grace',
    );

    const seen = subscribe<{ type: string; conversationId: string; draft: string | null }>(
      hub.wsUrl,
      agent.token,
      'subscription { workspaceEvents { type conversationId draft typing actor } }',
      'workspaceEvents',
    );
    const other = await createAgent(hub.app, agent.workspaceId, { status: 'not_accepting' });
    const otherSeen = subscribe<{ type: string; draft: string | null }>(
      hub.wsUrl,
      other.token,
      'subscription { workspaceEvents { type draft } }',
      'workspaceEvents',
    );
    // graphql-ws has no "subscribed" ack, and this process already listens for the widget: type
    // until the agent's subscription sees it.
    const typingUntilSeen = setInterval(
      () => socket.send({ type: 'typing', on: true, draft: 'my order number is 12' }),
      300,
    );
    const peek = await seen.waitFor(
      (e) => e.type === 'conversation.typing' && e.draft === 'my order number is 12',
    );
    expect(peek.conversationId).toBe(conversationId);
    const otherPeek = await otherSeen.waitFor((e) => e.type === 'conversation.typing');
    clearInterval(typingUntilSeen);
    expect(otherPeek.draft).toBeNull();

    ok(
      await gql(hub.url, agent.token, 'mutation($id: ID!) { setTyping(conversationId: $id, typing: true) }', {
        id: conversationId,
      }),
    );
    const typing = await socket.waitFor((f) => f.type === 'typing');
    expect(typing).toMatchObject({ on: true, agent: { name: 'Grace' } });
    await seen.close();
    await otherSeen.close();
    socket.close();
  });

  it('delivers agent replies live, records delivered and read, and resumes 20 missed replies in order', async () => {
    const { boot, socket } = await visitor();
    socket.send({
      type: 'message',
      clientMessageId: randomUUID(),
      text: 'Hello?',
      prechat: { name: 'Cy', topic: 'Orders', gdpr: true },
    });
    const ack = await socket.waitFor((f) => f.type === 'ack');
    const conversationId = (ack.message as { conversationId: string }).conversationId;
    const reply = (text: string) =>
      gql<{ sendMessage: { id: string; seq: number } }>(
        hub.url,
        agent.token,
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }',
        { input: { conversationId, clientMessageId: randomUUID(), text } },
      );
    await eventually(async () => ((await reply('Hi Cy!')).errors ? undefined : true));
    const live = await socket.waitFor(
      (f) => f.type === 'message' && (f.message as { text: string }).text === 'Hi Cy!',
    );
    const liveMessage = live.message as { id: string; seq: number; direction: string };
    expect(liveMessage.direction).toBe('outbound');
    const status = async () =>
      ok(
        await gql<{ messagesSince: { id: string; deliveryStatus: string }[] }>(
          hub.url,
          agent.token,
          'query($id: ID!) { messagesSince(conversationId: $id, afterSeq: 0) { id deliveryStatus } }',
          { id: conversationId },
        ),
      ).messagesSince.find((m) => m.id === liveMessage.id)?.deliveryStatus;
    await eventually(
      async () => ((await status()) === 'DELIVERED' ? true : undefined),
      10000,
      `delivered receipt (${await status()})`,
    );
    socket.send({ type: 'read', seq: liveMessage.seq });
    await eventually(async () => ((await status()) === 'READ' ? true : undefined), 10000, 'read receipt');

    // The visitor's connection drops; the agent keeps writing.
    socket.terminate();
    const lastSeen = liveMessage.seq;
    for (let i = 1; i <= 20; i++) expect((await reply(`update ${i}`)).errors).toBeUndefined();
    await eventually(
      async () => {
        const data = ok(
          await gql<{ messagesSince: { deliveryStatus: string }[] }>(
            hub.url,
            agent.token,
            'query($id: ID!) { messagesSince(conversationId: $id, afterSeq: 0) { deliveryStatus } }',
            { id: conversationId },
          ),
        );
        return data.messagesSince.every((m) => m.deliveryStatus !== 'PENDING') ? true : undefined;
      },
      30000,
      'all 20 replies sent',
    );
    const booted = await bootVisitor(hub.url, widgetId, { visitorToken: boot.body.visitorToken });
    expect(booted.body.unread).toBe(20);
    const again = await WidgetSocket.connect(hub.url, {
      integrationId: widgetId,
      token: booted.body.visitorToken,
      afterSeq: lastSeen,
    });
    const texts = again.messages().map((m) => m.text);
    expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `update ${i + 1}`));
    const resent = again.frames
      .filter((f) => f.type === 'message')
      .map((f) => (f.message as { id: string }).id);
    expect(new Set(resent).size).toBe(resent.length);
    again.close();
  });
});
