import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createAgent,
  createApiIntegration,
  createConversation,
  createWorkspaceWithAdmin,
  errorCode,
  gql,
  loginToken,
  ok,
  subscribe,
  TestAgent,
  untilSubscribed,
} from '../support/factories';
import { eventually, startHub, TestHub } from '../support/hub';

/** docs/console-api.md, "Admin screens": invitations, deactivation, teams and tags. */

const AGENT_FIELDS = 'id email name role status capacity openConversations deactivated invitationPending';
const INVITE = `mutation($input: InviteAgentInput!) {
  inviteAgent(input: $input) { invitationUrl expiresAt agent { ${AGENT_FIELDS} } }
}`;
const REINVITE = `mutation($id: ID!) { reinviteAgent(id: $id) { invitationUrl expiresAt agent { id } } }`;
const ACCEPT = `mutation($token: String!, $password: String!) {
  acceptInvitation(token: $token, password: $password) { token expiresAt agent { ${AGENT_FIELDS} } }
}`;
const ME = `query { me { ${AGENT_FIELDS} } }`;
const AGENTS = `query { agents { ${AGENT_FIELDS} } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateAgent(id: $id) { ${AGENT_FIELDS} } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateAgent(id: $id) { ${AGENT_FIELDS} } }`;
const UPDATE_AGENT = `mutation($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { id status } }`;
const CONVERSATION = 'query($id: ID!) { conversation(id: $id) { id status assigneeId } }';
const ASSIGN = `mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id assigneeId } }`;
const TEAM_FIELDS = 'id name members { id }';
const CREATE_TEAM = `mutation($name: String!) { createTeam(name: $name) { ${TEAM_FIELDS} } }`;
const ADD_MEMBER = `mutation($t: ID!, $a: ID!) { addTeamMember(teamId: $t, agentId: $a) { ${TEAM_FIELDS} } }`;
const REMOVE_MEMBER = `mutation($t: ID!, $a: ID!) { removeTeamMember(teamId: $t, agentId: $a) { ${TEAM_FIELDS} } }`;
const RENAME_TEAM = `mutation($id: ID!, $name: String!) { renameTeam(id: $id, name: $name) { ${TEAM_FIELDS} } }`;
const DELETE_TEAM = 'mutation($id: ID!) { deleteTeam(id: $id) }';
const TEAMS = `query { teams { ${TEAM_FIELDS} } }`;
const SET_TAGS =
  'mutation($c: ID!, $tags: [String!]!) { setConversationTags(conversationId: $c, tags: $tags) { id tags } }';
const TAG_USAGE = 'query { tagUsage { name conversations } }';
const RENAME_TAG =
  'mutation($from: String!, $to: String!) { renameTag(from: $from, to: $to) { name conversations } }';
const DELETE_TAG = 'mutation($name: String!) { deleteTag(name: $name) }';
const CONVERSATION_TAGS = 'query($id: ID!) { conversation(id: $id) { tags } }';
const EVENTS = 'subscription { workspaceEvents { type conversationId assigneeId agentId status } }';

interface Agent {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  capacity: number;
  openConversations: number;
  deactivated: boolean;
  invitationPending: boolean;
}

interface Event {
  type: string;
  conversationId: string | null;
  assigneeId: string | null;
  agentId: string | null;
  status: string | null;
}

