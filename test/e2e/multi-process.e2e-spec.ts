import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgentService } from '../../src/core/agents/agent.service';
import { ConversationService } from '../../src/core/conversations/conversation.service';
import {
  createApiIntegration,
  createWorkspaceWithAdmin,
  subscribe,
  untilSubscribed,
} from '../support/factories';
import { newAgent } from '../support/data';
import { eventually, HubProcess, spawnHub, startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

/** Several api and worker processes against one PostgreSQL and Redis (ARCHITECTURE.md, Processes). */
describe('several processes', () => {
  let hubA: TestHub;
  let db: DataSource;
  const children: HubProcess[] = [];

  beforeAll(async () => {
    hubA = await startHub({ HUB_ROLE: 'api' });
    db = hubA.app.get(DataSource);
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await hubA.close();
  });

  it('delivers to a subscriber on api process A the events of a message ingested by api process B', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hubA.app);
    const integration = await createApiIntegration(hubA.url, admin.token);
    const processB = await spawnHub({ HUB_ROLE: 'api' });
    children.push(processB);
    const sub = subscribe<{
      type: string;
      conversationId: string;
      messageId: string | null;
      seq: number | null;
    }>(
      hubA.wsUrl,
      admin.token,
      'subscription { workspaceEvents { type conversationId messageId seq } }',
      'workspaceEvents',
    );
    try {
      await untilSubscribed(hubA.app, workspaceId);
      const answer = await postApiMessage(processB.url, integration.id, integration.secret, {
        text: 'via B',
      });
      expect(answer.status).toBe(200);
      const created = await sub.waitFor((e) => e.type === 'message.created', 5000);
      const [message]: { id: string; seq: number }[] = await db.query(
        'SELECT id, seq FROM messages WHERE workspace_id = $1',
        [workspaceId],
      );
      expect(created).toMatchObject({ messageId: message.id, seq: 1 });
    } finally {
      await sub.close();
    }
  }, 30000);

  it('never gives an agent more conversations than its capacity with two workers and 100 conversations at once', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hubA.app);
    const integration = await createApiIntegration(hubA.url, admin.token);
    const capacities = [1, 3, 5, 8];
    for (const capacity of capacities)
      await newAgent(hubA.app, workspaceId, { capacity, status: 'accepting' });
    await newAgent(hubA.app, workspaceId, { capacity: 50, status: 'not_accepting' });
    const total = capacities.reduce((a, b) => a + b, 0);

    children.push(await spawnHub({ HUB_ROLE: 'worker' }), await spawnHub({ HUB_ROLE: 'worker' }));
    const overCapacity = async () => {
      const rows: { over: number }[] = await db.query(
        `SELECT count(c.id)::int - a.capacity AS over FROM agents a
           JOIN conversations c ON c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status <> 'resolved'
          WHERE a.workspace_id = $1 GROUP BY a.id, a.capacity`,
        [workspaceId],
      );
      return Math.max(0, ...rows.map((r) => r.over));
    };
    let worst = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        worst = Math.max(worst, await overCapacity());
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        postApiMessage(hubA.url, integration.id, integration.secret, { contactId: `c-${randomUUID()}` }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const assignedCount = async () => {
      const [r]: { n: number }[] = await db.query(
        `SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND assignee_id IS NOT NULL AND status <> 'resolved'`,
        [workspaceId],
      );
      return r.n;
    };
    try {
      await eventually(
        async () => ((await assignedCount()) >= total ? true : undefined),
        20000,
        `${total} assigned`,
      );
      await new Promise((r) => setTimeout(r, 1000)); // let both workers finish every routing job
    } finally {
      sampling = false;
      await sampler;
    }
    expect(worst).toBe(0);
    expect(await assignedCount()).toBe(total);
    const [queued]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL`,
      [workspaceId],
    );
    expect(queued.n).toBe(100 - total);

    // Freeing capacity hands out queued conversations, oldest first, and still never overfills.
    const [busiest]: { agent_id: string; conversation_id: string }[] = await db.query(
      `SELECT a.id AS agent_id, c.id AS conversation_id FROM agents a JOIN conversations c ON c.assignee_id = a.id
        WHERE a.workspace_id = $1 AND a.capacity = 1`,
      [workspaceId],
    );
    const agentPrincipal = { workspaceId, agentId: busiest.agent_id, role: 'agent' as const };
    await hubA.app.get(ConversationService).resolveConversation(agentPrincipal, busiest.conversation_id);
    const [idle]: { id: string }[] = await db.query(
      `SELECT id FROM agents WHERE workspace_id = $1 AND capacity = 50`,
      [workspaceId],
    );
    await hubA.app
      .get(AgentService)
      .setMyStatus({ workspaceId, agentId: idle.id, role: 'agent' }, 'accepting');
    await eventually(
      async () => ((await assignedCount()) === total + 50 ? true : undefined),
      20000,
      'queued conversations assigned',
    );
    expect(await overCapacity()).toBe(0);
    const [stillQueued]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1 AND status = 'queued'`,
      [workspaceId],
    );
    expect(stillQueued.n).toBe(100 - total - 51); // one freed slot plus the 50 of the agent who started accepting
  }, 60000);
});
