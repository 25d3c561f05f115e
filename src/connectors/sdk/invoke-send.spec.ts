import { ConnectorError } from './connector-error';
import type { ConnectorContext } from './connector-context';
import type { ConnectorHooks } from './connector-hooks';
import { defineConnector } from './define-connector';
import { invokeSend, SEND_RECORD_TTL_SECONDS } from './invoke-send';
import type { OutboundMessage } from './outbound-message';
import { createCapturingLogger } from './testing/capturing-logger';
import { createMemoryStateStore } from './testing/memory-state-store';

const message: OutboundMessage = {
  idempotencyKey: 'msg_1',
  conversationId: 'conv_1',
  recipient: { externalId: 'c1' },
  text: 'hello',
  author: { kind: 'agent' },
  createdAt: new Date('2024-06-01T12:00:00Z'),
};

function connectorWith(send: ConnectorHooks['send']) {
  return defineConnector({
    manifest: {
      id: 'test-out',
      version: '1.0.0',
      displayName: 'Test',
      capabilities: { inbound: false, outbound: true },
      allowedHosts: [],
    },
    settings: {},
    hooks: { send },
  });
}

function context(overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return {
    integrationId: 'int_1',
    settings: {},
    http: { request: jest.fn() },
    state: createMemoryStateStore(),
    logger: createCapturingLogger(),
    clock: { now: () => new Date('2024-06-01T12:00:00Z') },
    ...overrides,
  };
}

describe('invokeSend', () => {
  it('sends once per idempotency key and returns the recorded id on a repeat', async () => {
    const send = jest.fn(async () => ({ providerMessageId: 'p_1' }));
    const definition = connectorWith(send);
    const ctx = context();
    await expect(invokeSend(definition, ctx, message)).resolves.toEqual({ providerMessageId: 'p_1' });
    await expect(invokeSend(definition, ctx, message)).resolves.toEqual({ providerMessageId: 'p_1' });
    expect(send).toHaveBeenCalledTimes(1);
    await expect(ctx.state.get('send:msg_1')).resolves.toBe('p_1');
  });

  it('records with a TTL and sends again for another key', async () => {
    const send = jest.fn(async (_ctx: ConnectorContext, m: OutboundMessage) => ({
      providerMessageId: `p_${m.idempotencyKey}`,
    }));
    const state = createMemoryStateStore();
    const set = jest.spyOn(state, 'set');
    const ctx = context({ state });
    await invokeSend(connectorWith(send), ctx, message);
    await invokeSend(connectorWith(send), ctx, { ...message, idempotencyKey: 'msg_2' });
    expect(send).toHaveBeenCalledTimes(2);
    expect(set).toHaveBeenCalledWith('send:msg_1', 'p_msg_1', { ttlSeconds: SEND_RECORD_TTL_SECONDS });
  });

  it('does not record a failed send, so a retry sends again', async () => {
    const send = jest
      .fn<Promise<{ providerMessageId: string }>, []>()
      .mockRejectedValueOnce(new ConnectorError('transient', 'timeout'))
      .mockResolvedValueOnce({ providerMessageId: 'p_2' });
    const ctx = context();
    await expect(invokeSend(connectorWith(send), ctx, message)).rejects.toMatchObject({ kind: 'transient' });
    await expect(invokeSend(connectorWith(send), ctx, message)).resolves.toEqual({
      providerMessageId: 'p_2',
    });
  });

  it('wraps a foreign error as transient without its message', async () => {
    const definition = connectorWith(async () => {
      throw new Error('401 for token sk_live_123');
    });
    const error = await invokeSend(definition, context(), message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'transient' });
    expect((error as Error).message).not.toContain('sk_live_123');
  });

  it('still returns the result when recording fails, because the message is already out', async () => {
    const state = createMemoryStateStore();
    jest.spyOn(state, 'set').mockRejectedValue(new Error('redis down'));
    const logger = createCapturingLogger();
    const result = await invokeSend(
      connectorWith(async () => ({ providerMessageId: 'p_1' })),
      context({ state, logger }),
      message,
    );
    expect(result).toEqual({ providerMessageId: 'p_1' });
  });

  it.each([
    ['an empty providerMessageId', async () => ({ providerMessageId: '' }), 'permanent'],
    ['no result', async () => undefined as never, 'permanent'],
  ])('rejects %s as a connector bug', async (_label, send, kind) => {
    await expect(invokeSend(connectorWith(send), context(), message)).rejects.toMatchObject({ kind });
  });

  it('refuses a connector without send as unsupported', async () => {
    const inboundOnly = defineConnector({
      manifest: {
        id: 'test-in',
        version: '1.0.0',
        displayName: 'In',
        capabilities: { inbound: true, outbound: false },
        allowedHosts: [],
      },
      settings: {},
      hooks: { verify: () => undefined, parse: () => [] },
    });
    await expect(invokeSend(inboundOnly, context(), message)).rejects.toMatchObject({ kind: 'unsupported' });
  });

  it('refuses a message without an idempotency key', async () => {
    const send = jest.fn(async () => ({ providerMessageId: 'p' }));
    await expect(
      invokeSend(connectorWith(send), context(), { ...message, idempotencyKey: '' }),
    ).rejects.toMatchObject({
      kind: 'permanent',
    });
    expect(send).not.toHaveBeenCalled();
  });
});
