import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { REDIS } from '../../src/core/tokens';
import { WidgetGateway } from '../../src/widget/widget.gateway';
import { eventually } from '../support/hub';
import { useWidgetHub, WidgetSocket } from '../support/widget';

/** Flood protection of the widget: messages per visitor and minute, open sockets per IP address. */
describe('widget rate limits', () => {
  const ctx = useWidgetHub({ env: { WIDGET_MESSAGES_PER_MINUTE: '3', WIDGET_CONNECTIONS_PER_IP: '3' } });

  beforeEach(async () => {
    // The limiter counts in fixed one-minute windows: start well inside one, so the 4th message
    // falls in the same window as the first three.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5000) await new Promise((r) => setTimeout(r, left + 50));
    // Every suite of this run writes from 127.0.0.1, whose per-IP counter (10× the per-visitor
    // limit) they share; start it from zero so only this test's messages count.
    const redis = ctx.hub.app.get<Redis>(REDIS);
    const stale = await redis.keys(`${ctx.hub.config.REDIS_PREFIX}:rl:wip:*`);
    if (stale.length > 0) await redis.del(...stale);
  });

  it('answers the 4th websocket message in a minute with RATE_LIMITED and retryAfterMs, storing 3', async () => {
    const { token, socket } = await ctx.connectVisitor();
    const answers = [];
    for (let i = 1; i <= 4; i++) answers.push(await socket.sendMessage({ text: `message ${i}` }));
    expect(answers.map((a) => a.type)).toEqual(['ack', 'ack', 'ack', 'error']);
    const limited = answers[3];
    expect(limited).toEqual({
      type: 'error',
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many messages; try again in \d+ s\.$/),
      clientMessageId: limited.clientMessageId,
      retryAfterMs: expect.any(Number),
    });
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.retryAfterMs).toBeLessThanOrEqual(60_000);

    const stored = await ctx.api<{ messages: { text: string }[] }>('GET', '/messages', { token });
    expect(stored.body.messages.map((m) => m.text)).toEqual(['message 1', 'message 2', 'message 3']);
    socket.close();
    await socket.waitForClose();
  });

  it('answers the 4th HTTP message in a minute with 429 and Retry-After, for that visitor only', async () => {
    const post = async (token: string, text: string) =>
      ctx.api('POST', '/messages', { token, body: { clientMessageId: randomUUID(), text } });
    const visitorToken = await ctx.visitorToken();
    for (let i = 1; i <= 3; i++) expect((await post(visitorToken, `message ${i}`)).status).toBe(200);
    const limited = await post(visitorToken, 'message 4');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many messages; try again in \d+ s\.$/),
      },
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const other = await ctx.visitorToken();
    expect((await post(other, 'another visitor')).status).toBe(200);
  });

  it('closes the 4th concurrent socket from one IP address with 4429, and accepts one again when a slot frees', async () => {
    const gateway = ctx.hub.app.get(WidgetGateway);
    await eventually(async () => (gateway.connections === 0 ? true : undefined), 5000, 'no open sockets');
    const connect = async () => (await ctx.connectVisitor()).socket;
    const open = [await connect(), await connect(), await connect()];

    const fourth = new WidgetSocket(ctx.hub.url);
    expect((await fourth.waitForClose()).code).toBe(4429);
    expect(open.every((s) => s.closed === undefined)).toBe(true);

    open[0].close();
    await open[0].waitForClose();
    await eventually(async () => (gateway.connections === 2 ? true : undefined), 5000, 'a freed slot');
    const again = await connect();
    expect(again.frames.map((f) => f.type)).toContain('ready');
    for (const s of [again, open[1], open[2]]) s.close();
  });
});
