import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyStandardWebhook } from '../../src/connectors/api';
import { createFakeProviderServer, FakeProviderServer } from '../../src/connectors/sdk/testing';
import type { Principal } from '../../src/core/auth/principal';
import { SendMessageService } from '../../src/core/conversations/send-message.service';
import { newAgent, newApiIntegration, newWorkspace } from '../support/data';
import { eventually, startHub, TestHub } from '../support/hub';
import type { DomainEvent } from '../../src/core/realtime/domain-event';
import { RealtimeBus } from '../../src/core/realtime/realtime-bus.service';
import { postApiMessage, postWebhook, signedHeaders } from '../support/webhooks';

/**
 * Agent replies go out through the connector's `send` via the delivery worker: exactly once,
 * in conversation order, retried by error kind.
 */
describe('delivery of agent replies (api connector → local fake receiver)', () => {
  let hub: TestHub;
  let provider: FakeProviderServer;
  let db: DataSource;

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'all' });
    db = hub.app.get(DataSource);
    provider = createFakeProviderServer();
    await provider.start();
  });
  afterAll(async () => {
    await hub.close();
    await provider.stop();
  });
  beforeEach(() => provider.reset());

  async function conversationWithAgent(): Promise<{
    principal: Principal;
    conversationId: string;
    secret: string;
  }> {
    const workspaceId = await newWorkspace(hub.app);
    const agentId = await newAgent(hub.app, workspaceId, { status: 'not_accepting' });
    const { integrationId, secret } = await newApiIntegration(
      hub.app,
      workspaceId,
      `${provider.baseUrl}/replies`,
    );
    expect((await postApiMessage(hub.url, integrationId, secret, { contactId: 'customer-7' })).status).toBe(
      200,
    );
    const [{ id }]: { id: string }[] = await db.query(
      'SELECT id FROM conversations WHERE workspace_id = $1',
      [workspaceId],
    );
    return { principal: { workspaceId, agentId, role: 'agent' }, conversationId: id, secret };
  }

  const reply = (
    p: Principal,
    conversationId: string,
    text: string,
    clientMessageId: string = randomUUID(),
  ) => hub.app.get(SendMessageService).sendMessage(p, { conversationId, clientMessageId, text });

  async function statusOf(
    messageId: string,
  ): Promise<{ delivery_status: string; failure_reason: string | null; provider_message_id: string | null }> {
    const [row] = await db.query(
      'SELECT delivery_status, failure_reason, provider_message_id FROM messages WHERE id = $1',
      [messageId],
    );
    return row;
  }

  const settled = (messageId: string, status: string) =>
    eventually(
      async () => ((await statusOf(messageId)).delivery_status === status ? true : undefined),
      15000,
      `message ${status}`,
    );

  it('sends a reply exactly once, signed, and marks it sent with the provider id', async () => {
    provider.setDefaultReply({ status: 200, body: { id: 'crm-reply-1' } });
    const { principal, conversationId, secret } = await conversationWithAgent();
    const message = await reply(principal, conversationId, 'Your order ships today');
    expect((await statusOf(message.id)).delivery_status).toBe('pending');
    await settled(message.id, 'sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(provider.requests).toHaveLength(1);
    const [request] = provider.requests;
    expect(() =>
      verifyStandardWebhook({ secret, headers: request.headers, rawBody: request.body, now: new Date() }),
    ).not.toThrow();
    expect(request.headers['webhook-id']).toBe(message.id);
    expect(request.json()).toMatchObject({
      type: 'message.created',
      text: 'Your order ships today',
      contact: { id: 'customer-7' },
    });
    expect(await statusOf(message.id)).toMatchObject({
      provider_message_id: 'crm-reply-1',
      failure_reason: null,
    });
  });

  it('applies delivery receipts posted back by the receiver, only forward, with one event each', async () => {
    provider.setDefaultReply({ status: 200, body: { id: 'crm-reply-2' } });
    const { principal, conversationId, secret } = await conversationWithAgent();
    const [{ integration_id: integrationId }]: { integration_id: string }[] = await db.query(
      'SELECT integration_id FROM conversations WHERE id = $1',
      [conversationId],
    );
    const message = await reply(principal, conversationId, 'Tracking number inside');
    await settled(message.id, 'sent');
    const events: DomainEvent[] = [];
    const unsubscribe = await hub.app
      .get(RealtimeBus)
      .subscribe(principal.workspaceId, (e) => events.push(e));
    const receipt = async (status: string) => {
      const body = JSON.stringify({ type: 'message.status', messageId: 'crm-reply-2', status });
      return (await postWebhook(hub.url, integrationId, body, signedHeaders(secret, body))).status;
    };
    try {
      expect(await receipt('read')).toBe(200);
      expect(await receipt('delivered')).toBe(200); // late, out of order: ignored
      await settled(message.id, 'read');
      await eventually(async () => (events.length > 0 ? true : undefined), 5000, 'message.updated');
      await new Promise((r) => setTimeout(r, 300));
      expect(events).toEqual([
        {
          type: 'message.updated',
          workspaceId: principal.workspaceId,
          conversationId,
          messageId: message.id,
          seq: message.seq,
        },
      ]);
      expect((await statusOf(message.id)).delivery_status).toBe('read');
    } finally {
      await unsubscribe();
    }
  });

  it('sends one request for a reply submitted twice with the same client id', async () => {
    const { principal, conversationId } = await conversationWithAgent();
    const first = await reply(principal, conversationId, 'Once', 'client-1');
    const again = await reply(principal, conversationId, 'Once', 'client-1');
    expect(again.id).toBe(first.id);
    await settled(first.id, 'sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(provider.requests).toHaveLength(1);
  });

  it('waits for retry-after when the receiver answers 429, then sends', async () => {
    provider.queueReplies({ status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } });
    const { principal, conversationId } = await conversationWithAgent();
    const message = await reply(principal, conversationId, 'Patience');
    await settled(message.id, 'sent');
    expect(provider.requests).toHaveLength(2);
    const waited = provider.requests[1].receivedAt - provider.requests[0].receivedAt;
    expect(waited).toBeGreaterThanOrEqual(1950);
    expect(waited).toBeLessThan(6000);
  });

  it('marks a reply failed with a readable reason when the receiver answers 400, without retrying', async () => {
    provider.queueReplies({ status: 400, body: { error: 'unknown customer' } });
    const { principal, conversationId } = await conversationWithAgent();
    const message = await reply(principal, conversationId, 'Hello?');
    await settled(message.id, 'failed');
    const { failure_reason } = await statusOf(message.id);
    expect(failure_reason).toMatch(/permanent/);
    expect(failure_reason).toMatch(/400/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(provider.requests).toHaveLength(1);
  });

  it('keeps conversation order when an earlier reply has to be retried', async () => {
    provider.queueReplies({ status: 503, body: 'down for a second' });
    const { principal, conversationId } = await conversationWithAgent();
    const first = await reply(principal, conversationId, 'first');
    const second = await reply(principal, conversationId, 'second');
    const third = await reply(principal, conversationId, 'third');
    await settled(third.id, 'sent');
    await settled(first.id, 'sent');
    await settled(second.id, 'sent');
    expect(provider.requests.map((r) => r.json<{ text: string }>().text)).toEqual([
      'first',
      'first',
      'second',
      'third',
    ]);
  });
});
