import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createFakeProviderServer, FakeProviderServer } from '../../src/connectors/sdk/testing';
import { SendMessageService } from '../../src/core/conversations/send-message.service';
import { QueueProducer } from '../../src/core/queue/queue-producer.service';
import { newAgent, newApiIntegration, newWorkspace } from '../support/data';
import { eventually, HubProcess, spawnHub, startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

/**
 * Redis runs without persistence: a Redis restart loses queued jobs after their outbox rows were
 * relayed. The worker's recovery sweep finds the work in PostgreSQL and enqueues it again.
 */
describe('recovery of lost jobs', () => {
  let api: TestHub;
  let provider: FakeProviderServer;
  let worker: HubProcess | undefined;

  beforeAll(async () => {
    api = await startHub({ HUB_ROLE: 'api' }); // no workers here: jobs wait in Redis
    provider = createFakeProviderServer();
    await provider.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await api.close();
    await provider.stop();
  });

  it('delivers a reply and routes a conversation whose jobs vanished, but leaves a reply waiting for its retry', async () => {
    const db = api.app.get(DataSource);
    const workspaceId = await newWorkspace(api.app);
    const agentId = await newAgent(api.app, workspaceId, { status: 'offline' });
    const { integrationId, secret } = await newApiIntegration(
      api.app,
      workspaceId,
      `${provider.baseUrl}/hook`,
    );
    expect((await postApiMessage(api.url, integrationId, secret, { contactId: 'c-1' })).status).toBe(200);
    const [{ id: conversationId }]: { id: string }[] = await db.query(
      'SELECT id FROM conversations WHERE workspace_id = $1',
      [workspaceId],
    );
    const send = (text: string) =>
      api.app
        .get(SendMessageService)
        .sendMessage(
          { workspaceId, agentId, role: 'agent' },
          { conversationId, clientMessageId: randomUUID(), text },
        );
    const lost = await send('lost in a Redis restart');
    const producer = api.app.get(QueueProducer);
    await eventually(
      async () => ((await producer.queue('delivery').getJobCounts('waiting')).waiting > 0 ? true : undefined),
      5000,
      'job queued',
    );

    // The Redis restart: every queued job is gone. The work is older than the recovery age.
    await producer.queue('delivery').obliterate({ force: true });
    await producer.queue('routing').obliterate({ force: true });
    await db.query(`UPDATE messages SET created_at = now() - interval '2 minutes' WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    await db.query(
      `UPDATE conversations SET created_at = now() - interval '2 minutes', queued_at = now() - interval '2 minutes'
        WHERE workspace_id = $1`,
      [workspaceId],
    );
    await db.query(`UPDATE agents SET status = 'accepting' WHERE id = $1`, [agentId]);

    worker = await spawnHub({
      HUB_ROLE: 'worker',
      RECOVERY_SWEEP_INTERVAL_MS: '200',
      RECOVERY_AGE_MS: '60000',
    });
    await eventually(
      async () => {
        const [m]: { delivery_status: string }[] = await db.query(
          'SELECT delivery_status FROM messages WHERE id = $1',
          [lost.id],
        );
        return m.delivery_status === 'sent' ? true : undefined;
      },
      15000,
      'lost reply delivered',
    );
    // The routing recovery runs beside the delivery recovery, not after it.
    const assignee = await eventually(
      async () => {
        const [c]: { assignee_id: string | null }[] = await db.query(
          'SELECT assignee_id FROM conversations WHERE id = $1',
          [conversationId],
        );
        return c.assignee_id ?? undefined;
      },
      15000,
      'lost conversation routed',
    );
    expect(assignee).toBe(agentId);
    expect(provider.requests.map((r) => r.json<{ text: string }>().text)).toEqual([
      'lost in a Redis restart',
    ]);

    // A reply waiting out a provider's Retry-After is not work that was lost.
    await worker.stop();
    worker = undefined;
    const waiting = await send('waiting for retry-after');
    await producer.queue('delivery').obliterate({ force: true });
    await db.query(
      `UPDATE messages SET created_at = now() - interval '2 minutes', delivery_not_before = now() + interval '10 minutes' WHERE id = $1`,
      [waiting.id],
    );
    worker = await spawnHub({
      HUB_ROLE: 'worker',
      RECOVERY_SWEEP_INTERVAL_MS: '200',
      RECOVERY_AGE_MS: '60000',
    });
    await new Promise((r) => setTimeout(r, 1500));
    const [w]: { delivery_status: string }[] = await db.query(
      'SELECT delivery_status FROM messages WHERE id = $1',
      [waiting.id],
    );
    expect(w.delivery_status).toBe('pending');
    expect(provider.requests).toHaveLength(1);
  }, 60000);
});
