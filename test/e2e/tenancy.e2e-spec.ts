import { randomUUID } from 'node:crypto';
import {
  createAgent,
  createApiIntegration,
  createConversation,
  createWorkspaceWithAdmin,
  gql,
  GqlResponse,
  ok,
  subscribe,
  TestAgent,
  TestIntegration,
  untilSubscribed,
} from '../support/factories';
import { startHub, TestHub } from '../support/hub';

/**
 * Rule 5: one workspace can never read or change another's data. As A's admin, every operation
 * that takes an id is called with each of B's ids and must answer exactly like a random uuid
 * (NOT_FOUND, same message), leaking nothing of B; A's subscription sees none of B's events.
 */

interface Operation {
  name: string;
  query: string;
  variables(id: string): Record<string, unknown>;
}

interface Workspace {
  workspaceId: string;
  admin: TestAgent;
  agents: TestAgent[];
  teamIds: string[];
  integrations: TestIntegration[];
  conversationIds: string[];
  messageIds: string[];
  contactIds: string[];
  /** Names and texts only this workspace uses. */
  words: string[];
}

const tag = (workspace: string, what: string) => `${workspace}-${what}-${randomUUID().slice(0, 8)}`;

async function buildWorkspace(
  hub: TestHub,
  label: string,
  sizes: { agents: number; teams: number; integrations: number; conversations: number },
): Promise<Workspace> {
  const words: string[] = [];
  const word = (what: string) => {
    const w = tag(label, what);
    words.push(w);
    return w;
  };
  const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app, { name: word('workspace') });
  words.push(admin.email);
  const agents: TestAgent[] = [];
  for (let i = 0; i < sizes.agents; i++) {
    const agent = await createAgent(hub.app, workspaceId, {
      name: word('agent'),
      role: i === 0 ? 'admin' : 'agent',
      status: 'offline',
    });
    agents.push(agent);
    words.push(agent.email);
  }
  const teamIds: string[] = [];
  for (let i = 0; i < sizes.teams; i++) {
    const team = ok(
      await gql<{ createTeam: { id: string } }>(
        hub.url,
        admin.token,
        'mutation($n: String!) { createTeam(name: $n) { id } }',
        { n: word('team') },
      ),
    ).createTeam;
    ok(
      await gql(
        hub.url,
        admin.token,
        'mutation($t: ID!, $a: ID!) { addTeamMember(teamId: $t, agentId: $a) { id } }',
        { t: team.id, a: agents[i % agents.length].id },
      ),
    );
    teamIds.push(team.id);
  }
  const integrations: TestIntegration[] = [];
  for (let i = 0; i < sizes.integrations; i++)
    integrations.push(await createApiIntegration(hub.url, admin.token, word('integration')));
  words.push(...integrations.map((i) => i.secret));

  const conversationIds: string[] = [];
  const messageIds: string[] = [];
  const contactIds: string[] = [];
  for (let i = 0; i < sizes.conversations; i++) {
    const { conversationId } = await createConversation(hub.app, integrations[i % integrations.length], {
      text: word('inbound'),
    });
    conversationIds.push(conversationId);
    const author = agents[i % agents.length];
    const sent = ok(
      await gql<{ sendMessage: { id: string } }>(
        hub.url,
        author.token,
        'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }',
        {
          i: { conversationId, clientMessageId: randomUUID(), text: word('reply') },
        },
      ),
    ).sendMessage;
    messageIds.push(sent.id);
    if (i % 3 === 1)
      ok(
        await gql(
          hub.url,
          admin.token,
          'mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id } }',
          { c: conversationId, a: author.id },
        ),
      );
    if (i % 3 === 2)
      ok(
        await gql(hub.url, admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: conversationId,
        }),
      );
    const detail = ok(
      await gql<{ conversation: { contact: { id: string }; messages: { id: string }[] } }>(
        hub.url,
        admin.token,
        'query($c: ID!) { conversation(id: $c) { contact { id } messages { id } } }',
        { c: conversationId },
      ),
    ).conversation;
    contactIds.push(detail.contact.id);
    messageIds.push(...detail.messages.map((m) => m.id).filter((id) => id !== sent.id));
  }
  return {
    workspaceId,
    admin,
    agents,
    teamIds,
    integrations,
    conversationIds,
    messageIds,
    contactIds,
    words,
  };
}

