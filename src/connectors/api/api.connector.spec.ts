import { createCapturingLogger, createFakeProviderServer, buildContext, fixedClock } from '../sdk/testing';
import { apiConnector, signStandardWebhook } from '.';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const clock = fixedClock(new Date('2024-06-01T12:00:00Z'));
const message = {
  idempotencyKey: 'msg_1',
  conversationId: 'conv_1',
  recipient: { externalId: 'cus_42' },
  text: 'Hello',
  author: { kind: 'agent' as const },
  createdAt: clock.now(),
};
const request = (body: string) => ({
  method: 'POST' as const,
  path: '/webhooks/int_1',
  url: '/webhooks/int_1',
  query: {},
  headers: { 'content-type': 'application/json' },
  rawBody: Buffer.from(body),
});

describe('api connector hooks', () => {
  it('refuses to send without a callbackUrl, saying how to fix it', async () => {
    const ctx = buildContext(apiConnector, { signingSecret: SECRET }, { clock });
    await expect(apiConnector.hooks.send!(ctx, message)).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringMatching(/no callbackUrl.*set the Callback URL/),
    });
  });

  it('signs the exact bytes it posts, with the idempotency key as webhook-id', async () => {
    const server = createFakeProviderServer();
    const baseUrl = await server.start();
    try {
      server.setDefaultReply({ status: 204 });
      const ctx = buildContext(
        apiConnector,
        { signingSecret: SECRET, callbackUrl: `${baseUrl}/in` },
        { clock },
      );
      await expect(apiConnector.hooks.send!(ctx, message)).resolves.toEqual({ providerMessageId: 'msg_1' });
      const [received] = server.requests;
      expect(
        signStandardWebhook({ secret: SECRET, id: 'msg_1', timestamp: clock.now(), body: received.body }),
      ).toEqual({
        'webhook-id': received.headers['webhook-id'],
        'webhook-timestamp': received.headers['webhook-timestamp'],
        'webhook-signature': received.headers['webhook-signature'],
      });
    } finally {
      await server.stop();
    }
  });

  it('rejects an unusable body as permanent, listing the problems', () => {
    const ctx = buildContext(apiConnector, { signingSecret: SECRET }, { clock });
    expect(() => apiConnector.hooks.parse!(ctx, request('{"type":"typing","contact":{}}'))).toThrow(
      expect.objectContaining({
        kind: 'permanent',
        message:
          'Request body is not a valid API event: event.contact.id must be a non-empty string; event.state must be one of on, off',
      }),
    );
  });

  it('logs skipped batch items by path only, never their content', () => {
    const logger = createCapturingLogger();
    const ctx = buildContext(apiConnector, { signingSecret: SECRET }, { clock, logger });
    const body = JSON.stringify({
      events: [
        { type: 'typing', contact: { id: 'c' }, state: 'on' },
        { type: 'message', id: 'm', contact: { id: 'c' }, text: 'card 4242 4242', sentAt: 'yesterday' },
      ],
    });
    expect(apiConnector.hooks.parse!(ctx, request(body))).toHaveLength(1);
    expect(JSON.stringify(logger.lines)).not.toContain('4242');
  });

  it('generates a whsec_ signing secret of 24 random bytes when none is given', () => {
    const ctx = buildContext(apiConnector, {});
    const secret = String(ctx.settings.signingSecret);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
  });
});
