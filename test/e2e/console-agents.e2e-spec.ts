import { randomUUID } from 'node:crypto';
import {
  createAgent,
  createApiIntegration,
  createConversation,
  createWorkspaceWithAdmin,
  errorCode,
  gql,
  GqlResponse,
  ok,
  subscribe,
  TestAgent,
  untilSubscribed,
} from '../support/factories';
import { startHub, TestHub } from '../support/hub';

/** docs/console-api.md, "Agents (presence, canned responses, supervision)". */

const FIELDS = 'id shortcut title text shared createdAt updatedAt';
const LIST = `query($search: String) { cannedResponses(search: $search) { ${FIELDS} } }`;
const CREATE = `mutation($input: CannedResponseInput!) { createCannedResponse(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: CannedResponseInput!) { updateCannedResponse(id: $id, input: $input) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!) { deleteCannedResponse(id: $id) }';
const EVENTS = 'subscription { workspaceEvents { type conversationId agentId status } }';

interface CannedResponse {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Input {
  shortcut: string;
  title?: string;
  text?: string;
  shared?: boolean;
}

interface Event {
  type: string;
  conversationId: string | null;
  agentId: string | null;
  status: string | null;
}

const GRACE_SECONDS = 10;

describe('console: agents, canned responses and presence', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub({
      PRESENCE_GRACE_SECONDS: String(GRACE_SECONDS),
      PRESENCE_SWEEP_INTERVAL_MS: '200',
    });
  });
  afterAll(async () => {
    await hub?.close();
  });

  const withDefaults = (input: Input) => ({ title: `Title ${input.shortcut}`, text: 'Text', ...input });
  const create = (token: string, input: Input) =>
    gql<{ createCannedResponse: CannedResponse }>(hub.url, token, CREATE, { input: withDefaults(input) });
  const update = (token: string, id: string, input: Input) =>
    gql<{ updateCannedResponse: CannedResponse }>(hub.url, token, UPDATE, { id, input: withDefaults(input) });
  const remove = (token: string, id: string) =>
    gql<{ deleteCannedResponse: boolean }>(hub.url, token, DELETE, { id });
  const list = async (token: string, search?: string) =>
    ok(await gql<{ cannedResponses: CannedResponse[] }>(hub.url, token, LIST, { search })).cannedResponses;
  const shortcuts = async (token: string, search?: string) =>
    (await list(token, search)).map((r) => r.shortcut);
  const created = async (token: string, input: Input) => ok(await create(token, input)).createCannedResponse;

  /** The answer to an id that names nothing: what someone else's canned response must look like. */
  function expectSameAsMissing(response: GqlResponse<unknown>, missing: GqlResponse<unknown>) {
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect(response.errors?.[0].message).toBe(missing.errors?.[0].message);
  }

  describe('canned responses', () => {
    it('creates, lists, replaces and deletes a personal one, normalising the shortcut', async () => {
      const { workspaceId } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId);

      const made = await created(agent.token, {
        shortcut: '  Greet-1 ',
        title: ' Greeting ',
        text: 'Hello, how can I help?',
      });
      expect(made).toMatchObject({
        shortcut: 'greet-1',
        title: 'Greeting',
        text: 'Hello, how can I help?',
        shared: false,
      });
      expect(await list(agent.token)).toEqual([made]);

      const replaced = ok(
        await update(agent.token, made.id, { shortcut: 'hello', title: 'Hello', text: 'Hi there!' }),
      ).updateCannedResponse;
      expect(replaced).toMatchObject({ id: made.id, shortcut: 'hello', title: 'Hello', text: 'Hi there!' });
      expect(replaced.createdAt).toBe(made.createdAt);
      expect(Date.parse(replaced.updatedAt)).toBeGreaterThan(Date.parse(made.updatedAt));

      expect(ok(await remove(agent.token, made.id)).deleteCannedResponse).toBe(true);
      expect(await list(agent.token)).toEqual([]);
      expect(errorCode(await remove(agent.token, made.id))).toBe('NOT_FOUND');
      expect(errorCode(await update(agent.token, made.id, { shortcut: 'again' }))).toBe('NOT_FOUND');
    });

    it("lists the shared ones and the caller's own by shortcut, never another agent's (admins included)", async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const ann = await createAgent(hub.app, workspaceId);
      const bob = await createAgent(hub.app, workspaceId);
      await created(admin.token, { shortcut: 'b-shared', shared: true });
      await created(admin.token, { shortcut: 'z-shared', shared: true });
      const annsOwn = await created(ann.token, { shortcut: 'a-mine' });
      await created(ann.token, { shortcut: 'b_mine' });
      const bobsOwn = await created(bob.token, { shortcut: 'c-bob' });
      // The same shortcut as a shared one is allowed; the caller's own comes first.
      await created(bob.token, { shortcut: 'b-shared' });

      expect(await shortcuts(ann.token)).toEqual(['a-mine', 'b-shared', 'b_mine', 'z-shared']);
      expect((await list(bob.token)).map((r) => [r.shortcut, r.shared])).toEqual([
        ['b-shared', false],
        ['b-shared', true],
        ['c-bob', false],
        ['z-shared', true],
      ]);
      expect(await shortcuts(admin.token)).toEqual(['b-shared', 'z-shared']);

      const missing = await remove(ann.token, randomUUID());
      expectSameAsMissing(await update(ann.token, bobsOwn.id, { shortcut: 'taken-over' }), missing);
      expectSameAsMissing(await remove(ann.token, bobsOwn.id), missing);
      expectSameAsMissing(await update(admin.token, annsOwn.id, { shortcut: 'taken-over' }), missing);
      expectSameAsMissing(await remove(admin.token, annsOwn.id), missing);
      expect(errorCode(await remove(ann.token, 'not-a-uuid'))).toBe('NOT_FOUND');
      expect(await shortcuts(bob.token)).toContain('c-bob');
      expect(await shortcuts(ann.token)).toContain('a-mine');
    });

    it('lets only admins create, change or delete shared ones (FORBIDDEN for agents)', async () => {
      const { workspaceId, admin: owner } = await createWorkspaceWithAdmin(hub.app);
      const admin = await createAgent(hub.app, workspaceId, { role: 'admin' });
      const agent = await createAgent(hub.app, workspaceId);
      const shared = await created(admin.token, { shortcut: 'policy', shared: true });
      expect(shared.shared).toBe(true);
      const own = await created(agent.token, { shortcut: 'own' });

      expect(errorCode(await create(agent.token, { shortcut: 'sneaky', shared: true }))).toBe('FORBIDDEN');
      expect(errorCode(await update(agent.token, shared.id, { shortcut: 'policy', shared: true }))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await update(agent.token, shared.id, { shortcut: 'policy' }))).toBe('FORBIDDEN');
      expect(errorCode(await remove(agent.token, shared.id))).toBe('FORBIDDEN');
      expect(errorCode(await update(agent.token, own.id, { shortcut: 'own', shared: true }))).toBe(
        'FORBIDDEN',
      );
      expect(await list(agent.token)).toEqual(expect.arrayContaining([shared, own]));

      const changed = ok(
        await update(owner.token, shared.id, { shortcut: 'policy', text: 'New policy', shared: true }),
      ).updateCannedResponse;
      expect(changed).toMatchObject({ shared: true, text: 'New policy' });
      expect(ok(await remove(admin.token, shared.id)).deleteCannedResponse).toBe(true);
      expect(await shortcuts(agent.token)).toEqual(['own']);
    });

    it('answers a duplicate shortcut with CONFLICT naming it: unique per owner and among shared ones', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId);
      const other = await createAgent(hub.app, workspaceId);
      await created(agent.token, { shortcut: 'thanks' });

      const duplicate = await create(agent.token, { shortcut: 'Thanks' });
      expect(errorCode(duplicate)).toBe('CONFLICT');
      expect(duplicate.errors?.[0].message).toMatch(/"thanks"/);

      await created(other.token, { shortcut: 'thanks' });
      await created(admin.token, { shortcut: 'thanks', shared: true });
      const sharedDuplicate = await create(admin.token, { shortcut: 'thanks', shared: true });
      expect(errorCode(sharedDuplicate)).toBe('CONFLICT');
      expect(sharedDuplicate.errors?.[0].message).toMatch(/shared.*"thanks"/);

      const bye = await created(agent.token, { shortcut: 'bye' });
      const renamed = await update(agent.token, bye.id, { shortcut: 'thanks' });
      expect(errorCode(renamed)).toBe('CONFLICT');
      expect(renamed.errors?.[0].message).toMatch(/"thanks"/);
      expect(await shortcuts(agent.token)).toEqual(['bye', 'thanks', 'thanks']);
    });

    it('searches a shortcut prefix, the title or the text, case-insensitively, with % and _ taken literally', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId);
      await created(admin.token, {
        shortcut: 'refund',
        title: 'Refund policy',
        text: 'We refund within 30 days.',
        shared: true,
      });
      await created(agent.token, {
        shortcut: 'ship',
        title: 'Shipping',
        text: 'Orders ship in 2 days, 100% tracked.',
      });
      await created(agent.token, { shortcut: 'greet_vip', title: 'VIP hello', text: 'Welcome back!' });

      expect(await shortcuts(agent.token, 'REF')).toEqual(['refund']);
      expect(await shortcuts(agent.token, 'DAYS')).toEqual(['refund', 'ship']);
      expect(await shortcuts(agent.token, 'hipp')).toEqual(['ship']);
      expect(await shortcuts(agent.token, 'greet_')).toEqual(['greet_vip']);
      expect(await shortcuts(agent.token, 'eet')).toEqual([]); // a shortcut matches by prefix only
      expect(await shortcuts(agent.token, '100%')).toEqual(['ship']);
      expect(await shortcuts(agent.token, '%')).toEqual(['ship']);
      expect(await shortcuts(agent.token, '_')).toEqual([]);
      expect(await shortcuts(agent.token, '  ')).toEqual(['greet_vip', 'refund', 'ship']);
    });

    it.each<[string, Input, RegExp]>([
      ['a shortcut with a space', { shortcut: 'thank you' }, /shortcut must be 1 to 40 characters/],
      ['a 41-character shortcut', { shortcut: 'x'.repeat(41) }, /shortcut/],
      ['an empty title', { shortcut: 'ok', title: ' ' }, /title must be 1 to 100 characters/],
      ['a 5001-character text', { shortcut: 'ok', text: 'a'.repeat(5001) }, /text must be 1 to 5000/],
    ])('refuses %s with a clear BAD_USER_INPUT', async (_what, input, message) => {
      const { admin } = await createWorkspaceWithAdmin(hub.app);
      const res = await create(admin.token, input);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(message);
    });

    it("keeps each workspace's canned responses to itself", async () => {
      const a = await createWorkspaceWithAdmin(hub.app);
      const b = await createWorkspaceWithAdmin(hub.app);
      const bAgent = await createAgent(hub.app, b.workspaceId);
      const bShared = await created(b.admin.token, {
        shortcut: 'b-only',
        text: 'secret b text',
        shared: true,
      });
      const bOwn = await created(bAgent.token, { shortcut: 'b-own' });

      expect(await list(a.admin.token)).toEqual([]);
      expect(await list(a.admin.token, 'secret b')).toEqual([]);
      const missing = await remove(a.admin.token, randomUUID());
      for (const id of [bShared.id, bOwn.id]) {
        expectSameAsMissing(await update(a.admin.token, id, { shortcut: 'mine-now', shared: true }), missing);
        expectSameAsMissing(await remove(a.admin.token, id), missing);
      }
      // A shortcut is unique within a workspace only.
      await created(a.admin.token, { shortcut: 'b-only', shared: true });
      expect(await list(b.admin.token)).toEqual([bShared]);
      expect(await shortcuts(bAgent.token)).toEqual(['b-only', 'b-own']);
    });
  });

  describe('presence', () => {
    const HEARTBEAT = 'mutation { heartbeat { id status lastSeenAt } }';
    const AGENTS = '{ agents { id status lastSeenAt openConversations } }';
    type AgentRow = { id: string; status: string; lastSeenAt: string | null; openConversations: number };

    const heartbeat = async (agent: TestAgent) =>
      ok(await gql<{ heartbeat: AgentRow }>(hub.url, agent.token, HEARTBEAT)).heartbeat;
    const agentsOf = async (admin: TestAgent) =>
      new Map(
        ok(await gql<{ agents: AgentRow[] }>(hub.url, admin.token, AGENTS)).agents.map((a) => [a.id, a]),
      );
    const statusEvents = (events: Event[], agentId: string) =>
      events.filter((e) => e.type === 'agent.status_changed' && e.agentId === agentId);

    it("heartbeat sets the caller's lastSeenAt", async () => {
      const { workspaceId } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId);
      const me = '{ me { lastSeenAt } }';
      expect(ok(await gql<{ me: AgentRow }>(hub.url, agent.token, me)).me.lastSeenAt).toBeNull();

      const before = Date.now();
      const beat = await heartbeat(agent);
      expect(beat.id).toBe(agent.id);
      expect(Math.abs(Date.parse(beat.lastSeenAt as string) - before)).toBeLessThan(5000);
      expect(ok(await gql<{ me: AgentRow }>(hub.url, agent.token, me)).me.lastSeenAt).toBe(beat.lastSeenAt);

      await new Promise((r) => setTimeout(r, 20));
      expect(Date.parse((await heartbeat(agent)).lastSeenAt as string)).toBeGreaterThan(
        Date.parse(beat.lastSeenAt as string),
      );
    });

    it('sets agents whose heartbeats stopped OFFLINE after the grace period, tells subscribers, and leaves agents that never sent one alone', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const silent = await createAgent(hub.app, workspaceId, { status: 'accepting' });
      const busy = await createAgent(hub.app, workspaceId, { status: 'not_accepting' });
      const apiOnly = await createAgent(hub.app, workspaceId, { status: 'accepting' });
      const alreadyOffline = await createAgent(hub.app, workspaceId, { status: 'offline' });
      const adminEvents = subscribe<Event>(hub.wsUrl, admin.token, EVENTS, 'workspaceEvents');
      const ownEvents = subscribe<Event>(hub.wsUrl, silent.token, EVENTS, 'workspaceEvents');
      try {
        await untilSubscribed(hub.app, workspaceId);
        const heartbeatAt = Date.now();
        for (const agent of [silent, busy, alreadyOffline]) await heartbeat(agent);

        // Many sweeps later, still inside the grace period: nothing changed.
        await new Promise((r) => setTimeout(r, 2000));
        expect((await agentsOf(admin)).get(silent.id)?.status).toBe('ACCEPTING');

        const event = await adminEvents.waitFor(
          (e) => e.type === 'agent.status_changed' && e.agentId === silent.id,
          (GRACE_SECONDS + 10) * 1000,
        );
        expect(Date.now() - heartbeatAt).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 500);
        expect(event).toEqual({
          type: 'agent.status_changed',
          conversationId: null,
          agentId: silent.id,
          status: 'offline',
        });
        await adminEvents.waitFor((e) => e.type === 'agent.status_changed' && e.agentId === busy.id);
        // The console of the agent set OFFLINE hears it too.
        await ownEvents.waitFor((e) => e.type === 'agent.status_changed' && e.agentId === silent.id);

        const agents = await agentsOf(admin);
        expect(agents.get(silent.id)?.status).toBe('OFFLINE');
        expect(agents.get(busy.id)?.status).toBe('OFFLINE');
        expect(agents.get(apiOnly.id)).toMatchObject({ status: 'ACCEPTING', lastSeenAt: null });
        expect(agents.get(alreadyOffline.id)?.status).toBe('OFFLINE');

        // Later sweeps find nothing more to do: one event per change, none for the others.
        await new Promise((r) => setTimeout(r, 1000));
        expect(statusEvents(adminEvents.events, silent.id)).toHaveLength(1);
        expect(statusEvents(adminEvents.events, busy.id)).toEqual([
          expect.objectContaining({ status: 'offline' }),
        ]);
        expect(statusEvents(adminEvents.events, apiOnly.id)).toEqual([]);
        expect(statusEvents(adminEvents.events, alreadyOffline.id)).toEqual([]);
      } finally {
        await adminEvents.close();
        await ownEvents.close();
      }
    }, 40000);

    it('publishes agent.status_changed when an agent sets their status or an admin changes it, to admins and the agent only', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId, { status: 'offline' });
      const colleague = await createAgent(hub.app, workspaceId, { status: 'offline' });
      const adminEvents = subscribe<Event>(hub.wsUrl, admin.token, EVENTS, 'workspaceEvents');
      const colleagueEvents = subscribe<Event>(hub.wsUrl, colleague.token, EVENTS, 'workspaceEvents');
      try {
        await untilSubscribed(hub.app, workspaceId);
        const setMine = 'mutation($s: AgentStatus!) { setMyStatus(status: $s) { status } }';
        ok(await gql(hub.url, agent.token, setMine, { s: 'ACCEPTING' }));
        ok(await gql(hub.url, agent.token, setMine, { s: 'ACCEPTING' })); // no change, no event
        ok(
          await gql(
            hub.url,
            admin.token,
            'mutation($id: ID!) { updateAgent(id: $id, input: { status: NOT_ACCEPTING }) { id } }',
            {
              id: agent.id,
            },
          ),
        );
        ok(
          await gql(
            hub.url,
            admin.token,
            'mutation($id: ID!) { updateAgent(id: $id, input: { capacity: 9 }) { id } }',
            {
              id: agent.id,
            },
          ),
        );

        await adminEvents.waitFor((e) => e.agentId === agent.id && e.status === 'not_accepting');
        expect(statusEvents(adminEvents.events, agent.id)).toEqual([
          { type: 'agent.status_changed', conversationId: null, agentId: agent.id, status: 'accepting' },
          { type: 'agent.status_changed', conversationId: null, agentId: agent.id, status: 'not_accepting' },
        ]);

        // The colleague hears their own change, and by then would have heard the agent's.
        ok(await gql(hub.url, colleague.token, setMine, { s: 'NOT_ACCEPTING' }));
        await colleagueEvents.waitFor((e) => e.agentId === colleague.id && e.status === 'not_accepting');
        expect(statusEvents(colleagueEvents.events, agent.id)).toEqual([]);
        expect(statusEvents(adminEvents.events, agent.id)).toHaveLength(2);
      } finally {
        await adminEvents.close();
        await colleagueEvents.close();
      }
    });
  });

  describe('supervision', () => {
    it('shows each agent its open conversations: assigned and unresolved', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId, { status: 'offline' });
      const idle = await createAgent(hub.app, workspaceId, { status: 'offline' });
      const integration = await createApiIntegration(hub.url, admin.token);
      const first = await createConversation(hub.app, integration);
      const second = await createConversation(hub.app, integration);
      const assign = async (conversationId: string) =>
        ok(
          await gql(
            hub.url,
            admin.token,
            'mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id } }',
            {
              c: conversationId,
              a: agent.id,
            },
          ),
        );
      const load = async () =>
        new Map(
          ok(
            await gql<{ agents: { id: string; openConversations: number }[] }>(
              hub.url,
              admin.token,
              '{ agents { id openConversations } }',
            ),
          ).agents.map((a) => [a.id, a.openConversations]),
        );

      expect((await load()).get(agent.id)).toBe(0);
      await assign(first.conversationId);
      await assign(second.conversationId);
      expect((await load()).get(agent.id)).toBe(2);
      expect((await load()).get(idle.id)).toBe(0);
      expect(
        ok(
          await gql<{ me: { openConversations: number } }>(
            hub.url,
            agent.token,
            '{ me { openConversations } }',
          ),
        ).me.openConversations,
      ).toBe(2);
      const assignee = ok(
        await gql<{ conversation: { assignee: { id: string; openConversations: number } } }>(
          hub.url,
          admin.token,
          'query($id: ID!) { conversation(id: $id) { assignee { id openConversations } } }',
          { id: first.conversationId },
        ),
      ).conversation.assignee;
      expect(assignee).toEqual({ id: agent.id, openConversations: 2 });

      ok(
        await gql(hub.url, admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: first.conversationId,
        }),
      );
      expect((await load()).get(agent.id)).toBe(1);
    });
  });
});
