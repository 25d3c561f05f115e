import { randomUUID } from 'node:crypto';
import { createAgent, gql, ok, subscribe, TestAgent } from '../support/factories';
import { eventually } from '../support/hub';
import {
  agentMessages,
  prechatForm,
  untilAssigned,
  untilRepliesHandedOver,
  useWidgetHub,
  WidgetSocket,
} from '../support/widget';

/**
 * A visitor on a website and an agent on GraphQL, through the real widget transport: messages go
 * through the same ingest as webhooks and replies through the same delivery worker.
 */
describe('website widget: visitor ↔ agent', () => {
  const ctx = useWidgetHub({ config: { prechat: prechatForm('name', 'topic', 'gdpr') } });
  let agent: TestAgent;

  beforeAll(async () => {
    agent = await createAgent(ctx.hub.app, ctx.workspaceId, { status: 'accepting', name: 'Grace' });
  });

  it('stores a visitor message once, with pre-chat answers, and shows it to the assigned agent', async () => {
    const { socket } = await ctx.connectVisitor();
    const clientMessageId = randomUUID();
    const opening = {
      clientMessageId,
      text: 'Hello, where is my order?',
      prechat: { name: 'Ada', topic: 'Orders', gdpr: true },
    };
    const ack = await socket.sendMessage(opening);
    const message = ack.message as {
      id: string;
      conversationId: string;
      seq: number;
      clientMessageId: string;
    };
    expect(message).toMatchObject({ seq: 1, clientMessageId });

    await socket.sendMessage(opening); // a resend after a lost ack
    const acks = socket.frames.filter((f) => f.type === 'ack').map((f) => (f.message as { id: string }).id);
    expect(acks).toEqual([message.id, message.id]);

    const conversation = await untilAssigned(ctx.hub.url, agent.token, message.conversationId);
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
    const { socket } = await ctx.connectVisitor();
    expect(await socket.sendMessage({ text: 'Skipping the form' })).toMatchObject({
      type: 'error',
      code: 'INVALID_INPUT',
      message: 'prechat.name (Your name) is required',
    });
    const first = await socket.sendMessage({
      text: 'Hi',
      prechat: { name: 'Di', topic: 'Billing', gdpr: true },
    });
    expect(first.type).toBe('ack');
    expect(await socket.sendMessage({ text: 'A follow-up needs no form' })).toMatchObject({
      type: 'ack',
      message: { seq: 2, text: 'A follow-up needs no form' },
    });
    socket.close();
  });

  it('stores text with a NUL character (PostgreSQL refuses U+0000) without it, instead of failing forever', async () => {
    const { socket } = await ctx.connectVisitor();
    const answer = await socket.sendMessage({
      text: 'order\u0000 42',
      prechat: { name: 'Nu\u0000l', topic: 'Orders', gdpr: true },
    });
    expect(answer).toMatchObject({ type: 'ack', message: { text: 'order 42' } });
    socket.close();
  });

  it('streams the visitor draft to the assigned agent only, and agent typing to the visitor', async () => {
    const { socket } = await ctx.connectVisitor();
    const ack = await socket.sendMessage({
      text: 'Hi',
      prechat: { name: 'Bo', topic: 'Billing', gdpr: true },
    });
    expect(ack.type).toBe('ack');
    const conversationId = (ack.message as { conversationId: string }).conversationId;
    await socket.waitFor(
      (f) => f.type === 'conversation' && (f.agent as { name?: string } | null)?.name === 'Grace',
    );

    const seen = subscribe<{ type: string; conversationId: string; draft: string | null }>(
      ctx.hub.wsUrl,
      agent.token,
      'subscription { workspaceEvents { type conversationId draft typing actor } }',
      'workspaceEvents',
    );
    const other = await createAgent(ctx.hub.app, agent.workspaceId, { status: 'not_accepting' });
    const otherSeen = subscribe<{ type: string; draft: string | null }>(
      ctx.hub.wsUrl,
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
      await gql(
        ctx.hub.url,
        agent.token,
        'mutation($id: ID!) { setTyping(conversationId: $id, typing: true) }',
        { id: conversationId },
      ),
    );
    const typing = await socket.waitFor((f) => f.type === 'typing');
    expect(typing).toMatchObject({ on: true, agent: { name: 'Grace' } });
    await seen.close();
    await otherSeen.close();
    socket.close();
  });

  it('delivers agent replies live, records delivered and read, and resumes 20 missed replies in order', async () => {
    const { token, socket } = await ctx.connectVisitor();
    const ack = await socket.sendMessage({
      text: 'Hello?',
      prechat: { name: 'Cy', topic: 'Orders', gdpr: true },
    });
    expect(ack.type).toBe('ack');
    const conversationId = (ack.message as { conversationId: string }).conversationId;
    const reply = (text: string) =>
      gql<{ sendMessage: { id: string; seq: number } }>(
        ctx.hub.url,
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
      (await agentMessages(ctx.hub.url, agent.token, conversationId)).find((m) => m.id === liveMessage.id)
        ?.deliveryStatus;
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
    await untilRepliesHandedOver(ctx.hub.url, agent.token, conversationId, 30000);
    const booted = await ctx.boot({ visitorToken: token });
    expect(booted.body.unread).toBe(20);
    const again = await WidgetSocket.connect(ctx.hub.url, {
      integrationId: ctx.widget.id,
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
