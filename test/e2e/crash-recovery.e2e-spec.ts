import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { QueueProducer } from '../../src/core/queue/queue-producer.service';
import type { DomainEvent } from '../../src/core/realtime/domain-event';
import { RealtimeBus } from '../../src/core/realtime/realtime-bus.service';
import { newAgent, newApiIntegration, newWorkspace } from '../support/data';
import { eventually, spawnHub, startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

/**
 * Rule 4: a crash between commit and enqueue loses nothing. Redis writes are paused (CLIENT PAUSE
 * WRITE) so the api process commits and answers but cannot relay its outbox; it is then killed
 * with SIGKILL. A worker started afterwards must route every stored conversation exactly once.
 */
describe('crash after commit, before relay', () => {
  let observer: TestHub;
  let redis: Redis;

  beforeAll(async () => {
    // An in-process hub with role api only: it observes (database, queues, bus) and routes nothing.
    observer = await startHub({ HUB_ROLE: 'api' });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await redis.call('CLIENT', 'UNPAUSE').catch(() => undefined);
    redis.disconnect();
    await observer.close();
  });

  it('routes every message stored by a SIGKILLed process exactly once after restart', async () => {
    const db = observer.app.get(DataSource);
    const workspaceId = await newWorkspace(observer.app);
    for (let i = 0; i < 4; i++) await newAgent(observer.app, workspaceId, { capacity: 10 });
    const { integrationId, secret } = await newApiIntegration(observer.app, workspaceId);

    const api = await spawnHub({ HUB_ROLE: 'api' });
    const conversations = 12;
    await redis.call('CLIENT', 'PAUSE', '30000', 'WRITE');
    let answers;
    try {
      answers = await Promise.all(
        Array.from({ length: conversations }, () =>
          postApiMessage(api.url, integrationId, secret, { contactId: `c-${randomUUID()}` }),
        ),
      );
      await api.kill();
    } finally {
      await redis.call('CLIENT', 'UNPAUSE');
    }
    expect(answers.map((a) => a.status)).toEqual(Array(conversations).fill(200));
    const [left]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM outbox, jsonb_array_elements(payload) p, jsonb_array_elements(p->'data'->'conversationIds')
        WHERE workspace_id = $1 AND p->>'name' = 'route-conversations'`,
      [workspaceId],
    );
    expect(left.n).toBe(conversations); // every routing job is still in the outbox: the relay really never happened

    const events: DomainEvent[] = [];
    const unsubscribe = await observer.app.get(RealtimeBus).subscribe(workspaceId, (e) => events.push(e));
    const worker = await spawnHub({
      HUB_ROLE: 'worker',
      OUTBOX_SWEEP_AGE_MS: '0',
      OUTBOX_SWEEP_INTERVAL_MS: '200',
    });
    try {
      await eventually(
        async () => {
          const [r]: { n: number }[] = await db.query(
            `SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND assignee_id IS NOT NULL`,
            [workspaceId],
          );
          return r.n === conversations ? true : undefined;
        },
        20000,
        'all conversations assigned',
      );
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await worker.stop();
      await unsubscribe();
    }
    const [messages]: { n: number }[] = await db.query(
      'SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1',
      [workspaceId],
    );
    expect(messages.n).toBe(conversations);
    // Events are at-least-once (a sweep with age 0 can race the relay of the same row), so
    // count conversations and check no conversation was assigned twice to different agents.
    // (conversation.assigned with no assignee is the placement in a queue, before an agent.)
    const assigned = events.filter(
      (e): e is Extract<DomainEvent, { type: 'conversation.assigned' }> =>
        e.type === 'conversation.assigned' && e.assigneeId !== null,
    );
    expect(new Set(assigned.map((e) => e.conversationId)).size).toBe(conversations);
    expect(new Set(assigned.map((e) => `${e.conversationId}:${e.assigneeId}`)).size).toBe(conversations);
    const jobs = await observer.app.get(QueueProducer).queue('routing').getJobs(['completed']);
    const routed = jobs
      .filter((j) => j?.data?.workspaceId === workspaceId && j.name === 'route-conversations')
      .flatMap((j) => j.data.conversationIds as string[]);
    expect(routed).toHaveLength(conversations); // each conversation in exactly one routing job
    expect(new Set(routed).size).toBe(conversations);
    const [rest]: { n: number }[] = await db.query(
      'SELECT count(*)::int AS n FROM outbox WHERE workspace_id = $1',
      [workspaceId],
    );
    expect(rest.n).toBe(0);
  }, 60000);
});