describe('console admin: invitations, deactivation, teams and tags', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.close();
  });

  const invite = (token: string, input: Record<string, unknown>) =>
    gql<{ inviteAgent: { invitationUrl: string; expiresAt: string; agent: Agent } }>(hub.url, token, INVITE, {
      input,
    });
  const accept = (token: string, password: string) =>
    gql<{ acceptInvitation: { token: string; agent: Agent } }>(hub.url, undefined, ACCEPT, {
      token,
      password,
    });
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const me = (token: string) => gql<{ me: Agent }>(hub.url, token, ME);
  const login = (email: string, password: string) =>
    gql(
      hub.url,
      undefined,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      {
        e: email,
        p: password,
      },
    );
  const agentsOf = async (token: string) => ok(await gql<{ agents: Agent[] }>(hub.url, token, AGENTS)).agents;

  describe('invitations', () => {
    it('creates an agent without a password and a one-time link that sets it and signs in', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const email = `new-${randomUUID()}@example.test`;
      const invited = ok(
        await invite(admin.token, {
          email: ` ${email.toUpperCase()} `,
          name: ' Ada ',
          role: 'AGENT',
          capacity: 3,
        }),
      ).inviteAgent;
      expect(invited.agent).toMatchObject({
        email,
        name: 'Ada',
        role: 'AGENT',
        status: 'OFFLINE',
        capacity: 3,
        deactivated: false,
        invitationPending: true,
      });
      expect(invited.invitationUrl).toMatch(
        new RegExp(`^${hub.config.PUBLIC_BASE_URL}/console/invite/[A-Za-z0-9_-]{43}$`),
      );
      const days = (Date.parse(invited.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);

      // Only the SHA-256 of the token is stored.
      const token = tokenOf(invited.invitationUrl);
      const stored: { token_hash: string }[] = await hub.app
        .get(DataSource)
        .query('SELECT token_hash FROM agent_invitations WHERE workspace_id = $1 AND agent_id = $2', [
          workspaceId,
          invited.agent.id,
        ]);
      expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

      // No password yet: no login, whatever is tried.
      expect(errorCode(await login(email, ''))).toBe('UNAUTHENTICATED');
      expect(errorCode(await login(email, 'anything-at-all'))).toBe('UNAUTHENTICATED');

      expect(errorCode(await accept(token, 'short'))).toBe('BAD_USER_INPUT');
      expect(errorCode(await accept(`${token}x`, 'a good password'))).toBe('NOT_FOUND');
      const session = ok(await accept(token, 'a good password')).acceptInvitation;
      expect(session.agent).toMatchObject({ id: invited.agent.id, invitationPending: false });
      expect(ok(await me(session.token)).me.id).toBe(invited.agent.id);
      expect(await loginToken(hub.url, email, 'a good password')).toEqual(expect.any(String));

      // Used up.
      expect(errorCode(await accept(token, 'another password'))).toBe('NOT_FOUND');
      expect(errorCode(await login(email, 'another password'))).toBe('UNAUTHENTICATED');
    });

    it('refuses expired links, and a new link replaces the last', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const first = ok(
        await invite(admin.token, { email: `x-${randomUUID()}@example.test`, name: 'X', role: 'AGENT' }),
      ).inviteAgent;
      const again = ok(
        await gql<{ reinviteAgent: { invitationUrl: string } }>(hub.url, admin.token, REINVITE, {
          id: first.agent.id,
        }),
      ).reinviteAgent;
      expect(again.invitationUrl).not.toBe(first.invitationUrl);
      expect(errorCode(await accept(tokenOf(first.invitationUrl), 'a good password'))).toBe('NOT_FOUND');

      await hub.app
        .get(DataSource)
        .query(
          `UPDATE agent_invitations SET expires_at = now() - interval '1 second' WHERE workspace_id = $1`,
          [workspaceId],
        );
      expect(errorCode(await accept(tokenOf(again.invitationUrl), 'a good password'))).toBe('NOT_FOUND');

      const third = ok(
        await gql<{ reinviteAgent: { invitationUrl: string } }>(hub.url, admin.token, REINVITE, {
          id: first.agent.id,
        }),
      ).reinviteAgent;
      const session = ok(await accept(tokenOf(third.invitationUrl), 'a good password')).acceptInvitation;
      expect(session.agent.id).toBe(first.agent.id);
      // Accepted: nothing left to re-send.
      expect(errorCode(await gql(hub.url, admin.token, REINVITE, { id: first.agent.id }))).toBe('CONFLICT');
    });

    it('lets only admins invite, only owners invite owners, and checks the input', async () => {
      const { workspaceId, admin: owner } = await createWorkspaceWithAdmin(hub.app);
      const admin = await createAgent(hub.app, workspaceId, { role: 'admin' });
      const agent = await createAgent(hub.app, workspaceId);
      const input = (patch: Record<string, unknown> = {}) => ({
        email: `i-${randomUUID()}@example.test`,
        name: 'Invited',
        role: 'AGENT',
        ...patch,
      });
      expect(errorCode(await invite(agent.token, input()))).toBe('FORBIDDEN');
      expect(errorCode(await invite(admin.token, input({ role: 'OWNER' })))).toBe('FORBIDDEN');
      expect(ok(await invite(owner.token, input({ role: 'OWNER' }))).inviteAgent.agent.role).toBe('OWNER');
      expect(errorCode(await invite(admin.token, input({ email: 'not-an-email' })))).toBe('BAD_USER_INPUT');
      expect(errorCode(await invite(admin.token, input({ name: '  ' })))).toBe('BAD_USER_INPUT');
      expect(errorCode(await invite(admin.token, input({ capacity: -1 })))).toBe('BAD_USER_INPUT');
      expect(errorCode(await invite(admin.token, input({ email: agent.email })))).toBe('CONFLICT');
      expect(errorCode(await gql(hub.url, undefined, INVITE, { input: input() }))).toBe('UNAUTHENTICATED');
    });

    it("never lets one workspace re-invite another's agent; the same email may be invited in both", async () => {
      const a = await createWorkspaceWithAdmin(hub.app);
      const b = await createWorkspaceWithAdmin(hub.app);
      const email = `both-${randomUUID()}@example.test`;
      const inA = ok(await invite(a.admin.token, { email, name: 'In A', role: 'AGENT' })).inviteAgent;
      const inB = ok(await invite(b.admin.token, { email, name: 'In B', role: 'AGENT' })).inviteAgent;
      const missing = await gql(hub.url, b.admin.token, REINVITE, { id: randomUUID() });
      const crossed = await gql(hub.url, b.admin.token, REINVITE, { id: inA.agent.id });
      expect(errorCode(crossed)).toBe('NOT_FOUND');
      expect(crossed.errors?.[0].message).toBe(missing.errors?.[0].message);
      // B's link signs in to B only.
      const session = ok(await accept(tokenOf(inB.invitationUrl), 'a good password')).acceptInvitation;
      expect(session.agent.id).toBe(inB.agent.id);
      expect((await agentsOf(a.admin.token)).find((x) => x.email === email)?.invitationPending).toBe(true);
    });
  });

  describe('deactivation', () => {
    async function assignedTo(token: string, conversationId: string, agentId: string | null, status: string) {
      return eventually(
        async () => {
          const c = ok(
            await gql<{ conversation: { assigneeId: string | null; status: string } }>(
              hub.url,
              token,
              CONVERSATION,
              { id: conversationId },
            ),
          ).conversation;
          return c.assigneeId === agentId && c.status === status ? c : undefined;
        },
        10000,
        `conversation ${conversationId} ${status} for ${agentId}`,
      );
    }

    it("ends the agent's sessions, sets it offline and puts its chats back in the queue", async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const leaving = await createAgent(hub.app, workspaceId, { status: 'accepting', capacity: 5 });
      const integration = await createApiIntegration(hub.url, admin.token);
      const chats = [
        await createConversation(hub.app, integration),
        await createConversation(hub.app, integration),
      ];
      for (const { conversationId } of chats)
        await assignedTo(admin.token, conversationId, leaving.id, 'OPEN');
      const staying = await createAgent(hub.app, workspaceId, { status: 'offline', capacity: 5 });

      const events = subscribe<Event>(hub.wsUrl, admin.token, EVENTS, 'workspaceEvents');
      const theirs = subscribe<Event>(hub.wsUrl, leaving.token, EVENTS, 'workspaceEvents');
      await untilSubscribed(hub.app, workspaceId);
      await new Promise((r) => setTimeout(r, 200)); // both subscriptions registered on the channel
      try {
        const deactivated = ok(
          await gql<{ deactivateAgent: Agent }>(hub.url, admin.token, DEACTIVATE, { id: leaving.id }),
        ).deactivateAgent;
        expect(deactivated).toMatchObject({ deactivated: true, status: 'OFFLINE', openConversations: 0 });

        expect(errorCode(await me(leaving.token))).toBe('UNAUTHENTICATED');
        expect(errorCode(await login(leaving.email, leaving.password))).toBe('UNAUTHENTICATED');
        for (const { conversationId } of chats) {
          await assignedTo(admin.token, conversationId, null, 'QUEUED');
          await events.waitFor(
            (e) =>
              e.type === 'conversation.assigned' &&
              e.conversationId === conversationId &&
              e.assigneeId === null,
          );
          await events.waitFor(
            (e) =>
              e.type === 'conversation.status_changed' &&
              e.conversationId === conversationId &&
              e.status === 'queued',
          );
        }
        await events.waitFor(
          (e) => e.type === 'agent.status_changed' && e.agentId === leaving.id && e.status === 'offline',
        );
        // The agent's own live subscription hears it is deactivated, then completes: nothing after.
        await theirs.waitFor((e) => e.type === 'agent.deactivated' && e.agentId === leaving.id);
        await theirs.waitForComplete();
        expect(theirs.events[theirs.events.length - 1]).toMatchObject({ type: 'agent.deactivated' });
        await events.waitFor((e) => e.type === 'agent.deactivated' && e.agentId === leaving.id);
      } finally {
        await events.close();
        await theirs.close();
      }

      // Nobody assigns to a deactivated agent, and it cannot be made available.
      expect(
        errorCode(await gql(hub.url, admin.token, ASSIGN, { c: chats[0].conversationId, a: leaving.id })),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(
          await gql(hub.url, admin.token, UPDATE_AGENT, { id: leaving.id, input: { status: 'ACCEPTING' } }),
        ),
      ).toBe('CONFLICT');

      // The queue is routed again: the next available agent gets the chats.
      ok(await gql(hub.url, staying.token, 'mutation { setMyStatus(status: ACCEPTING) { id } }'));
      for (const { conversationId } of chats)
        await assignedTo(admin.token, conversationId, staying.id, 'OPEN');

      const back = ok(
        await gql<{ reactivateAgent: Agent }>(hub.url, admin.token, REACTIVATE, { id: leaving.id }),
      ).reactivateAgent;
      expect(back).toMatchObject({ deactivated: false, status: 'OFFLINE' });
      const token = await loginToken(hub.url, leaving.email, leaving.password);
      expect(ok(await me(token)).me.deactivated).toBe(false);
      // Sessions from before the deactivation stay ended.
      expect(errorCode(await me(leaving.token))).toBe('UNAUTHENTICATED');
    });

    it('refuses agents, oneself, an owner for an admin, and ids of another workspace', async () => {
      const { workspaceId, admin: owner } = await createWorkspaceWithAdmin(hub.app);
      const admin = await createAgent(hub.app, workspaceId, { role: 'admin' });
      const agent = await createAgent(hub.app, workspaceId);
      const other = await createWorkspaceWithAdmin(hub.app);
      const call = (actor: TestAgent, mutation: string, id: string) =>
        gql(hub.url, actor.token, mutation, { id });

      expect(errorCode(await call(agent, DEACTIVATE, admin.id))).toBe('FORBIDDEN');
      expect(errorCode(await call(admin, DEACTIVATE, admin.id))).toBe('FORBIDDEN');
      expect(errorCode(await call(owner, DEACTIVATE, owner.id))).toBe('FORBIDDEN');
      expect(errorCode(await call(admin, DEACTIVATE, owner.id))).toBe('FORBIDDEN');
      const missing = await call(other.admin, DEACTIVATE, randomUUID());
      const crossed = await call(other.admin, DEACTIVATE, agent.id);
      expect(errorCode(crossed)).toBe('NOT_FOUND');
      expect(crossed.errors?.[0].message).toBe(missing.errors?.[0].message);
      expect(errorCode(await call(other.admin, REACTIVATE, agent.id))).toBe('NOT_FOUND');
      expect(ok(await me(agent.token)).me.deactivated).toBe(false);

      // An owner may deactivate an admin, who may not reactivate an owner.
      ok(await call(owner, DEACTIVATE, admin.id));
      expect(errorCode(await me(admin.token))).toBe('UNAUTHENTICATED');
      const secondOwner = await createAgent(hub.app, workspaceId, { role: 'owner' });
      ok(await call(secondOwner, DEACTIVATE, owner.id));
      expect(errorCode(await me(owner.token))).toBe('UNAUTHENTICATED');
      const admin2 = await createAgent(hub.app, workspaceId, { role: 'admin' });
      expect(errorCode(await call(admin2, REACTIVATE, owner.id))).toBe('FORBIDDEN');
      expect(ok(await call(secondOwner, REACTIVATE, owner.id))).toBeTruthy();
      expect((await agentsOf(secondOwner.token)).filter((a) => a.deactivated).map((a) => a.id)).toEqual([
        admin.id,
      ]);
    });
  });

  describe('teams', () => {
    it('renames, removes members and deletes, for admins of the workspace only', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId, { name: 'Member' });
      const other = await createWorkspaceWithAdmin(hub.app);
      type Team = { id: string; name: string; members: { id: string }[] };
      const team = ok(
        await gql<{ createTeam: Team }>(hub.url, admin.token, CREATE_TEAM, { name: 'Billing' }),
      ).createTeam;
      ok(await gql(hub.url, admin.token, CREATE_TEAM, { name: 'Sales' }));
      ok(await gql(hub.url, admin.token, ADD_MEMBER, { t: team.id, a: agent.id }));

      const renamed = ok(
        await gql<{ renameTeam: Team }>(hub.url, admin.token, RENAME_TEAM, {
          id: team.id,
          name: '  Payments ',
        }),
      ).renameTeam;
      expect(renamed).toMatchObject({ id: team.id, name: 'Payments', members: [{ id: agent.id }] });
      expect(errorCode(await gql(hub.url, admin.token, RENAME_TEAM, { id: team.id, name: 'Sales' }))).toBe(
        'CONFLICT',
      );
      expect(errorCode(await gql(hub.url, admin.token, RENAME_TEAM, { id: team.id, name: ' ' }))).toBe(
        'BAD_USER_INPUT',
      );
      expect(errorCode(await gql(hub.url, agent.token, RENAME_TEAM, { id: team.id, name: 'Mine' }))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await gql(hub.url, agent.token, REMOVE_MEMBER, { t: team.id, a: agent.id }))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await gql(hub.url, agent.token, DELETE_TEAM, { id: team.id }))).toBe('FORBIDDEN');

      // Another workspace's admin: every id answers like a missing one, and nothing changes.
      expect(
        errorCode(await gql(hub.url, other.admin.token, RENAME_TEAM, { id: team.id, name: 'Taken' })),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(await gql(hub.url, other.admin.token, REMOVE_MEMBER, { t: team.id, a: agent.id })),
      ).toBe('NOT_FOUND');
      expect(errorCode(await gql(hub.url, other.admin.token, DELETE_TEAM, { id: team.id }))).toBe(
        'NOT_FOUND',
      );
      const otherTeam = ok(
        await gql<{ createTeam: Team }>(hub.url, other.admin.token, CREATE_TEAM, { name: 'Theirs' }),
      ).createTeam;
      expect(
        errorCode(await gql(hub.url, admin.token, REMOVE_MEMBER, { t: otherTeam.id, a: agent.id })),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(await gql(hub.url, admin.token, REMOVE_MEMBER, { t: team.id, a: other.admin.id })),
      ).toBe('NOT_FOUND');

      const removed = ok(
        await gql<{ removeTeamMember: Team }>(hub.url, admin.token, REMOVE_MEMBER, {
          t: team.id,
          a: agent.id,
        }),
      ).removeTeamMember;
      expect(removed.members).toEqual([]);
      // Again: a no-op.
      expect(
        ok(
          await gql<{ removeTeamMember: Team }>(hub.url, admin.token, REMOVE_MEMBER, {
            t: team.id,
            a: agent.id,
          }),
        ).removeTeamMember.members,
      ).toEqual([]);

      expect(
        ok(await gql<{ deleteTeam: boolean }>(hub.url, admin.token, DELETE_TEAM, { id: team.id })).deleteTeam,
      ).toBe(true);
      expect(ok(await gql<{ teams: Team[] }>(hub.url, admin.token, TEAMS)).teams.map((t) => t.name)).toEqual([
        'Sales',
      ]);
      expect(errorCode(await gql(hub.url, admin.token, DELETE_TEAM, { id: team.id }))).toBe('NOT_FOUND');
      expect(
        ok(await gql<{ teams: Team[] }>(hub.url, other.admin.token, TEAMS)).teams.map((t) => t.name),
      ).toEqual(['Theirs']);
    });
  });

  describe('tags', () => {
    it('counts, renames (merging) and deletes a tag across the workspace, and only there', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId);
      const other = await createWorkspaceWithAdmin(hub.app);
      const integration = await createApiIntegration(hub.url, admin.token);
      const otherIntegration = await createApiIntegration(hub.url, other.admin.token);
      const [c1, c2, c3] = [
        (await createConversation(hub.app, integration)).conversationId,
        (await createConversation(hub.app, integration)).conversationId,
        (await createConversation(hub.app, integration)).conversationId,
      ];
      const theirs = (await createConversation(hub.app, otherIntegration)).conversationId;
      const tag = async (token: string, id: string, tags: string[]) =>
        ok(await gql(hub.url, token, SET_TAGS, { c: id, tags }));
      await tag(admin.token, c1, ['billing', 'vip']);
      await tag(admin.token, c2, ['billing', 'refund']);
      await tag(admin.token, c3, ['refund']);
      await tag(other.admin.token, theirs, ['billing', 'refund']);
      const usage = async (token: string) =>
        ok(await gql<{ tagUsage: { name: string; conversations: number }[] }>(hub.url, token, TAG_USAGE))
          .tagUsage;
      const tagsOf = async (token: string, id: string) =>
        ok(await gql<{ conversation: { tags: string[] } }>(hub.url, token, CONVERSATION_TAGS, { id }))
          .conversation.tags;
      expect(await usage(agent.token)).toEqual([
        { name: 'billing', conversations: 2 },
        { name: 'refund', conversations: 2 },
        { name: 'vip', conversations: 1 },
      ]);

      expect(
        errorCode(await gql(hub.url, agent.token, RENAME_TAG, { from: 'billing', to: 'invoices' })),
      ).toBe('FORBIDDEN');
      expect(errorCode(await gql(hub.url, agent.token, DELETE_TAG, { name: 'vip' }))).toBe('FORBIDDEN');
      expect(
        errorCode(await gql(hub.url, admin.token, RENAME_TAG, { from: 'billing', to: 'not valid!' })),
      ).toBe('BAD_USER_INPUT');
      expect(
        errorCode(await gql(hub.url, admin.token, RENAME_TAG, { from: 'nowhere', to: 'invoices' })),
      ).toBe('NOT_FOUND');
      expect(errorCode(await gql(hub.url, admin.token, DELETE_TAG, { name: 'nowhere' }))).toBe('NOT_FOUND');

      const events = subscribe<Event>(hub.wsUrl, admin.token, EVENTS, 'workspaceEvents');
      await untilSubscribed(hub.app, workspaceId);
      try {
        // Merge: billing becomes refund; c2 had both and keeps one.
        const merged = ok(
          await gql<{ renameTag: { name: string; conversations: number } }>(
            hub.url,
            admin.token,
            RENAME_TAG,
            { from: ' Billing ', to: 'REFUND' },
          ),
        ).renameTag;
        expect(merged).toEqual({ name: 'refund', conversations: 3 });
        expect(await tagsOf(admin.token, c1)).toEqual(['refund', 'vip']);
        expect(await tagsOf(admin.token, c2)).toEqual(['refund']);
        for (const id of [c1, c2])
          await events.waitFor((e) => e.type === 'conversation.updated' && e.conversationId === id);

        const renamed = ok(
          await gql<{ renameTag: { name: string } }>(hub.url, admin.token, RENAME_TAG, {
            from: 'vip',
            to: 'a-vip',
          }),
        ).renameTag;
        expect(renamed).toEqual({ name: 'a-vip', conversations: 1 });
        expect(await tagsOf(admin.token, c1)).toEqual(['a-vip', 'refund']);

        expect(
          ok(await gql<{ deleteTag: number }>(hub.url, admin.token, DELETE_TAG, { name: 'refund' }))
            .deleteTag,
        ).toBe(3);
        await events.waitFor((e) => e.type === 'conversation.updated' && e.conversationId === c3);
      } finally {
        await events.close();
      }
      expect(await usage(admin.token)).toEqual([{ name: 'a-vip', conversations: 1 }]);
      expect(await tagsOf(admin.token, c3)).toEqual([]);
      // The other workspace keeps its tags, and cannot touch ours.
      expect(await tagsOf(other.admin.token, theirs)).toEqual(['billing', 'refund']);
      expect(errorCode(await gql(hub.url, other.admin.token, DELETE_TAG, { name: 'a-vip' }))).toBe(
        'NOT_FOUND',
      );
      expect(await usage(admin.token)).toEqual([{ name: 'a-vip', conversations: 1 }]);
    });
  });
});