describe('tenancy', () => {
  let hub: TestHub;
  let a: Workspace;
  let b: Workspace;
  let bIds: string[];
  let bSecrets: string[];

  beforeAll(async () => {
    hub = await startHub();
    a = await buildWorkspace(hub, 'A', { agents: 2, teams: 1, integrations: 1, conversations: 3 });
    b = await buildWorkspace(hub, 'B', { agents: 4, teams: 3, integrations: 2, conversations: 9 });
    bIds = [
      b.workspaceId,
      b.admin.id,
      ...b.agents.map((x) => x.id),
      ...b.teamIds,
      ...b.integrations.map((i) => i.id),
      ...b.conversationIds,
      ...b.messageIds,
      ...b.contactIds,
    ];
    bSecrets = [...bIds, ...b.words];
  }, 60000);
  afterAll(async () => {
    await hub?.close();
  });

  /** Every operation that takes an id; the other ids it needs are A's own. */
  const operations = (): Operation[] => [
    {
      name: 'conversation',
      query: 'query($id: ID!) { conversation(id: $id) { id } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'messagesSince',
      query: 'query($id: ID!) { messagesSince(conversationId: $id) { id } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'sendMessage',
      query: 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }',
      variables: (id) => ({ i: { conversationId: id, clientMessageId: randomUUID(), text: 'from A' } }),
    },
    {
      name: 'assignConversation(conversationId)',
      query: 'mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id } }',
      variables: (id) => ({ c: id, a: a.agents[1].id }),
    },
    {
      name: 'assignConversation(agentId)',
      query: 'mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id } }',
      variables: (id) => ({ c: a.conversationIds[0], a: id }),
    },
    {
      name: 'assignConversation(teamId)',
      query: 'mutation($c: ID!, $t: ID) { assignConversation(conversationId: $c, teamId: $t) { id } }',
      variables: (id) => ({ c: a.conversationIds[0], t: id }),
    },
    {
      name: 'resolveConversation',
      query: 'mutation($id: ID!) { resolveConversation(id: $id) { id } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'reopenConversation',
      query: 'mutation($id: ID!) { reopenConversation(id: $id) { id } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'updateAgent',
      query: 'mutation($id: ID!) { updateAgent(id: $id, input: { name: "Hijacked", capacity: 999 }) { id } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'addTeamMember(teamId)',
      query: 'mutation($t: ID!, $a: ID!) { addTeamMember(teamId: $t, agentId: $a) { id } }',
      variables: (id) => ({ t: id, a: a.agents[1].id }),
    },
    {
      name: 'addTeamMember(agentId)',
      query: 'mutation($t: ID!, $a: ID!) { addTeamMember(teamId: $t, agentId: $a) { id } }',
      variables: (id) => ({ t: a.teamIds[0], a: id }),
    },
    {
      name: 'integration',
      query: 'query($id: ID!) { integration(id: $id) { id name settings webhookUrl } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'conversations(filter.assigneeId)',
      query: 'query($id: ID!) { conversations(filter: { assigneeId: $id }) { edges { node { id } } } }',
      variables: (id) => ({ id }),
    },
  ];

  function leaked(response: GqlResponse<unknown>): string[] {
    return bSecrets.filter((s) => response.raw.includes(s));
  }

  it("answers every id of B exactly like a random uuid, and leaks nothing of B's", async () => {
    const ops = operations();
    const baseline = new Map<string, GqlResponse<unknown>>();
    for (const op of ops)
      baseline.set(op.name, await gql(hub.url, a.admin.token, op.query, op.variables(randomUUID())));
    for (const op of ops) {
      const base = baseline.get(op.name) as GqlResponse<unknown>;
      expect([op.name, base.errors?.[0]?.extensions?.code]).toEqual([op.name, 'NOT_FOUND']);
    }

    const calls = ops.flatMap((op) => bIds.map((id) => ({ op, id })));
    expect(calls.length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    for (let i = 0; i < calls.length; i += 25) {
      await Promise.all(
        calls.slice(i, i + 25).map(async ({ op, id }) => {
          const res = await gql(hub.url, a.admin.token, op.query, op.variables(id));
          const base = baseline.get(op.name) as GqlResponse<unknown>;
          const same =
            JSON.stringify({ data: res.data, errors: res.errors }) ===
            JSON.stringify({ data: base.data, errors: base.errors });
          const leaks = leaked(res);
          if (!same || leaks.length > 0)
            failures.push(`${op.name}(${id}): ${res.raw}${leaks.length ? ` leaks ${leaks.join(', ')}` : ''}`);
        }),
      );
    }
    expect(failures).toEqual([]);
  }, 60000);

  it("changed nothing of B's while A tried", async () => {
    const agents = ok(
      await gql<{ agents: { id: string; name: string; capacity: number }[] }>(
        hub.url,
        b.admin.token,
        '{ agents { id name capacity } }',
      ),
    ).agents;
    expect(agents.filter((x) => x.name === 'Hijacked' || x.capacity === 999)).toEqual([]);
    const teams = ok(
      await gql<{ teams: { members: { id: string }[] }[] }>(
        hub.url,
        b.admin.token,
        '{ teams { members { id } } }',
      ),
    ).teams;
    const aAgentIds = new Set([a.admin.id, ...a.agents.map((x) => x.id)]);
    expect(teams.flatMap((t) => t.members).filter((m) => aAgentIds.has(m.id))).toEqual([]);
    const own = ok(
      await gql<{ conversation: { assigneeId: string | null; teamId: string | null } }>(
        hub.url,
        a.admin.token,
        'query($c: ID!) { conversation(id: $c) { assigneeId teamId } }',
        { c: a.conversationIds[0] },
      ),
    ).conversation;
    expect(own).toEqual({ assigneeId: null, teamId: null });
  });

  it.each([
    ['me', '{ me { id name email } }'],
    ['agents', '{ agents { id name email } }'],
    ['teams', '{ teams { id name members { id name } } }'],
    ['integrations', '{ integrations { id name settings webhookUrl } }'],
    [
      'conversations',
      '{ conversations(first: 50) { edges { node { id contact { id } assignee { id } messages(first: 10) { id text } } } } }',
    ],
  ])("lists only A's own data in %s", async (_name, query) => {
    const res = await gql(hub.url, a.admin.token, query);
    expect(res.errors).toBeUndefined();
    expect(leaked(res)).toEqual([]);
  });

  it("delivers none of B's events to A's subscription, and A's own", async () => {
    const EVENTS = 'subscription { workspaceEvents { type conversationId messageId seq assigneeId status } }';
    type Event = { type: string; conversationId: string; messageId: string | null };
    const subA = subscribe<Event>(hub.wsUrl, a.admin.token, EVENTS, 'workspaceEvents');
    const subB = subscribe<Event>(hub.wsUrl, b.admin.token, EVENTS, 'workspaceEvents');
    try {
      await untilSubscribed(hub.app, a.workspaceId);
      await untilSubscribed(hub.app, b.workspaceId);
      const send = async (who: TestAgent, conversationId: string) =>
        ok(
          await gql<{ sendMessage: { id: string } }>(
            hub.url,
            who.token,
            'mutation($i: SendMessageInput!) { sendMessage(input: $i) { id } }',
            {
              i: { conversationId, clientMessageId: randomUUID(), text: 'live' },
            },
          ),
        ).sendMessage;

      // B's activity: a reply, a transfer, a resolution and a brand-new conversation.
      const bMessage = await send(b.agents[1], b.conversationIds[0]);
      ok(
        await gql(
          hub.url,
          b.admin.token,
          'mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id } }',
          { c: b.conversationIds[0], a: b.agents[2].id },
        ),
      );
      ok(
        await gql(hub.url, b.admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: b.conversationIds[0],
        }),
      );
      const fresh = await createConversation(hub.app, b.integrations[0], { text: 'new B customer' });
      await subB.waitFor((e) => e.type === 'message.created' && e.messageId === bMessage.id);
      await subB.waitFor(
        (e) => e.type === 'conversation.status_changed' && e.conversationId === b.conversationIds[0],
      );
      await subB.waitFor(
        (e) => e.type === 'conversation.created' && e.conversationId === fresh.conversationId,
      );

      // A's own activity arrives after B's on the same Redis connection, so B's would have too.
      const aMessage = await send(a.agents[0], a.conversationIds[1]);
      await subA.waitFor((e) => e.type === 'message.created' && e.messageId === aMessage.id);

      const bConversations = new Set([...b.conversationIds, fresh.conversationId]);
      expect(
        subA.events.filter((e) => bConversations.has(e.conversationId) || e.messageId === bMessage.id),
      ).toEqual([]);
      expect(subA.events.every((e) => a.conversationIds.includes(e.conversationId))).toBe(true);
      expect(subB.events.filter((e) => a.conversationIds.includes(e.conversationId))).toEqual([]);
    } finally {
      await subA.close();
      await subB.close();
    }
  });
});
