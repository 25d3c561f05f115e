import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyStandardWebhook } from '../../src/connectors/api';
import type { HubConfig } from '../../src/core/config/config.schema';
import { RecordInboundService } from '../../src/core/conversations/record-inbound.service';
import type { DomainEvent } from '../../src/core/realtime/domain-event';
import { RealtimeBus } from '../../src/core/realtime/realtime-bus.service';
import { OutboxRelay } from '../../src/core/outbox/outbox-relay.service';
import { OutboxRepository } from '../../src/core/outbox/outbox.repository';
import { CONFIG, type Clock } from '../../src/core/tokens';
import { ExternalRouterClient } from '../../src/routing/external-router.client';
import { QueueDrainer } from '../../src/routing/queue-drainer.service';
import { QueueProducer } from '../../src/core/queue/queue-producer.service';
import { RoutingAdminService } from '../../src/routing/routing-admin.service';
import { RoutingQueueRepository } from '../../src/routing/routing-queue.repository';
import { RoutingSettingsRepository } from '../../src/routing/routing-settings.repository';
import { RoutingTimers } from '../../src/routing/routing-timers.service';
import { RoutingTimersRepository } from '../../src/routing/routing-timers.repository';
import { RoutingService } from '../../src/routing/routing.service';
import { createServiceContext } from '../support/context';
import { newAgent, newApiIntegration, newWorkspace } from '../support/data';

/**
 * The routing engine on a real PostgreSQL: rules place conversations, teams serve their queues by
 * strategy and tier, timers move chats on a controllable clock, and an external router can only
 * help. (Rule evaluation and strategies alone are table-tested in src/routing/policy.)
 */
