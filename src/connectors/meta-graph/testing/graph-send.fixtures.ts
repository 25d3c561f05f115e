import type { OutboundMessage } from '../../sdk';
import { createFakeProviderServer, type FakeProviderServer } from '../../sdk/testing';

/**
 * Registers the hooks that give the calling describe block a fake Graph API on loopback, started
 * once and reset before each test. Read `baseUrl` in hooks and tests, not while Jest collects them.
 *
 * @example
 * ```ts
 * const server = useFakeGraphServer();
 * it('sends', async () => { server.setDefaultReply({ status: 200, body: { message_id: 'm_1' } }); ... });
 * ```
 */
export function useFakeGraphServer(): FakeProviderServer {
  const server = createFakeProviderServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => server.reset());
  return server;
}

/**
 * A builder of agent replies to one customer, written at `createdAt`; each reply gets its own
 * idempotency key.
 *
 * @example
 * ```ts
 * const message = agentReplies('psid-1', NOW);
 * message(hoursAgo(25), { attachments: [{ kind: 'image', url: 'https://hub.example/a.png' }] });
 * ```
 */
export function agentReplies(recipientId: string, createdAt: Date) {
  return (lastInboundAt: Date | null, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
    idempotencyKey: `msg_${Math.random()}`,
    conversationId: 'conv_1',
    recipient: { externalId: recipientId },
    text: 'Hello',
    author: { kind: 'agent' },
    createdAt,
    lastInboundAt,
    ...extra,
  });
}
