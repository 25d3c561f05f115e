import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RecordInboundService } from '../../src/core/conversations/record-inbound.service';
import { RoutingService } from '../../src/routing/routing.service';
import { createServiceContext } from '../support/context';
import { newAgent, newApiIntegration, newWorkspace } from '../support/data';

/** The routing engine against a real PostgreSQL: who gets a conversation, and capacity under concurrency. */
describe('RoutingService', () => {
  let processA: INestApplicationContext;
  let processB: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    [processA, processB] = await Promise.all([createServiceContext(), createServiceContext()]);
    db = processA.get(DataSource);
  });
  afterAll(async () => {
    await processA.close();
    await processB.close();
  });

  async function openConversations(workspaceId: string, integrationId: string, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      await processA.get(RecordInboundService).recordInboundEvents({ workspaceId, integrationId }, [
        {
          type: 'message',
          externalId: randomUUID(),
          contact: { externalId: randomUUID() },
          text: 'hi',
          occurredAt: new Date(),
        },
      ]);
    }
    const rows: { id: string }[] = await db.query(
      'SELECT id FROM conversations WHERE workspace_id = $1 ORDER BY created_at, id',
      [workspaceId],
    );
    ids.push(...rows.map((r) => r.id).slice(-n));
    return ids;
  }

  const assigneeOf = async (conversationId: string) =>
    (
      (await db.query('SELECT assignee_id FROM conversations WHERE id = $1', [conversationId])) as {
        assignee_id: string | null;
      }[]
    )[0].assignee_id;

  it.each([
    [
      'the least loaded accepting agent',
      [
        { status: 'accepting', capacity: 5, load: 2 },
        { status: 'accepting', capacity: 5, load: 1 },
      ],
      1,
    ],
    [
      'nobody not accepting',
      [
        { status: 'not_accepting', capacity: 5, load: 0 },
        { status: 'accepting', capacity: 5, load: 3 },
      ],
      1,
    ],
    [
      'nobody offline',
      [
        { status: 'offline', capacity: 5, load: 0 },
        { status: 'accepting', capacity: 2, load: 1 },
      ],
      1,
    ],
    [
      'nobody at capacity',
      [
        { status: 'accepting', capacity: 1, load: 1 },
        { status: 'accepting', capacity: 9, load: 4 },
      ],
      1,
    ],
    ['nobody when all are full (stays queued)', [{ status: 'accepting', capacity: 1, load: 1 }], -1],
  ] as const)('gives a new conversation to %s', async (_name, agents, expectedIndex) => {
    const workspaceId = await newWorkspace(processA);
    const { integrationId } = await newApiIntegration(processA, workspaceId);
    const agentIds: string[] = [];
    for (const a of agents) {
      const id = await newAgent(processA, workspaceId, { status: 'accepting', capacity: a.capacity });
      for (const c of await openConversations(workspaceId, integrationId, a.load)) {
        await db.query(`UPDATE conversations SET assignee_id = $2, status = 'open' WHERE id = $1`, [c, id]);
      }
      await db.query('UPDATE agents SET status = $2 WHERE id = $1', [id, a.status]);
      agentIds.push(id);
    }
    const [conversationId] = await openConversations(workspaceId, integrationId, 1);
    const outcome = await processA.get(RoutingService).routeConversation(workspaceId, conversationId);
    expect(outcome).toBe(expectedIndex === -1 ? 'queued' : 'assigned');
    expect(await assigneeOf(conversationId)).toBe(expectedIndex === -1 ? null : agentIds[expectedIndex]);
    expect(await processA.get(RoutingService).routeConversation(workspaceId, conversationId)).toBe(
      expectedIndex === -1 ? 'queued' : 'skipped',
    );
    const [reason]: { routing_reason: Record<string, unknown> | null }[] = await db.query(
      'SELECT routing_reason FROM conversations WHERE id = $1',
      [conversationId],
    );
    expect(reason.routing_reason).toMatchObject(
      expectedIndex === -1
        ? { ruleId: null, teamId: null }
        : { ruleId: null, strategy: 'least_busy', choice: 'least_busy' },
    );
  });

  it('never exceeds capacity when two processes route 60 conversations at once', async () => {
    const workspaceId = await newWorkspace(processA);
    const { integrationId } = await newApiIntegration(processA, workspaceId);
    const capacities = [1, 2, 4, 7];
    for (const capacity of capacities) await newAgent(processA, workspaceId, { capacity });
    const conversations = await openConversations(workspaceId, integrationId, 60);
    const outcomes = await Promise.all(
      conversations.map((id, i) =>
        (i % 2 ? processA : processB).get(RoutingService).routeConversation(workspaceId, id),
      ),
    );
    expect(outcomes).toHaveLength(60);
    expect(outcomes.filter((o) => o === 'assigned')).toHaveLength(14);
    const loads: { capacity: number; load: number }[] = await db.query(
      `SELECT a.capacity, count(c.id)::int AS load FROM agents a
         LEFT JOIN conversations c ON c.assignee_id = a.id AND c.status <> 'resolved'
        WHERE a.workspace_id = $1 GROUP BY a.id, a.capacity`,
      [workspaceId],
    );
    for (const { capacity, load } of loads) expect(load).toBe(capacity);
  });

  it('assigns queued conversations oldest first when capacity appears', async () => {
    const workspaceId = await newWorkspace(processA);
    const { integrationId } = await newApiIntegration(processA, workspaceId);
    const agentId = await newAgent(processA, workspaceId, { capacity: 2, status: 'offline' });
    const conversations = await openConversations(workspaceId, integrationId, 3);
    for (const id of conversations)
      expect(await processA.get(RoutingService).routeConversation(workspaceId, id)).toBe('queued');
    await db.query(`UPDATE agents SET status = 'accepting' WHERE id = $1`, [agentId]);
    await processB.get(RoutingService).assignQueued(workspaceId);
    expect(await Promise.all(conversations.map(assigneeOf))).toEqual([agentId, agentId, null]);
  });
});
