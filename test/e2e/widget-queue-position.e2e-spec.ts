import { createAgent, createWorkspaceWithAdmin, gql, ok, TestAgent } from '../support/factories';
import {
  bootVisitor,
  createWidgetIntegration,
  queuePlaces,
  repeatedQueuePlaces,
  useWidgetHub,
  WidgetFrame,
  widgetApi,
  WidgetSocket,
} from '../support/widget';

const agentNamed = (name: string) => (f: WidgetFrame) =>
  f.type === 'conversation' && (f.agent as { name?: string } | null)?.name === name;
const placeIs = (position: number | null) => (f: WidgetFrame) =>
  f.type === 'queue' && f.position === position;

/**
 * Issue 5: waiting visitors see their place in line and an estimated wait, kept up to date as
 * chats are assigned and resolved, over the websocket, on `ready` and through the HTTP fallback.
 */
describe('website widget: place in line', () => {
  const ctx = useWidgetHub();
  let agent: TestAgent;

  beforeAll(async () => {
    agent = await createAgent(ctx.hub.app, ctx.workspaceId, {
      status: 'accepting',
      capacity: 1,
      name: 'Grace',
    });
  });

  it('tells waiting visitors their place and wait, and moves them up when a chat ends', async () => {
    const first = await ctx.connectVisitor();
    const a = await first.socket.sendMessage({ text: 'I was here first' });
    await first.socket.waitFor(agentNamed('Grace'));

    const second = await ctx.connectVisitor();
    await second.socket.sendMessage({ text: 'Me next' });
    const secondPlace = await second.socket.waitFor(placeIs(1));
    expect(secondPlace.etaSeconds).toEqual(expect.any(Number));
    expect(secondPlace.etaSeconds).toBeGreaterThan(0);

    const third = await ctx.connectVisitor();
    await third.socket.sendMessage({ text: 'And me' });
    const thirdPlace = await third.socket.waitFor(placeIs(2));
    expect(thirdPlace.etaSeconds).toBeGreaterThan(secondPlace.etaSeconds as number);

    // A reconnecting panel gets its place with `ready`; the HTTP fallback answers it with messages.
    const expected = { position: 2, etaSeconds: thirdPlace.etaSeconds };
    const again = await WidgetSocket.connect(ctx.hub.url, {
      integrationId: ctx.widget.id,
      token: third.token,
    });
    expect(again.frames.find((f) => f.type === 'ready')?.queue).toEqual(expected);
    again.close();
    const polled = await ctx.api<{ queue: unknown }>('GET', '/messages?afterSeq=0', { token: third.token });
    expect(polled.body.queue).toEqual(expected);
    // The first visitor is with an agent: no place, on either path.
    expect(
      (await ctx.api<{ queue: unknown }>('GET', '/messages', { token: first.token })).body.queue,
    ).toBeNull();

    ok(
      await gql(ctx.hub.url, agent.token, 'mutation($id: ID!) { resolveConversation(id: $id) { id } }', {
        id: (a.message as { conversationId: string }).conversationId,
      }),
    );

    await second.socket.waitFor(agentNamed('Grace'));
    await second.socket.waitFor(placeIs(null));
    expect(queuePlaces(second.socket).at(-1)).toEqual({ position: null, etaSeconds: null });
    const moved = await third.socket.waitFor(placeIs(1));
    expect(moved.etaSeconds).toEqual(expect.any(Number));
    expect(
      (await ctx.api<{ queue: unknown }>('GET', '/messages', { token: second.token })).body.queue,
    ).toBeNull();
    expect(
      (await ctx.api<{ queue: unknown }>('GET', '/messages', { token: third.token })).body.queue,
    ).toEqual({
      position: 1,
      etaSeconds: moved.etaSeconds,
    });

    // Only changes are sent: no socket was told the same place twice in a row.
    for (const visitor of [first, second, third]) expect(repeatedQueuePlaces(visitor.socket)).toEqual([]);
    for (const visitor of [first, second, third]) visitor.socket.close();
  });

  it('shows the place without an estimate when nobody accepts chats', async () => {
    // A workspace of its own, with no agent accepting; the other workspace's queue does not count.
    const { admin } = await createWorkspaceWithAdmin(ctx.hub.app);
    const widget = await createWidgetIntegration(ctx.hub.url, admin.token);
    const boot = await bootVisitor(ctx.hub.url, widget.id);
    expect(boot.body.online).toBe(false);
    const token = boot.body.visitorToken;
    const socket = await WidgetSocket.connect(ctx.hub.url, { integrationId: widget.id, token });
    expect(socket.frames.find((f) => f.type === 'ready')?.queue).toBeNull();

    await socket.sendMessage({ text: 'Anyone there?' });
    expect(await socket.waitFor(placeIs(1))).toEqual({ type: 'queue', position: 1, etaSeconds: null });
    const polled = await widgetApi<{ queue: unknown }>(ctx.hub.url, widget.id, 'GET', '/messages', { token });
    expect(polled.body.queue).toEqual({ position: 1, etaSeconds: null });
    socket.close();
  });
});
