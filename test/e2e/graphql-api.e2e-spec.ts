import { randomUUID } from 'node:crypto';
import { QueueProducer } from '../../src/core/queue/queue-producer.service';
import {
  createAgent,
  createApiIntegration,
  createConversation,
  createWorkspaceWithAdmin,
  errorCode,
  gql,
  ok,
  subscribe,
  TestAgent,
  TestIntegration,
  untilSubscribed,
} from '../support/factories';
import { eventually, startHub, TestHub } from '../support/hub';

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq direction authorKind authorAgentId text deliveryStatus clientMessageId } }`;
const CONVERSATIONS = `query($first: Int!, $after: String, $filter: ConversationFilter) {
  conversations(first: $first, after: $after, filter: $filter) { edges { cursor node { id lastMessageAt } } pageInfo { hasNextPage endCursor } } }`;

interface Message {
  id: string;
  seq: number;
  text: string;
}

describe('GraphQL API', () => {
  let hub: TestHub;
  let workspaceId: string;
  let admin: TestAgent;
  let agent: TestAgent;
  let integration: TestIntegration;

  beforeAll(async () => {
    hub = await startHub();
    ({ workspaceId, admin } = await createWorkspaceWithAdmin(hub.app));
    agent = await createAgent(hub.app, workspaceId, { role: 'agent' });
    integration = await createApiIntegration(hub.url, admin.token);
  });
  afterAll(async () => {
    await hub?.close();
  });

  describe('login', () => {
    const LOGIN = `mutation($email: String!, $password: String!, $workspaceId: ID) {
      login(email: $email, password: $password, workspaceId: $workspaceId) { token agent { id email role } } }`;

    it('returns a token and the agent for the right password, whatever the email case', async () => {
      const data = ok(
        await gql<{ login: { token: string; agent: { id: string } } }>(hub.url, undefined, LOGIN, {
          email: agent.email.toUpperCase(),
          password: agent.password,
        }),
      );
      expect(data.login.agent.id).toBe(agent.id);
      const me = ok(await gql<{ me: { id: string } }>(hub.url, data.login.token, '{ me { id } }'));
      expect(me.me.id).toBe(agent.id);
    });

    it('answers a wrong password and an unknown email with the same UNAUTHENTICATED error', async () => {
      const wrong = await gql(hub.url, undefined, LOGIN, {
        email: agent.email,
        password: 'not-the-password',
      });
      const unknown = await gql(hub.url, undefined, LOGIN, {
        email: `nobody-${randomUUID()}@example.test`,
        password: 'whatever1',
      });
      expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
      expect(wrong.errors).toEqual(unknown.errors);
      expect(wrong.data).toBeNull();
    });

    it('asks for workspaceId when the email exists in several workspaces, and only after the password matched', async () => {
      const email = `shared-${randomUUID()}@example.test`;
      const other = await createWorkspaceWithAdmin(hub.app);
      await createAgent(hub.app, workspaceId, { email, password: 'password-one' });
      const second = await createAgent(hub.app, other.workspaceId, { email, password: 'password-two' });

      const ambiguous = await gql(hub.url, undefined, LOGIN, { email, password: 'password-two' });
      expect(errorCode(ambiguous)).toBe('BAD_USER_INPUT');
      expect(ambiguous.errors?.[0].message).toMatch(/pass workspaceId/);

      const wrong = await gql(hub.url, undefined, LOGIN, { email, password: 'password-three' });
      expect(errorCode(wrong)).toBe('UNAUTHENTICATED');

      const chosen = ok(
        await gql<{ login: { agent: { id: string } } }>(hub.url, undefined, LOGIN, {
          email,
          password: 'password-two',
          workspaceId: other.workspaceId,
        }),
      );
      expect(chosen.login.agent.id).toBe(second.id);
    });

    it.each([
      ['no token', undefined],
      ['a garbage token', 'not-a-jwt'],
      ['a token signed with another key', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ])('refuses me with %s', async (_name, token) => {
      const res = await gql(hub.url, token, '{ me { id } }');
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });
  });

  describe('agents', () => {
    it('lets an agent set their status', async () => {
      const data = ok(
        await gql<{ setMyStatus: { status: string } }>(
          hub.url,
          agent.token,
          'mutation { setMyStatus(status: NOT_ACCEPTING) { status } }',
        ),
      );
      expect(data.setMyStatus.status).toBe('NOT_ACCEPTING');
      expect(
        ok(await gql<{ me: { status: string } }>(hub.url, agent.token, '{ me { status } }')).me.status,
      ).toBe('NOT_ACCEPTING');
    });

    it('routes a waiting conversation to an agent who starts accepting (assign-queued through the outbox)', async () => {
      const ws = await createWorkspaceWithAdmin(hub.app);
      const solo = await createAgent(hub.app, ws.workspaceId, { status: 'offline', capacity: 2 });
      const inbox = await createApiIntegration(hub.url, ws.admin.token);
      const { conversationId } = await createConversation(hub.app, inbox);
      const query = 'query($id: ID!) { conversation(id: $id) { status assigneeId } }';
      expect(
        ok(
          await gql<{ conversation: { status: string } }>(hub.url, solo.token, query, { id: conversationId }),
        ).conversation.status,
      ).toBe('QUEUED');

      ok(await gql(hub.url, solo.token, 'mutation { setMyStatus(status: ACCEPTING) { status } }'));
      const assigned = await eventually(async () => {
        const c = ok(
          await gql<{ conversation: { status: string; assigneeId: string | null } }>(
            hub.url,
            solo.token,
            query,
            { id: conversationId },
          ),
        ).conversation;
        return c.assigneeId ? c : undefined;
      });
      expect(assigned).toEqual({ status: 'OPEN', assigneeId: solo.id });
    });

    const CREATE =
      'mutation($input: CreateAgentInput!) { createAgent(input: $input) { id email role capacity status } }';

    it('lets an admin create an agent, with the email normalised', async () => {
      const email = `New-${randomUUID()}@Example.test`;
      const data = ok(
        await gql<{ createAgent: { email: string; role: string; capacity: number; status: string } }>(
          hub.url,
          admin.token,
          CREATE,
          {
            input: { email, name: 'New', password: 'long-enough', role: 'AGENT', capacity: 3 },
          },
        ),
      );
      expect(data.createAgent).toMatchObject({
        email: email.toLowerCase(),
        role: 'AGENT',
        capacity: 3,
        status: 'OFFLINE',
      });
      const again = await gql(hub.url, admin.token, CREATE, {
        input: { email, name: 'Dup', password: 'long-enough', role: 'AGENT' },
      });
      expect(errorCode(again)).toBe('CONFLICT');
    });

    it.each([
      ['an agent creating an agent', 'agent', 'AGENT'],
      ['an admin creating an owner', 'admin', 'OWNER'],
    ])('refuses %s with FORBIDDEN', async (_name, role, targetRole) => {
      const actor = role === 'agent' ? agent : await createAgent(hub.app, workspaceId, { role: 'admin' });
      const res = await gql(hub.url, actor.token, CREATE, {
        input: {
          email: `x-${randomUUID()}@example.test`,
          name: 'X',
          password: 'long-enough',
          role: targetRole,
        },
      });
      expect(errorCode(res)).toBe('FORBIDDEN');
    });

    it('lets an agent list colleagues and teams, which a transfer needs', async () => {
      const data = ok(
        await gql<{ agents: { id: string }[]; teams: { id: string }[] }>(
          hub.url,
          agent.token,
          '{ agents { id } teams { id } }',
        ),
      );
      expect(data.agents.map((a) => a.id)).toEqual(expect.arrayContaining([agent.id, admin.id]));
      expect(Array.isArray(data.teams)).toBe(true);
    });

    it.each(['{ integrations { id } }', 'mutation { createTeam(name: "x") { id } }'])(
      'refuses admin-only %s to an agent',
      async (query) => {
        expect(errorCode(await gql(hub.url, agent.token, query))).toBe('FORBIDDEN');
      },
    );

    it('gives clear input errors', async () => {
      const res = await gql(hub.url, admin.token, CREATE, {
        input: { email: 'not-an-email', name: 'X', password: 'long-enough', role: 'AGENT' },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/email must be a valid email/);
    });
  });

  describe('integrations', () => {
    it('shows the generated secret once, at creation, and never again', async () => {
      const created = ok(
        await gql<{
          createIntegration: {
            integration: { id: string; webhookUrl: string; connectorId: string };
            generatedSecrets: Record<string, string>;
          };
        }>(
          hub.url,
          admin.token,
          'mutation { createIntegration(input: { connectorId: "api", name: "Website API", settings: {} }) { integration { id connectorId webhookUrl settings } generatedSecrets } }',
        ),
      ).createIntegration;
      expect(created.integration.webhookUrl).toMatch(new RegExp(`/webhooks/${created.integration.id}$`));
      const secret = created.generatedSecrets.signingSecret;
      expect(secret).toEqual(expect.any(String));
      expect(secret.length).toBeGreaterThan(16);

      const one = await gql(
        hub.url,
        admin.token,
        'query($id: ID!) { integration(id: $id) { id name settings webhookUrl } }',
        { id: created.integration.id },
      );
      const all = await gql(hub.url, admin.token, '{ integrations { id name settings webhookUrl } }');
      expect(ok(one)).toMatchObject({ integration: { id: created.integration.id } });
      expect(one.raw).not.toContain(secret);
      expect(all.raw).not.toContain(secret);
    });

    it('rejects an unknown connector with the installed list', async () => {
      const res = await gql(
        hub.url,
        admin.token,
        'mutation { createIntegration(input: { connectorId: "fax", name: "x" }) { integration { id } } }',
      );
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/installed connectors: .*api/);
    });
  });

  describe('messages', () => {
    it('sends once per clientMessageId: one row, one delivery job', async () => {
      const { conversationId } = await createConversation(hub.app, integration);
      const input = { conversationId, clientMessageId: randomUUID(), text: '  Hello from the console  ' };
      const first = ok(
        await gql<{ sendMessage: Message & Record<string, unknown> }>(hub.url, agent.token, SEND, { input }),
      ).sendMessage;
      const retry = ok(
        await gql<{ sendMessage: Message }>(hub.url, agent.token, SEND, { input }),
      ).sendMessage;
      expect(retry.id).toBe(first.id);
      expect(first).toMatchObject({
        seq: 2,
        direction: 'OUTBOUND',
        authorKind: 'AGENT',
        authorAgentId: agent.id,
        text: 'Hello from the console',
      });

      const messages = ok(
        await gql<{ messagesSince: Message[] }>(
          hub.url,
          agent.token,
          'query($id: ID!) { messagesSince(conversationId: $id) { id seq text } }',
          { id: conversationId },
        ),
      ).messagesSince;
      expect(messages.filter((m) => m.text === 'Hello from the console')).toHaveLength(1);

      const delivery = hub.app.get(QueueProducer).queue('delivery');
      const jobsFor = async () =>
        (
          await delivery.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'])
        ).filter((j) => j?.data?.messageId === first.id);
      await eventually(async () => ((await jobsFor()).length > 0 ? true : undefined));
      await new Promise((r) => setTimeout(r, 300)); // a second job, if any, would have been relayed by now
      expect(await jobsFor()).toHaveLength(1);
    });

    it.each([
      ['blank text', '   ', /text must not be empty/],
      ['text over 10000 characters', 'x'.repeat(10001), /at most 10000 characters/],
    ])('refuses %s', async (_name, text, message) => {
      const { conversationId } = await createConversation(hub.app, integration);
      const res = await gql(hub.url, agent.token, SEND, {
        input: { conversationId, clientMessageId: randomUUID(), text },
      });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(message);
    });

    it('lists messages by seq and resumes after a seq', async () => {
      const { conversationId } = await createConversation(hub.app, integration, {
        text: 'first from customer',
      });
      for (const text of ['two', 'three', 'four']) {
        ok(
          await gql(hub.url, agent.token, SEND, {
            input: { conversationId, clientMessageId: randomUUID(), text },
          }),
        );
      }
      const since = (afterSeq: number, limit: number) =>
        gql<{ messagesSince: Message[] }>(
          hub.url,
          agent.token,
          'query($id: ID!, $a: Int!, $l: Int!) { messagesSince(conversationId: $id, afterSeq: $a, limit: $l) { seq text } }',
          {
            id: conversationId,
            a: afterSeq,
            l: limit,
          },
        );
      expect(ok(await since(0, 100)).messagesSince).toEqual([
        { seq: 1, text: 'first from customer' },
        { seq: 2, text: 'two' },
        { seq: 3, text: 'three' },
        { seq: 4, text: 'four' },
      ]);
      expect(ok(await since(2, 100)).messagesSince.map((m) => m.seq)).toEqual([3, 4]);
      expect(ok(await since(1, 2)).messagesSince.map((m) => m.seq)).toEqual([2, 3]);
      const nested = ok(
        await gql<{
          conversation: { lastSeq: number; messages: { seq: number }[]; contact: { name: string } };
        }>(
          hub.url,
          agent.token,
          'query($id: ID!) { conversation(id: $id) { lastSeq contact { name } messages(afterSeq: 3) { seq } } }',
          { id: conversationId },
        ),
      ).conversation;
      expect(nested).toEqual({ lastSeq: 4, contact: { name: 'Ada Lovelace' }, messages: [{ seq: 4 }] });
    });
  });

  describe('conversations', () => {
    it('pages with opaque cursors in a stable order across three pages', async () => {
      const ws = await createWorkspaceWithAdmin(hub.app);
      const inbox = await createApiIntegration(hub.url, ws.admin.token);
      const created: string[] = [];
      for (let i = 0; i < 7; i++) created.push((await createConversation(hub.app, inbox)).conversationId);

      type Page = {
        conversations: {
          edges: { cursor: string; node: { id: string; lastMessageAt: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      const pages: Page['conversations'][] = [];
      let after: string | null = null;
      do {
        const page: Page['conversations'] = ok(
          await gql<Page>(hub.url, ws.admin.token, CONVERSATIONS, { first: 3, after }),
        ).conversations;
        pages.push(page);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);

      expect(pages.map((p) => p.edges.length)).toEqual([3, 3, 1]);
      expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
      const ids = pages.flatMap((p) => p.edges.map((e) => e.node.id));
      expect(ids).toEqual([...created].reverse()); // newest message first
      const times = pages.flatMap((p) => p.edges.map((e) => Date.parse(e.node.lastMessageAt)));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(pages[0].edges[0].cursor).not.toContain(ids[0]);

      const bad = await gql(hub.url, ws.admin.token, CONVERSATIONS, { first: 3, after: 'bogus' });
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(errorCode(await gql(hub.url, ws.admin.token, CONVERSATIONS, { first: 101 }))).toBe(
        'BAD_USER_INPUT',
      );
    });

    it('assigns, transfers to a team, resolves and reopens, filtering by assignee', async () => {
      const { conversationId } = await createConversation(hub.app, integration);
      const change = (mutation: string, vars: Record<string, unknown>) =>
        gql<Record<string, { status: string; assigneeId: string | null; teamId: string | null }>>(
          hub.url,
          agent.token,
          mutation,
          vars,
        );
      const fields = '{ status assigneeId teamId }';

      const assigned = ok(
        await change(
          `mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) ${fields} }`,
          { c: conversationId, a: agent.id },
        ),
      );
      expect(assigned.assignConversation).toEqual({ status: 'OPEN', assigneeId: agent.id, teamId: null });

      const mine = ok(
        await gql<{ conversations: { edges: { node: { id: string } }[] } }>(
          hub.url,
          agent.token,
          CONVERSATIONS,
          { first: 100, filter: { mine: true } },
        ),
      );
      expect(mine.conversations.edges.map((e) => e.node.id)).toContain(conversationId);

      const team = ok(
        await gql<{ createTeam: { id: string } }>(
          hub.url,
          admin.token,
          `mutation { createTeam(name: "Billing ${randomUUID()}") { id } }`,
        ),
      ).createTeam;
      const toTeam = ok(
        await change(
          `mutation($c: ID!, $t: ID) { assignConversation(conversationId: $c, teamId: $t) ${fields} }`,
          { c: conversationId, t: team.id },
        ),
      );
      expect(toTeam.assignConversation).toEqual({ status: 'QUEUED', assigneeId: null, teamId: team.id });

      ok(
        await change(
          `mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) ${fields} }`,
          { c: conversationId, a: agent.id },
        ),
      );
      const resolved = ok(
        await change(`mutation($c: ID!) { resolveConversation(id: $c) ${fields} }`, { c: conversationId }),
      );
      expect(resolved.resolveConversation.status).toBe('RESOLVED');
      const again = ok(
        await change(`mutation($c: ID!) { resolveConversation(id: $c) ${fields} }`, { c: conversationId }),
      );
      expect(again.resolveConversation.status).toBe('RESOLVED');

      const send = await gql(hub.url, agent.token, SEND, {
        input: { conversationId, clientMessageId: randomUUID(), text: 'late' },
      });
      expect(errorCode(send)).toBe('CONFLICT');

      const reopened = ok(
        await change(`mutation($c: ID!) { reopenConversation(id: $c) ${fields} }`, { c: conversationId }),
      );
      expect(reopened.reopenConversation).toEqual({ status: 'OPEN', assigneeId: agent.id, teamId: team.id });
    });

    it('serves many concurrent transfers of one conversation without starving the connection pool', async () => {
      const { conversationId } = await createConversation(hub.app, integration);
      const team = ok(
        await gql<{ createTeam: { id: string } }>(
          hub.url,
          admin.token,
          `mutation { createTeam(name: "Rush ${randomUUID()}") { id } }`,
        ),
      ).createTeam;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          gql(
            hub.url,
            agent.token,
            'mutation($c: ID!, $a: ID, $t: ID) { assignConversation(conversationId: $c, agentId: $a, teamId: $t) { id } }',
            {
              c: conversationId,
              a: i % 2 === 0 ? agent.id : null,
              t: team.id,
            },
          ),
        ),
      );
      expect(results.filter((r) => r.errors)).toEqual([]);
    });

    it('reopens an unassigned conversation into the queue', async () => {
      const { conversationId } = await createConversation(hub.app, integration);
      ok(
        await gql(hub.url, agent.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: conversationId,
        }),
      );
      const reopened = ok(
        await gql<{ reopenConversation: { status: string } }>(
          hub.url,
          agent.token,
          'mutation($c: ID!) { reopenConversation(id: $c) { status } }',
          { c: conversationId },
        ),
      );
      expect(reopened.reopenConversation.status).toBe('QUEUED');
    });

    it.each([
      ['a random uuid', randomUUID()],
      ['a malformed id', 'not-a-uuid'],
    ])('answers NOT_FOUND for %s', async (_name, id) => {
      const res = await gql(hub.url, agent.token, 'query($id: ID!) { conversation(id: $id) { id } }', { id });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.errors?.[0].message).toBe('Conversation not found.');
    });
  });

  describe('limits', () => {
    it('refuses a query whose estimated cost exceeds GRAPHQL_MAX_COST', async () => {
      const res = await gql(
        hub.url,
        agent.token,
        '{ conversations(first: 100) { edges { node { messages(first: 100) { id text } } } } }',
      );
      expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
      expect(res.errors?.[0].message).toMatch(/Query cost \d+ exceeds the limit of 5000/);
      expect(res.data ?? undefined).toBeUndefined();
    });

    it('refuses a query nested deeper than GRAPHQL_MAX_DEPTH', async () => {
      const strict = await startHub({ HUB_ROLE: 'api', GRAPHQL_MAX_DEPTH: '3' });
      try {
        const ws = await createWorkspaceWithAdmin(strict.app);
        expect(
          ok(await gql(strict.url, ws.admin.token, '{ conversations { pageInfo { hasNextPage } } }')),
        ).toBeDefined();
        const res = await gql(strict.url, ws.admin.token, '{ conversations { edges { node { id } } } }');
        expect(errorCode(res)).toBe('QUERY_TOO_DEEP');
        expect(res.errors?.[0].message).toMatch(/Query depth 4 exceeds the limit of 3/);
      } finally {
        await strict.close();
      }
    });
  });

  describe('workspaceEvents subscription', () => {
    const EVENTS = 'subscription { workspaceEvents { type conversationId messageId seq assigneeId status } }';

    it.each([
      ['a bad token', 'not-a-token'],
      ['no token', ''],
    ])('refuses the connection with %s', async (_name, token) => {
      const sub = subscribe(hub.wsUrl, token, EVENTS, 'workspaceEvents');
      try {
        const error = (await sub.waitForError()) as { code?: number };
        expect(error.code).toBe(4403);
        expect(sub.events).toEqual([]);
      } finally {
        await sub.close();
      }
    });

    it('receives message.created after sendMessage', async () => {
      const { conversationId } = await createConversation(hub.app, integration);
      const sub = subscribe<{ type: string; conversationId: string; messageId: string; seq: number }>(
        hub.wsUrl,
        agent.token,
        EVENTS,
        'workspaceEvents',
      );
      try {
        await untilSubscribed(hub.app, workspaceId);
        const sent = ok(
          await gql<{ sendMessage: Message }>(hub.url, agent.token, SEND, {
            input: { conversationId, clientMessageId: randomUUID(), text: 'live' },
          }),
        ).sendMessage;
        const event = await sub.waitFor((e) => e.type === 'message.created' && e.messageId === sent.id);
        expect(event).toMatchObject({ conversationId, seq: sent.seq });
      } finally {
        await sub.close();
      }
    });
  });
});
