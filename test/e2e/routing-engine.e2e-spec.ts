import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConversationService } from '../../src/core/conversations/conversation.service';
import { createApiIntegration, createWorkspaceWithAdmin, gql, ok } from '../support/factories';
import { newAgent } from '../support/data';
import { eventually, HubProcess, spawnHub, startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

const AGENTS = 50;
const CAPACITY = 3;
const CONVERSATIONS = 1000;
const SLOTS = AGENTS * CAPACITY;

/**
 * Issue 5's load test: 1,000 conversations at once, 50 agents of capacity 3, two worker
 * processes. Capacity is sampled continuously (counting conversations, not trusting the
 * trigger-kept load), and the queue must drain in priority-then-arrival order.
 */
describe('routing engine under load', () => {
  let hub: TestHub;
  let db: DataSource;
  const workers: HubProcess[] = [];

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'api' });
    db = hub.app.get(DataSource);
    workers.push(await spawnHub({ HUB_ROLE: 'worker' }), await spawnHub({ HUB_ROLE: 'worker' }));
  }, 60000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await hub.close();
  });

  it('never exceeds capacity, assigns exactly 150, queues 850 and drains them in priority-then-arrival order', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    const integration = await createApiIntegration(hub.url, admin.token);
    const agentIds: string[] = [];
    for (let i = 0; i < AGENTS; i++)
      agentIds.push(await newAgent(hub.app, workspaceId, { capacity: CAPACITY }));
    ok(
      await gql(hub.url, admin.token, 'mutation($p: JSONObject!) { setRoutingPolicy(policy: $p) }', {
        p: {
          rules: [
            {
              id: 'vip',
              name: 'VIP domain',
              enabled: true,
              conditions: [
                { type: 'contactAttribute', attribute: 'email', operator: 'endsWith', value: '@vip.test' },
              ],
              action: { priority: 90 },
            },
          ],
          defaultAction: {},
        },
      }),
    );

    let worst = 0;
    let samples = 0;
    let sampling = true;
    // The sampler watches from outside, on a connection of its own: the api's pool is the one
    // taking the burst of webhooks, and a wait for one of its connections is not what is measured.
    const watcher = new Client({ connectionString: process.env.DATABASE_URL });
    await watcher.connect();
    const sampler = (async () => {
      while (sampling) {
        const {
          rows: [row],
        }: { rows: { over: number | null }[] } = await watcher.query(
          `SELECT max(n - capacity)::int AS over FROM (
             SELECT a.capacity, count(c.id) AS n FROM agents a
               JOIN conversations c ON c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status <> 'resolved'
              WHERE a.workspace_id = $1 GROUP BY a.id, a.capacity) loads`,
          [workspaceId],
        );
        worst = Math.max(worst, row.over ?? 0);
        samples++;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const count = async (where: string) =>
      (
        (await db.query(`SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND ${where}`, [
          workspaceId,
        ])) as {
          n: number;
        }[]
      )[0].n;
    const open = () => count(`assignee_id IS NOT NULL AND status = 'open'`);

    try {
      // Every 10th contact is a VIP (priority 90); all 1,000 arrive at once, 100 in flight at a time.
      let next = 0;
      const answers: number[] = [];
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next < CONVERSATIONS) {
            const i = next++;
            const email = i % 10 === 9 ? `c${i}@vip.test` : `c${i}@example.test`;
            answers.push(
              (
                await postApiMessage(hub.url, integration.id, integration.secret, {
                  contactId: `c-${i}`,
                  contactEmail: email,
                })
              ).status,
            );
          }
        }),
      );
      expect(answers.filter((s) => s === 200)).toHaveLength(CONVERSATIONS);
      await eventually(
        async () => ((await count('routed_at IS NOT NULL')) === CONVERSATIONS ? true : undefined),
        60000,
        'all routed',
      );
      await eventually(async () => ((await open()) === SLOTS ? true : undefined), 30000, `${SLOTS} assigned`);
      await new Promise((r) => setTimeout(r, 500)); // any routing job still running would show here
      expect(await open()).toBe(SLOTS);
      expect(await count(`status = 'queued' AND assignee_id IS NULL`)).toBe(CONVERSATIONS - SLOTS);

      const queues = ok(
        await gql<{
          routingQueues: {
            teamId: string | null;
            waiting: number;
            acceptingAgents: number;
            freeSlots: number;
          }[];
        }>(hub.url, admin.token, '{ routingQueues { teamId waiting acceptingAgents freeSlots } }'),
      ).routingQueues;
      expect(queues).toEqual([
        { teamId: null, waiting: CONVERSATIONS - SLOTS, acceptingAgents: AGENTS, freeSlots: 0 },
      ]);

      // The serving order, as the queue stands: VIPs first, then arrival.
      const order: { id: string; priority: number }[] = await db.query(
        `SELECT id, priority FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL
          ORDER BY priority DESC, queued_at, id`,
        [workspaceId],
      );
      const vipWaiting = order.filter((o) => o.priority === 90).length;
      expect(vipWaiting).toBeGreaterThan(0);
      const [head] = order;
      const position = ok(
        await gql<{ conversation: { routing: { queuePosition: number; priority: number } } }>(
          hub.url,
          admin.token,
          'query($id: ID!) { conversation(id: $id) { routing { queuePosition priority } } }',
          { id: head.id },
        ),
      ).conversation.routing;
      expect(position).toEqual({ queuePosition: 1, priority: 90 });

      // Agents resolve everything they have, twice: each time the next 150 of the queue, in order.
      const conversations = hub.app.get(ConversationService);
      for (let round = 0; round < 2; round++) {
        const assigned: { id: string; assigneeId: string }[] = await db.query(
          `SELECT id, assignee_id AS "assigneeId" FROM conversations WHERE workspace_id = $1 AND status = 'open'`,
          [workspaceId],
        );
        await Promise.all(
          assigned.map((c) =>
            conversations.resolveConversation({ workspaceId, agentId: c.assigneeId, role: 'agent' }, c.id),
          ),
        );
        const expected = order
          .slice(round * SLOTS, (round + 1) * SLOTS)
          .map((o) => o.id)
          .sort();
        await eventually(
          async () => ((await open()) === SLOTS ? true : undefined),
          30000,
          `round ${round + 1} assigned`,
        );
        const now: { id: string }[] = await db.query(
          `SELECT id FROM conversations WHERE workspace_id = $1 AND status = 'open'`,
          [workspaceId],
        );
        expect(now.map((r) => r.id).sort()).toEqual(expected);
      }
    } finally {
      sampling = false;
      await sampler.finally(() => watcher.end());
    }
    expect(samples).toBeGreaterThan(50);
    expect(worst).toBeLessThanOrEqual(0);
    // Each agent took chats; nobody got more than their share at a time.
    const perAgent: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND assignee_id IS NOT NULL GROUP BY assignee_id`,
      [workspaceId],
    );
    expect(perAgent).toHaveLength(AGENTS);
  }, 180000);
});
