import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { QueueProducer } from '../../src/core/queue/queue-producer.service';
import type { DomainEvent } from '../../src/core/realtime/domain-event';
import { RealtimeBus } from '../../src/core/realtime/realtime-bus.service';
import { newApiIntegration, newWorkspace } from '../support/data';
import { createWorkspaceWithAdmin, gql, ok, subscribe, untilSubscribed } from '../support/factories';
import { eventually, startHub, TestHub } from '../support/hub';
import { apiMessageBody, postApiMessage, postWebhook, signedHeaders } from '../support/webhooks';

describe('webhook ingest (api connector)', () => {
  let hub: TestHub;
  let db: DataSource;

  beforeAll(async () => {
    // api role: routing jobs stay in the queue, so the test can count them.
    hub = await startHub({ HUB_ROLE: 'api' });
    db = hub.app.get(DataSource);
  });
  afterAll(() => hub.close());

  async function countMessages(workspaceId: string): Promise<number> {
    const [row]: { n: number }[] = await db.query(
      'SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1',
      [workspaceId],
    );
    return row.n;
  }

  async function routingJobsFor(conversationId: string): Promise<number> {
    const jobs = await hub.app
      .get(QueueProducer)
      .queue('routing')
      .getJobs(['waiting', 'delayed', 'active', 'completed', 'prioritized']);
    return jobs.filter((j) => (j?.data?.conversationIds as string[] | undefined)?.includes(conversationId))
      .length;
  }

  it('stores one message, one routing job and one subscription event for a webhook replayed 5 times in sequence and 5 concurrently', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    const sub = subscribe<{ type: string; conversationId: string; messageId: string | null }>(
      hub.wsUrl,
      admin.token,
      'subscription { workspaceEvents { type conversationId messageId } }',
      'workspaceEvents',
    );
    try {
      await untilSubscribed(hub.app, workspaceId);
      const body = apiMessageBody({ id: `ext-${randomUUID()}` });
      const headers = signedHeaders(secret, body);
      const sequential = [];
      for (let i = 0; i < 5; i++) sequential.push(await postWebhook(hub.url, integrationId, body, headers));
      const concurrent = await Promise.all(
        Array.from({ length: 5 }, () => postWebhook(hub.url, integrationId, body, headers)),
      );

      for (const answer of [...sequential, ...concurrent]) expect(answer.status).toBe(200);
      expect(await countMessages(workspaceId)).toBe(1);
      const [{ id: messageId, conversation_id: conversationId }]: { id: string; conversation_id: string }[] =
        await db.query('SELECT id, conversation_id FROM messages WHERE workspace_id = $1', [workspaceId]);
      await sub.waitFor((e) => e.type === 'message.created');
      await new Promise((r) => setTimeout(r, 500)); // time for any duplicate to show up
      expect(sub.events.filter((e) => e.type === 'message.created')).toEqual([
        { type: 'message.created', conversationId, messageId },
      ]);
      expect(sub.events.filter((e) => e.type === 'conversation.created')).toHaveLength(1);
      expect(await routingJobsFor(conversationId)).toBe(1);
    } finally {
      await sub.close();
    }
  });

  it('reopens a conversation waiting on the customer when the customer writes, and leaves open ones alone', async () => {
    const workspaceId = await newWorkspace(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    const contactId = `contact-${randomUUID()}`;
    expect((await postApiMessage(hub.url, integrationId, secret, { contactId })).status).toBe(200);
    const events: DomainEvent[] = [];
    const unsubscribe = await hub.app.get(RealtimeBus).subscribe(workspaceId, (e) => events.push(e));
    try {
      expect((await postApiMessage(hub.url, integrationId, secret, { contactId })).status).toBe(200);
      await db.query(`UPDATE conversations SET status = 'pending' WHERE workspace_id = $1`, [workspaceId]);
      expect((await postApiMessage(hub.url, integrationId, secret, { contactId })).status).toBe(200);
      await eventually(
        async () => (events.filter((e) => e.type === 'message.created').length === 2 ? true : undefined),
        5000,
        'events',
      );
      await new Promise((r) => setTimeout(r, 300));
      const changes = events.filter((e) => e.type === 'conversation.status_changed');
      expect(changes).toEqual([
        expect.objectContaining({ type: 'conversation.status_changed', status: 'open' }),
      ]);
      const [{ status }]: { status: string }[] = await db.query(
        'SELECT status FROM conversations WHERE workspace_id = $1',
        [workspaceId],
      );
      expect(status).toBe('open');
    } finally {
      await unsubscribe();
    }
  });

  it.each([
    [
      'a bad signature',
      (h: Record<string, string>) => ({
        ...h,
        'webhook-signature': 'v1,' + Buffer.alloc(32, 7).toString('base64'),
      }),
      (b: string) => b,
    ],
    ['no signature', (h: Record<string, string>) => ({ ...h, 'webhook-signature': '' }), (b: string) => b],
    ['no signature headers at all', () => ({ 'content-type': 'application/json' }), (b: string) => b],
    ['a tampered body', (h: Record<string, string>) => h, (b: string) => b.replace('Hello', 'Hellp')],
  ])('answers 401 and stores nothing for %s', async (_case, mutateHeaders, mutateBody) => {
    const workspaceId = await newWorkspace(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    const body = apiMessageBody();
    const answer = await postWebhook(
      hub.url,
      integrationId,
      mutateBody(body),
      mutateHeaders(signedHeaders(secret, body)),
    );
    expect(answer.status).toBe(401);
    expect(await countMessages(workspaceId)).toBe(0);
  });

  it('answers 401 for a timestamp older than five minutes, and for one signed with another secret', async () => {
    const workspaceId = await newWorkspace(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    const other = await newApiIntegration(hub.app, workspaceId);
    const body = apiMessageBody();
    const stale = await postWebhook(
      hub.url,
      integrationId,
      body,
      signedHeaders(secret, body, new Date(Date.now() - 6 * 60_000)),
    );
    const wrongSecret = await postWebhook(hub.url, integrationId, body, signedHeaders(other.secret, body));
    expect([stale.status, wrongSecret.status]).toEqual([401, 401]);
    expect(await countMessages(workspaceId)).toBe(0);
  });

  it('gives 50 concurrent messages of one conversation seq 1..50 without gaps, and messagesSince returns them in order', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    const contactId = `contact-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postApiMessage(hub.url, integrationId, secret, { contactId, text: `message ${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const rows: { seq: number; conversation_id: string }[] = await db.query(
      'SELECT seq, conversation_id FROM messages WHERE workspace_id = $1 ORDER BY seq',
      [workspaceId],
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);
    const [conversation]: { last_seq: number }[] = await db.query(
      'SELECT last_seq FROM conversations WHERE id = $1',
      [rows[0].conversation_id],
    );
    expect(conversation.last_seq).toBe(50);
    const since = async (afterSeq: number, limit: number) =>
      ok(
        await gql<{ messagesSince: { seq: number; text: string }[] }>(
          hub.url,
          admin.token,
          'query($c: ID!, $a: Int!, $l: Int!) { messagesSince(conversationId: $c, afterSeq: $a, limit: $l) { seq text } }',
          { c: rows[0].conversation_id, a: afterSeq, l: limit },
        ),
      ).messagesSince;
    const all = await since(0, 100);
    expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(all.map((m) => m.text)).size).toBe(50);
    expect((await since(45, 100)).map((m) => m.seq)).toEqual([46, 47, 48, 49, 50]);
    expect((await since(10, 3)).map((m) => m.seq)).toEqual([11, 12, 13]);
  });

  it.each([
    ['an unknown integration id', () => randomUUID()],
    ['a malformed integration id', () => 'not-a-uuid'],
  ])('answers 404 for %s', async (_case, id) => {
    const body = apiMessageBody();
    const answer = await postWebhook(
      hub.url,
      id(),
      body,
      signedHeaders('whsec_' + Buffer.alloc(24).toString('base64'), body),
    );
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: 'not_found', message: 'No such integration.' });
  });

  it('answers 400 for a correctly signed body that is not a message', async () => {
    const workspaceId = await newWorkspace(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    for (const body of ['{not json', JSON.stringify({ type: 'message', text: 'no id, no contact' })]) {
      const answer = await postWebhook(hub.url, integrationId, body, signedHeaders(secret, body));
      expect(answer.status).toBe(400);
    }
    expect(await countMessages(workspaceId)).toBe(0);
  });

  it('accepts a 3 MB webhook body', async () => {
    const workspaceId = await newWorkspace(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    const body = apiMessageBody({ text: 'x'.repeat(3 * 1024 * 1024 - 500) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(3 * 1024 * 1024 - 400);
    const answer = await postWebhook(hub.url, integrationId, body, signedHeaders(secret, body));
    expect(answer.status).toBe(200);
    expect(await countMessages(workspaceId)).toBe(1);
  });
});