describe('routing engine', () => {
  let ctx: INestApplicationContext;
  let db: DataSource;
  let routing: RoutingService;
  let admin: RoutingAdminService;

  beforeAll(async () => {
    ctx = await createServiceContext();
    db = ctx.get(DataSource);
    routing = ctx.get(RoutingService);
    admin = ctx.get(RoutingAdminService);
  });
  afterAll(() => ctx.close());

  async function setup() {
    const workspaceId = await newWorkspace(ctx);
    const { integrationId } = await newApiIntegration(ctx, workspaceId);
    const owner = { workspaceId, agentId: randomUUID(), role: 'owner' as const };
    return { workspaceId, integrationId, owner };
  }

  async function team(
    workspaceId: string,
    members: { agentId: string; tier?: string }[],
    routingSettings = {},
  ) {
    const [row]: { id: string }[] = await db.query(
      'INSERT INTO teams (workspace_id, name, routing) VALUES ($1, $2, $3::jsonb) RETURNING id',
      [workspaceId, `team-${randomUUID()}`, JSON.stringify(routingSettings)],
    );
    for (const m of members)
      await db.query(
        'INSERT INTO team_members (workspace_id, team_id, agent_id, tier) VALUES ($1, $2, $3, $4)',
        [workspaceId, row.id, m.agentId, m.tier ?? 'normal'],
      );
    return row.id;
  }

  /** A conversation as ingest opens it (not routed yet: no worker runs here). */
  async function arrive(
    workspaceId: string,
    integrationId: string,
    opts: { attributes?: Record<string, unknown>; contactExternalId?: string } = {},
  ): Promise<string> {
    const contactExternalId = opts.contactExternalId ?? randomUUID();
    await ctx.get(RecordInboundService).recordInboundEvents({ workspaceId, integrationId }, [
      {
        type: 'message',
        externalId: randomUUID(),
        contact: { externalId: contactExternalId },
        text: 'hi',
        occurredAt: new Date(),
      },
    ]);
    const [row]: { id: string; contact_id: string }[] = await db.query(
      `SELECT c.id, c.contact_id FROM conversations c JOIN contact_identities ci ON ci.contact_id = c.contact_id
        WHERE c.workspace_id = $1 AND ci.external_id = $2 AND c.status <> 'resolved'`,
      [workspaceId, contactExternalId],
    );
    if (opts.attributes)
      await db.query('UPDATE contacts SET attributes = $2::jsonb WHERE id = $1', [
        row.contact_id,
        JSON.stringify(opts.attributes),
      ]);
    return row.id;
  }

  const stateOf = async (conversationId: string) =>
    (
      (await db.query(
        `SELECT assignee_id AS "assigneeId", team_id AS "teamId", status, priority, routing_reason AS reason
           FROM conversations WHERE id = $1`,
        [conversationId],
      )) as {
        assigneeId: string | null;
        teamId: string | null;
        status: string;
        priority: number;
        reason: Record<string, unknown>;
      }[]
    )[0];

  /** An admission item for the pool queue: placed by no rule, assigned to `agentId` if it can take it. */
  const item = (conversationId: string, agentId: string | null) => ({
    placement: {
      conversationId,
      teamId: null,
      priority: 0,
      requiredSkills: [],
      preferredAgentId: null,
      botAgentId: null,
      reason: { ruleId: null },
      status: 'queued' as const,
    },
    agentId,
    claimReason: agentId ? { choice: 'least_busy' } : null,
  });

  it('places a conversation by the first matching rule: team, priority and the reason', async () => {
    const { workspaceId, integrationId, owner } = await setup();
    const vipAgent = await newAgent(ctx, workspaceId, { capacity: 1 });
    await newAgent(ctx, workspaceId, { capacity: 5 });
    const vipTeam = await team(workspaceId, [{ agentId: vipAgent }]);
    await admin.setPolicy(owner, {
      rules: [
        { id: 'off', name: 'Disabled', enabled: false, conditions: [], action: { priority: 1 } },
        {
          id: 'vip',
          name: 'VIP customers',
          enabled: true,
          conditions: [{ type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'VIP' }],
          action: { teamId: vipTeam, priority: 90 },
        },
      ],
      defaultAction: { priority: 40 },
    });
    const vip = await arrive(workspaceId, integrationId, { attributes: { tier: 'vip' } });
    const regular = await arrive(workspaceId, integrationId, { attributes: { tier: 'basic' } });
    // The pool is every agent, VIP members included: route the VIP first so the test is deterministic.
    expect(await routing.routeConversation(workspaceId, vip)).toBe('assigned');
    expect(await routing.routeConversation(workspaceId, regular)).toBe('assigned');
    expect(await stateOf(vip)).toMatchObject({
      assigneeId: vipAgent,
      teamId: vipTeam,
      priority: 90,
      reason: { ruleId: 'vip', ruleName: 'VIP customers', teamId: vipTeam },
    });
    expect(await stateOf(regular)).toMatchObject({ teamId: null, priority: 40, reason: { ruleId: null } });
    expect((await stateOf(regular)).assigneeId).not.toBe(vipAgent);

    // A second VIP waits for the only VIP agent, though the pool has room.
    const vip2 = await arrive(workspaceId, integrationId, { attributes: { tier: 'vip' } });
    expect(await routing.routeConversation(workspaceId, vip2)).toBe('queued');
    const queues = await admin.queueStats(owner);
    expect(queues.find((q) => q.teamId === vipTeam)).toMatchObject({
      waiting: 1,
      acceptingAgents: 1,
      freeSlots: 0,
    });
    expect((await admin.routingOf(workspaceId, vip2)).queuePosition).toBe(1);
  });

  it("hands a chat to the rule's bot ahead of the queue, and queues it when the bot cannot take it", async () => {
    const { workspaceId, integrationId, owner } = await setup();
    const person = await newAgent(ctx, workspaceId, { capacity: 1 });
    const bot = await newAgent(ctx, workspaceId, { capacity: 1, status: 'offline' });
    await db.query(`UPDATE conversations SET status = 'resolved' WHERE workspace_id = $1`, [workspaceId]);
    const waiting = await arrive(workspaceId, integrationId);
    const takesPerson = await arrive(workspaceId, integrationId);
    await routing.routeConversations(workspaceId, [takesPerson]);
    await routing.routeConversations(workspaceId, [waiting]);
    await admin.setPolicy(owner, {
      rules: [
        {
          id: 'greet',
          name: 'Bot greets',
          enabled: true,
          conditions: [{ type: 'contactAttribute', attribute: 'new', operator: 'equals', value: 'yes' }],
          action: { botAgentId: bot },
        },
      ],
      defaultAction: {},
    });
    const offBot = await arrive(workspaceId, integrationId, { attributes: { new: 'yes' } });
    expect(await routing.routeConversation(workspaceId, offBot)).toBe('queued');
    await db.query(`UPDATE agents SET status = 'accepting' WHERE id = $1`, [bot]);
    const greeted = await arrive(workspaceId, integrationId, { attributes: { new: 'yes' } });
    expect(await routing.routeConversation(workspaceId, greeted)).toBe('assigned');
    expect(await stateOf(greeted)).toMatchObject({
      assigneeId: bot,
      reason: { choice: 'bot', ruleId: 'greet' },
    });
    expect((await stateOf(takesPerson)).assigneeId).toBe(person);
    expect((await stateOf(waiting)).assigneeId).toBeNull();
  });

  it('refuses an invalid policy with every problem and its path, and keeps the old one', async () => {
    const { owner } = await setup();
    await admin.setPolicy(owner, { rules: [], defaultAction: { priority: 70 } });
    await expect(
      admin.setPolicy(owner, {
        rules: [
          {
            id: 'a',
            name: 'A',
            enabled: true,
            conditions: [{ type: 'timeOfDay', timeZone: 'Mars/Olympus', from: '25:00', to: '10:00' }],
            action: {},
          },
          {
            id: 'b',
            name: 'B',
            enabled: true,
            conditions: [],
            action: { priority: 500, teamId: randomUUID() },
          },
        ],
        defaultAction: {},
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/rules\.0\.conditions\.0[\s\S]*rules\.1\.action\.priority/),
    });
    await expect(
      admin.setPolicy(owner, {
        rules: [{ id: 'x', name: 'X', enabled: true, conditions: [], action: { teamId: randomUUID() } }],
        defaultAction: {},
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Team not found') });
    expect(await admin.getPolicy(owner)).toMatchObject({ defaultAction: { priority: 70 } });
    await expect(
      admin.setPolicy({ ...owner, role: 'agent' }, { rules: [], defaultAction: {} }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('serves a queue by priority, then arrival, and passes over a chat nobody eligible can take', async () => {
    const { workspaceId, integrationId, owner } = await setup();
    const agent = await newAgent(ctx, workspaceId, { capacity: 3, status: 'offline' });
    await admin.setPolicy(owner, {
      rules: [
        {
          id: 'urgent',
          name: 'Urgent',
          enabled: true,
          conditions: [{ type: 'contactAttribute', attribute: 'urgent', operator: 'equals', value: 'yes' }],
          action: { priority: 80 },
        },
        {
          id: 'arabic',
          name: 'Needs Arabic',
          enabled: true,
          conditions: [{ type: 'contactAttribute', attribute: 'lang', operator: 'equals', value: 'ar' }],
          action: { priority: 90, requiredSkills: ['arabic'] },
        },
      ],
      defaultAction: {},
    });
    const first = await arrive(workspaceId, integrationId);
    const arabic = await arrive(workspaceId, integrationId, { attributes: { lang: 'ar' } });
    const second = await arrive(workspaceId, integrationId);
    const urgent = await arrive(workspaceId, integrationId, { attributes: { urgent: 'yes' } });
    const third = await arrive(workspaceId, integrationId);
    await routing.routeConversations(workspaceId, [third, urgent, second, arabic, first]);
    expect((await admin.routingOf(workspaceId, arabic)).queuePosition).toBe(1);
    expect((await admin.routingOf(workspaceId, urgent)).queuePosition).toBe(2);
    expect((await admin.routingOf(workspaceId, third)).queuePosition).toBe(5);

    await db.query(`UPDATE agents SET status = 'accepting' WHERE id = $1`, [agent]);
    await routing.assignQueued(workspaceId);
    const assigned = await Promise.all(
      [arabic, urgent, first, second, third].map(async (id) => (await stateOf(id)).assigneeId),
    );
    expect(assigned).toEqual([null, agent, agent, agent, null]);

    await admin.setAgentSkills(owner, agent, { arabic: 4 });
    await db.query(`UPDATE agents SET capacity = 4 WHERE id = $1`, [agent]);
    await routing.assignQueued(workspaceId);
    expect((await stateOf(arabic)).assigneeId).toBe(agent);
    expect((await stateOf(third)).assigneeId).toBeNull();
  });

  it('pages past more unassignable chats than one read holds, to the first one an agent can take', async () => {
    const { workspaceId, integrationId, owner } = await setup();
    await admin.setPolicy(owner, {
      rules: [
        {
          id: 'swahili',
          name: 'Needs Swahili',
          enabled: true,
          conditions: [{ type: 'contactAttribute', attribute: 'lang', operator: 'equals', value: 'sw' }],
          action: { priority: 90, requiredSkills: ['swahili'] },
        },
      ],
      defaultAction: {},
    });
    const blocked: string[] = [];
    for (let i = 0; i < 120; i++)
      blocked.push(await arrive(workspaceId, integrationId, { attributes: { lang: 'sw' } }));
    const normal = await arrive(workspaceId, integrationId);
    // Arrivals in one statement share a millisecond: paging must use the microseconds.
    await db.query(
      `UPDATE conversations SET queued_at = date_trunc('milliseconds', now()) + (random() * interval '900 microseconds') WHERE id = ANY($1)`,
      [blocked],
    );
    await routing.routeConversations(workspaceId, [...blocked, normal]);
    const agent = await newAgent(ctx, workspaceId, { capacity: 1 });
    await routing.assignQueued(workspaceId);
    expect((await stateOf(normal)).assigneeId).toBe(agent);
    const [left]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM conversations WHERE id = ANY($1) AND status = 'queued' AND assignee_id IS NULL`,
      [blocked],
    );
    expect(left.n).toBe(120);
  });

  it('claims in batches without breaking queue order or capacity, even when an agent leaves mid-drain', async () => {
    const { workspaceId, integrationId } = await setup();
    const agents = [
      await newAgent(ctx, workspaceId, { capacity: 2 }),
      await newAgent(ctx, workspaceId, { capacity: 3 }),
      await newAgent(ctx, workspaceId, { capacity: 4 }),
    ];
    const queued: string[] = [];
    for (let i = 0; i < 20; i++) queued.push(await arrive(workspaceId, integrationId));
    await db.query(`UPDATE agents SET status = 'offline' WHERE id = ANY($1)`, [agents]);
    await routing.routeConversations(workspaceId, queued);
    await db.query(`UPDATE agents SET status = 'accepting' WHERE id = ANY($1)`, [agents]);
    // The candidates are read while all three accept; the one with capacity 3 leaves right after.
    const repo = ctx.get(RoutingQueueRepository);
    const batching = new QueueDrainer(
      db,
      Object.assign(Object.create(repo) as RoutingQueueRepository, {
        candidates: async (...args: Parameters<RoutingQueueRepository['candidates']>) => {
          const pool = await repo.candidates(...args);
          await db.query(`UPDATE agents SET status = 'not_accepting' WHERE id = $1`, [agents[1]]);
          return pool;
        },
      }),
      ctx.get(RoutingSettingsRepository),
      ctx.get(OutboxRelay),
      ctx.get(ExternalRouterClient),
      { now: () => new Date() },
      { ...ctx.get<HubConfig>(CONFIG), ROUTING_CLAIM_BATCH: 8 },
    );
    await batching.drain({ workspaceId, teamId: null });
    const order: { id: string }[] = await db.query(
      `SELECT id FROM conversations WHERE id = ANY($1) ORDER BY priority DESC, queued_at, id`,
      [queued],
    );
    const states = await Promise.all(order.map(async ({ id }) => (await stateOf(id)).assigneeId));
    // Agents 0 and 2 take 6 chats: exactly the first 6 in queue order, none for the one who left.
    expect(states.map((a) => a !== null)).toEqual([...Array(6).fill(true), ...Array(14).fill(false)]);
    expect(states.filter((a) => a === agents[0])).toHaveLength(2);
    expect(states.filter((a) => a === agents[2])).toHaveLength(4);
    const loads: { id: string; open_count: number }[] = await db.query(
      'SELECT id, open_count FROM agents WHERE id = ANY($1)',
      [agents],
    );
    expect(Object.fromEntries(loads.map((l) => [l.id, l.open_count]))).toEqual({
      [agents[0]]: 2,
      [agents[1]]: 0,
      [agents[2]]: 4,
    });
  });

  it('admits a job’s new conversations in one statement: agents with room take them in queue order, the rest wait', async () => {
    const { workspaceId, integrationId } = await setup();
    const a = await newAgent(ctx, workspaceId, { capacity: 2 });
    const b = await newAgent(ctx, workspaceId, { capacity: 1 });
    const arrivals: string[] = [];
    for (let i = 0; i < 5; i++) arrivals.push(await arrive(workspaceId, integrationId));
    const seen: DomainEvent[] = [];
    const stop = await ctx.get(RealtimeBus).subscribe(workspaceId, (e) => seen.push(e));
    const { placed, waiting } = await routing.routeConversations(workspaceId, [...arrivals].reverse());
    expect([...placed].sort()).toEqual([...arrivals].sort());
    expect(waiting.size).toBe(5);
    const states = await Promise.all(arrivals.map(stateOf));
    // The three that arrived first got the three free places; the last two wait in the pool queue.
    expect(states.map((s) => s.status)).toEqual(['open', 'open', 'open', 'queued', 'queued']);
    expect(states.filter((s) => s.assigneeId === a)).toHaveLength(2);
    expect(states.filter((s) => s.assigneeId === b)).toHaveLength(1);
    expect(states[0].reason).toMatchObject({ strategy: 'least_busy', choice: 'least_busy', ruleId: null });
    const assignedEvents = () =>
      seen.flatMap((e) =>
        e.type === 'conversation.assigned' && arrivals.includes(e.conversationId) ? [e] : [],
      );
    for (let i = 0; i < 100 && assignedEvents().length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    const routed = assignedEvents();
    expect(routed).toHaveLength(5);
    // One event per conversation: assigned at once, or placed in the queue (no agent).
    expect(
      routed
        .filter((e) => e.assigneeId)
        .map((e) => e.conversationId)
        .sort(),
    ).toEqual(arrivals.slice(0, 3).sort());
    expect(
      routed
        .filter((e) => !e.assigneeId)
        .map((e) => e.conversationId)
        .sort(),
    ).toEqual(arrivals.slice(3).sort());
    // A second run of the same job finds them placed and changes nothing.
    await routing.routeConversations(workspaceId, arrivals);
    expect((await Promise.all(arrivals.map(stateOf))).map((s) => s.assigneeId)).toEqual(
      states.map((s) => s.assigneeId),
    );
  });

  it('admission claims nothing past an agent who cannot take its chat, nor while someone already waits', async () => {
    const { workspaceId, integrationId } = await setup();
    const repo = ctx.get(RoutingQueueRepository);
    const a = await newAgent(ctx, workspaceId, { capacity: 5 });
    const away = await newAgent(ctx, workspaceId, { capacity: 5, status: 'not_accepting' });
    const key = { workspaceId, teamId: null };
    const [c1, c2, c3] = [
      await arrive(workspaceId, integrationId),
      await arrive(workspaceId, integrationId),
      await arrive(workspaceId, integrationId),
    ];
    // c2's agent is away: c2 and everything after it is only placed, though `a` has room for c3.
    const first = await repo.admit(db.manager, key, [item(c1, a), item(c2, away), item(c3, a)]);
    expect(first.outcomes).toEqual(['assigned', 'placed', 'placed']);
    expect(first.outbox?.payloads).toHaveLength(3);
    expect((await stateOf(c1)).assigneeId).toBe(a);
    expect((await stateOf(c3)).status).toBe('queued');
    // Now c2 and c3 wait in the pool queue: a newcomer is placed behind them, not assigned.
    const c4 = await arrive(workspaceId, integrationId);
    const second = await repo.admit(db.manager, key, [item(c4, a), item(c1, a)]);
    expect(second.outcomes).toEqual(['placed', 'gone']);
    expect((await stateOf(c4)).assigneeId).toBeNull();
    const [load]: { open_count: number }[] = await db.query('SELECT open_count FROM agents WHERE id = $1', [
      a,
    ]);
    expect(load.open_count).toBe(1);
    // The drain serves them in arrival order.
    await routing.assignQueued(workspaceId);
    expect((await Promise.all([c2, c3, c4].map(stateOf))).map((s) => s.assigneeId)).toEqual([a, a, a]);
  });

  it('admission counts each agent’s room across the batch', async () => {
    const { workspaceId, integrationId } = await setup();
    const repo = ctx.get(RoutingQueueRepository);
    const a = await newAgent(ctx, workspaceId, { capacity: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await arrive(workspaceId, integrationId));
    const { outcomes } = await repo.admit(
      db.manager,
      { workspaceId, teamId: null },
      ids.map((id) => item(id, a)), // a stale choice: the third exceeds a's capacity
    );
    expect(outcomes).toEqual(['assigned', 'assigned', 'placed']);
    const [load]: { open_count: number }[] = await db.query('SELECT open_count FROM agents WHERE id = $1', [
      a,
    ]);
    expect(load.open_count).toBe(2);
  });

  it.each([
    ['round_robin', 'the agent assigned longest ago', ['b', 'a', 'b', 'a', 'a', 'a']],
    ['least_busy', 'the lowest load relative to capacity, then longest ago', ['b', 'a', 'a', 'b', 'a', 'a']],
  ])(
    '%s gives chats to %s, first-tier members before normal ones and last-tier ones after',
    async (strategy, _how, expected) => {
      const { workspaceId, integrationId } = await setup();
      const first = await newAgent(ctx, workspaceId, { capacity: 1 });
      const a = await newAgent(ctx, workspaceId, { capacity: 4 });
      const b = await newAgent(ctx, workspaceId, { capacity: 2 });
      const last = await newAgent(ctx, workspaceId, { capacity: 10 });
      await db.query(`UPDATE agents SET last_assigned_at = now() - interval '1 hour' WHERE id = $1`, [a]);
      await db.query(`UPDATE agents SET last_assigned_at = now() - interval '2 hours' WHERE id = $1`, [b]);
      const teamId = await team(
        workspaceId,
        [{ agentId: first, tier: 'first' }, { agentId: a }, { agentId: b }, { agentId: last, tier: 'last' }],
        { strategy },
      );
      await admin.setPolicy(
        { workspaceId, agentId: randomUUID(), role: 'owner' },
        { rules: [], defaultAction: { teamId } },
      );
      const assignees: (string | null)[] = [];
      for (let i = 0; i < 8; i++) {
        const id = await arrive(workspaceId, integrationId);
        await routing.routeConversation(workspaceId, id);
        assignees.push((await stateOf(id)).assigneeId);
      }
      const names = new Map([
        [first, 'first'],
        [a, 'a'],
        [b, 'b'],
        [last, 'last'],
      ]);
      expect(assignees.map((id) => names.get(id!))).toEqual(['first', ...expected, 'last']);
    },
  );

  it('gives a returning customer their previous agent when the team asks for it', async () => {
    const { workspaceId, integrationId } = await setup();
    const agents = [
      await newAgent(ctx, workspaceId),
      await newAgent(ctx, workspaceId),
      await newAgent(ctx, workspaceId),
    ];
    const teamId = await team(
      workspaceId,
      agents.map((agentId) => ({ agentId })),
      { returningCustomer: true },
    );
    await admin.setPolicy(
      { workspaceId, agentId: randomUUID(), role: 'owner' },
      { rules: [], defaultAction: { teamId } },
    );
    const contact = `returning-${randomUUID()}`;
    const earlier = await arrive(workspaceId, integrationId, { contactExternalId: contact });
    await routing.routeConversation(workspaceId, earlier);
    const previous = (await stateOf(earlier)).assigneeId!;
    await db.query(`UPDATE conversations SET status = 'resolved' WHERE id = $1`, [earlier]);
    for (let i = 0; i < 2; i++)
      await routing.routeConversation(workspaceId, await arrive(workspaceId, integrationId));
    const again = await arrive(workspaceId, integrationId, { contactExternalId: contact });
    await routing.routeConversation(workspaceId, again);
    expect(await stateOf(again)).toMatchObject({
      assigneeId: previous,
      reason: { choice: 'returning_customer' },
    });
  });

  describe('timers on a controllable clock', () => {
    let now: Date;
    let timers: RoutingTimers;
    let clockedRouting: RoutingService;
    const clock: Clock = { now: () => now };
    const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

    beforeEach(() => {
      now = new Date();
      timers = new RoutingTimers(
        db,
        ctx.get(RoutingTimersRepository),
        ctx.get(QueueDrainer),
        ctx.get(OutboxRepository),
        ctx.get(OutboxRelay),
        clock,
        ctx.get<HubConfig>(CONFIG),
      );
      clockedRouting = new RoutingService(
        db,
        ctx.get(RoutingQueueRepository),
        ctx.get(RoutingSettingsRepository),
        ctx.get(QueueDrainer),
        ctx.get(OutboxRelay),
        ctx.get(QueueProducer),
        clock,
      );
    });

    it('reassigns a chat whose agent stays silent, and not one the agent answered', async () => {
      const { workspaceId, integrationId } = await setup();
      const silent = await newAgent(ctx, workspaceId, { capacity: 2 });
      const teamId = await team(workspaceId, [{ agentId: silent }], {
        inactivityReassignSeconds: 120,
        strategy: 'round_robin',
      });
      await admin.setPolicy(
        { workspaceId, agentId: randomUUID(), role: 'owner' },
        { rules: [], defaultAction: { teamId } },
      );
      const ignored = await arrive(workspaceId, integrationId);
      const answered = await arrive(workspaceId, integrationId);
      await routing.routeConversations(workspaceId, [ignored, answered]);
      expect((await stateOf(ignored)).assigneeId).toBe(silent);
      await db.query(
        `INSERT INTO messages (workspace_id, conversation_id, integration_id, seq, direction, author_kind, author_agent_id, text, occurred_at, delivery_status)
         SELECT workspace_id, id, integration_id, last_seq + 1, 'outbound', 'agent', $2, 'on it', now(), 'pending' FROM conversations WHERE id = $1`,
        [answered, silent],
      );
      advance(119);
      await timers.runOnce();
      expect((await stateOf(ignored)).assigneeId).toBe(silent);
      const other = await newAgent(ctx, workspaceId, { capacity: 2 });
      await db.query('INSERT INTO team_members (workspace_id, team_id, agent_id) VALUES ($1, $2, $3)', [
        workspaceId,
        teamId,
        other,
      ]);
      advance(2);
      await timers.runOnce();
      expect(await stateOf(ignored)).toMatchObject({
        assigneeId: other,
        status: 'open',
        reason: { reassigned: 'inactivity', previousAssigneeId: silent },
      });
      expect((await stateOf(answered)).assigneeId).toBe(silent);
      const [load]: { open_count: number }[] = await db.query('SELECT open_count FROM agents WHERE id = $1', [
        silent,
      ]);
      expect(load.open_count).toBe(1);
    });

    it('overflows a chat queued too long to the fallback team, then to an offline message', async () => {
      const { workspaceId, integrationId, owner } = await setup();
      const backupAgent = await newAgent(ctx, workspaceId, { capacity: 1, status: 'offline' });
      const backup = await team(workspaceId, [{ agentId: backupAgent }], { overflowAfterSeconds: 300 });
      const front = await team(workspaceId, [], { overflowAfterSeconds: 60, overflowTeamId: backup });
      await admin.setPolicy(owner, { rules: [], defaultAction: { teamId: front } });
      const waiting = await arrive(workspaceId, integrationId);
      expect(await routing.routeConversation(workspaceId, waiting)).toBe('queued');
      advance(59);
      await timers.runOnce();
      expect((await stateOf(waiting)).teamId).toBe(front);
      advance(2);
      await timers.runOnce();
      expect(await stateOf(waiting)).toMatchObject({
        teamId: backup,
        status: 'queued',
        reason: { overflow: 'timeout', overflowedFrom: front },
      });
      advance(299);
      await timers.runOnce();
      expect((await stateOf(waiting)).status).toBe('queued');
      advance(2);
      await timers.runOnce();
      expect(await stateOf(waiting)).toMatchObject({
        status: 'pending',
        assigneeId: null,
        reason: { overflow: 'offline_message' },
      });
      await db.query(`UPDATE agents SET status = 'accepting' WHERE id = $1`, [backupAgent]);
      await routing.assignQueued(workspaceId);
      expect((await stateOf(waiting)).assigneeId).toBeNull();
    });

    it('follows business hours: a closed team is skipped at arrival and its queue overflows when it closes', async () => {
      const { workspaceId, integrationId, owner } = await setup();
      const nightAgent = await newAgent(ctx, workspaceId, { capacity: 5, status: 'offline' });
      const night = await team(workspaceId, [{ agentId: nightAgent }]);
      // Open Monday-Friday 09:00-17:00 in Tokyo.
      const hours = {
        timeZone: 'Asia/Tokyo',
        weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })),
      };
      const day = await team(workspaceId, [], { businessHours: hours, overflowTeamId: night });
      await admin.setPolicy(owner, { rules: [], defaultAction: { teamId: day } });
      now = new Date('2026-12-07T07:59:59Z'); // Monday 16:59:59 in Tokyo
      const beforeClosing = await arrive(workspaceId, integrationId);
      expect(await clockedRouting.routeConversation(workspaceId, beforeClosing)).toBe('queued');
      expect((await stateOf(beforeClosing)).teamId).toBe(day);
      now = new Date('2026-12-07T08:00:00Z'); // 17:00: closed
      const afterClosing = await arrive(workspaceId, integrationId);
      await clockedRouting.routeConversation(workspaceId, afterClosing);
      expect(await stateOf(afterClosing)).toMatchObject({
        teamId: night,
        reason: { overflow: 'closed', teamId: day },
      });
      await timers.runOnce();
      expect(await stateOf(beforeClosing)).toMatchObject({ teamId: night, reason: { overflow: 'closed' } });

      // Saturday: no overflow team open either, so an arrival becomes an offline message.
      await db.query(`UPDATE teams SET routing = $2::jsonb WHERE id = $1`, [
        night,
        JSON.stringify({ businessHours: hours }),
      ]);
      now = new Date('2026-12-12T03:00:00Z'); // Saturday noon in Tokyo
      const weekend = await arrive(workspaceId, integrationId);
      expect(await clockedRouting.routeConversation(workspaceId, weekend)).toBe('pending');
      expect(await stateOf(weekend)).toMatchObject({
        status: 'pending',
        reason: { overflow: 'offline_message' },
      });
    });
  });

  describe('external router', () => {
    let server: Server;
    let url: string;
    let answer: (body: { data: { candidates: { agentId: string }[] } }) => Promise<unknown>;
    const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
    const secret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', async () => {
          seen.push({ headers: req.headers, body });
          const out = await answer(JSON.parse(body));
          if (!res.destroyed)
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/route`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    async function routedWithRouter(respond: typeof answer) {
      const { workspaceId, integrationId, owner } = await setup();
      const agents = [await newAgent(ctx, workspaceId), await newAgent(ctx, workspaceId)];
      const teamId = await team(
        workspaceId,
        agents.map((agentId) => ({ agentId })),
        { externalRouter: true },
      );
      await admin.setPolicy(owner, { rules: [], defaultAction: { teamId } });
      await admin.setExternalRouter(owner, { url, secret, timeoutMs: 200 });
      answer = respond;
      const id = await arrive(workspaceId, integrationId);
      const started = Date.now();
      const outcome = await routing.routeConversation(workspaceId, id);
      return { outcome, ms: Date.now() - started, state: await stateOf(id), agents };
    }

    it('asks with a signed request and takes an agent it names among the candidates', async () => {
      let chosen = '';
      const { outcome, state } = await routedWithRouter(async (b) => ({
        agentId: (chosen = b.data.candidates[1].agentId),
      }));
      expect(outcome).toBe('assigned');
      expect(state).toMatchObject({ assigneeId: chosen, reason: { choice: 'external_router' } });
      const last = seen[seen.length - 1];
      expect(() =>
        verifyStandardWebhook({
          secret,
          headers: last.headers as Record<string, string>,
          rawBody: Buffer.from(last.body),
          now: new Date(),
        }),
      ).not.toThrow();
    });

    it.each([
      ['times out', () => new Promise((r) => setTimeout(() => r({ agentId: null }), 1500))],
      ['names an unknown agent', async () => ({ agentId: randomUUID() })],
      ['answers nonsense', async () => ['not', 'an', 'answer']],
    ])('falls back to the team strategy when the router %s', async (_name, respond) => {
      const { outcome, state, ms, agents } = await routedWithRouter(respond as typeof answer);
      expect(outcome).toBe('assigned');
      expect(agents).toContain(state.assigneeId);
      expect(state.reason).toMatchObject({ choice: 'least_busy' });
      expect(ms).toBeLessThan(1500);
    });
  });
});
