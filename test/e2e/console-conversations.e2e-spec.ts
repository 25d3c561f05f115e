import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeliveryRepository } from '../../src/connectors/runtime/delivery.repository';
import { createFakeProviderServer, FakeProviderServer } from '../../src/connectors/sdk/testing';
import { QueueProducer } from '../../src/core/queue/queue-producer.service';
import type { DomainEvent } from '../../src/core/realtime/domain-event';
import { RealtimeBus } from '../../src/core/realtime/realtime-bus.service';
import { newApiIntegration } from '../support/data';
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
  TestIntegration,
  untilSubscribed,
} from '../support/factories';
import { eventually, startHub, TestHub } from '../support/hub';
import { postApiMessage, postWebhook, signedHeaders } from '../support/webhooks';
import { bootVisitor, createWidgetIntegration, widgetApi, WidgetSocket } from '../support/widget';

const CONVERSATION_FIELDS = 'id status assigneeId teamId tags unreadCount lastReadSeq lastSeq';
const MESSAGE_FIELDS = 'id seq direction authorKind authorAgentId text private deliveryStatus';
const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { ${MESSAGE_FIELDS} } }`;
const SET_TAGS = `mutation($c: ID!, $tags: [String!]!) { setConversationTags(conversationId: $c, tags: $tags) { ${CONVERSATION_FIELDS} } }`;
const MARK_READ = `mutation($c: ID!, $seq: Int!) { markConversationRead(conversationId: $c, seq: $seq) { ${CONVERSATION_FIELDS} } }`;
const TRANSFER = `mutation($c: ID!, $agentId: ID, $teamId: ID, $note: String, $force: Boolean) {
  transferConversation(conversationId: $c, agentId: $agentId, teamId: $teamId, note: $note, force: $force) { ${CONVERSATION_FIELDS} } }`;
const CONVERSATIONS = `query($filter: ConversationFilter, $first: Int!, $after: String) {
  conversations(filter: $filter, first: $first, after: $after) {
    edges { node { ${CONVERSATION_FIELDS} contact { name } } } pageInfo { hasNextPage endCursor } } }`;

interface Conversation {
  id: string;
  status: string;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  unreadCount: number;
  lastReadSeq: number;
  lastSeq: number;
}

interface Message {
  id: string;
  seq: number;
  direction: string;
  authorKind: string;
  authorAgentId: string | null;
  text: string | null;
  private: boolean;
  deliveryStatus: string | null;
}

/**
 * The console's conversation features over the public GraphQL API (docs/console-api.md): private
 * notes (never delivered, never shown in the widget), tags, read marks and unread counts,
 * transfers and search.
 */
describe('console: notes, tags, unread, transfer, search', () => {
  let hub: TestHub;
  let db: DataSource;

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'all' });
    db = hub.app.get(DataSource);
  });
  afterAll(async () => {
    await hub?.close();
  });

  /** A fresh workspace, its owner and an `api` integration; nobody accepting, so nothing is routed. */
  async function workspace(): Promise<{
    workspaceId: string;
    admin: TestAgent;
    integration: TestIntegration;
  }> {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    return { workspaceId, admin, integration: await createApiIntegration(hub.url, admin.token) };
  }

  const send = (token: string, conversationId: string, text: string, isNote = false) =>
    gql<{ sendMessage: Message }>(hub.url, token, SEND, {
      input: { conversationId, clientMessageId: randomUUID(), text, private: isNote },
    });

  const history = async (token: string, conversationId: string): Promise<Message[]> =>
    ok(
      await gql<{ messagesSince: Message[] }>(
        hub.url,
        token,
        `query($c: ID!) { messagesSince(conversationId: $c, afterSeq: 0) { ${MESSAGE_FIELDS} } }`,
        { c: conversationId },
      ),
    ).messagesSince;

  const conversation = async (token: string, id: string): Promise<Conversation> =>
    ok(
      await gql<{ conversation: Conversation }>(
        hub.url,
        token,
        `query($id: ID!) { conversation(id: $id) { ${CONVERSATION_FIELDS} } }`,
        { id },
      ),
    ).conversation;

  const assign = async (token: string, conversationId: string, agentId: string) =>
    ok(
      await gql(
        hub.url,
        token,
        'mutation($c: ID!, $a: ID) { assignConversation(conversationId: $c, agentId: $a) { id } }',
        { c: conversationId, a: agentId },
      ),
    );

  const transfer = (token: string, conversationId: string, args: Record<string, unknown>) =>
    gql<{ transferConversation: Conversation }>(hub.url, token, TRANSFER, { c: conversationId, ...args });

  describe('private notes', () => {
    let provider: FakeProviderServer;
    beforeAll(async () => {
      provider = createFakeProviderServer();
      await provider.start();
      provider.setDefaultReply({ status: 200, body: { id: 'crm-reply' } });
    });
    afterAll(() => provider.stop());

    it('stores a note with the next seq for agents, and never delivers it to an api integration', async () => {
      const { workspaceId, admin } = await workspace();
      const created = await newApiIntegration(hub.app, workspaceId, `${provider.baseUrl}/replies`);
      const integration = {
        id: created.integrationId,
        secret: created.secret,
        webhookUrl: created.webhookUrl,
      };
      const { conversationId } = await createConversation(hub.app, integration, { contactId: 'customer-1' });
      const events: DomainEvent[] = [];
      const unsubscribe = await hub.app.get(RealtimeBus).subscribe(workspaceId, (e) => events.push(e));
      try {
        const note = ok(
          await send(admin.token, conversationId, 'Customer is a VIP, be gentle', true),
        ).sendMessage;
        expect(note).toMatchObject({
          seq: 2,
          direction: 'OUTBOUND',
          authorKind: 'AGENT',
          authorAgentId: admin.id,
          private: true,
          deliveryStatus: null,
        });
        const reply = ok(await send(admin.token, conversationId, 'Your parcel ships today')).sendMessage;
        expect(reply).toMatchObject({ seq: 3, private: false, deliveryStatus: 'PENDING' });

        await eventually(
          async () =>
            (await history(admin.token, conversationId)).find((m) => m.id === reply.id)?.deliveryStatus ===
            'SENT'
              ? true
              : undefined,
          15000,
          'the reply sent',
        );
        await new Promise((r) => setTimeout(r, 500));
        expect(provider.requests.map((r) => r.json<{ text: string }>().text)).toEqual([
          'Your parcel ships today',
        ]);
        expect(
          (await history(admin.token, conversationId)).map((m) => [m.seq, m.private, m.deliveryStatus]),
        ).toEqual([
          [1, false, null],
          [2, true, null],
          [3, false, 'SENT'],
        ]);
        // Only the reply got a delivery job (completed jobs are kept for a day).
        const jobs = await hub.app
          .get(QueueProducer)
          .queue('delivery')
          .getJobs(['completed', 'waiting', 'active', 'delayed', 'failed']);
        const jobFor = (id: string) => jobs.some((j) => (j.data as { messageId?: string }).messageId === id);
        expect([jobFor(reply.id), jobFor(note.id)]).toEqual([true, false]);
        // Notes are announced to the console like any message, and the recovery sweep never picks one up.
        expect(events).toContainEqual({
          type: 'message.created',
          workspaceId,
          conversationId,
          messageId: note.id,
          seq: 2,
          direction: 'outbound',
        });
        const stalled = await hub.app.get(DeliveryRepository).findStalled(0, 10000);
        expect(stalled.map((s) => s.messageId)).not.toContain(note.id);
        const [row]: { delivery_attempts: number }[] = await db.query(
          'SELECT delivery_attempts FROM messages WHERE id = $1',
          [note.id],
        );
        expect(row.delivery_attempts).toBe(0);
      } finally {
        await unsubscribe();
      }
    });

    it('takes a note on a resolved conversation, where a reply is refused', async () => {
      const { admin, integration } = await workspace();
      const { conversationId } = await createConversation(hub.app, integration);
      ok(
        await gql(hub.url, admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: conversationId,
        }),
      );
      expect(errorCode(await send(admin.token, conversationId, 'Are you still there?'))).toBe('CONFLICT');
      const note = ok(await send(admin.token, conversationId, 'Closed: duplicate of #42', true)).sendMessage;
      expect(note).toMatchObject({ seq: 2, private: true, deliveryStatus: null });
      expect(await conversation(admin.token, conversationId)).toMatchObject({
        status: 'RESOLVED',
        lastSeq: 2,
      });
    });

    it('never shows a note to the visitor: not live, not on resume, not over HTTP, not in the unread count', async () => {
      const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
      const agent = await createAgent(hub.app, workspaceId, { name: 'Grace' });
      const widget = await createWidgetIntegration(hub.url, admin.token);
      const boot = await bootVisitor(hub.url, widget.id);
      const token = boot.body.visitorToken;
      const socket = await WidgetSocket.connect(hub.url, { integrationId: widget.id, token });
      const ack = await socket.sendMessage({ text: 'Where is my order?' });
      expect(ack.type).toBe('ack');
      const conversationId = (ack.message as { conversationId: string }).conversationId;

      const secret = 'SECRET-NOTE: refund approved internally';
      expect(ok(await send(agent.token, conversationId, secret, true)).sendMessage.seq).toBe(2);
      expect(ok(await send(agent.token, conversationId, 'It ships today')).sendMessage.seq).toBe(3);
      await socket.waitFor((f) => f.type === 'message' && (f.message as { seq: number }).seq === 3);
      await eventually(
        async () =>
          (await history(agent.token, conversationId)).find((m) => m.seq === 3)?.deliveryStatus ===
          'DELIVERED'
            ? true
            : undefined,
        10000,
        'the reply delivered',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(socket.messages().map((m) => m.seq)).toEqual([1, 3]);
      expect(JSON.stringify(socket.frames)).not.toContain('SECRET-NOTE');
      socket.terminate();

      // The agent's view has it, with private: true.
      expect((await history(agent.token, conversationId)).map((m) => [m.seq, m.private])).toEqual([
        [1, false],
        [2, true],
        [3, false],
      ]);

      const again = await bootVisitor(hub.url, widget.id, { visitorToken: token });
      expect(again.body.unread).toBe(1);
      const resumed = await WidgetSocket.connect(hub.url, {
        integrationId: widget.id,
        token: again.body.visitorToken,
        afterSeq: 0,
      });
      expect(resumed.messages().map((m) => m.seq)).toEqual([1, 3]);
      resumed.close();
      const fallback = await widgetApi<{ messages: { seq: number; text: string }[] }>(
        hub.url,
        widget.id,
        'GET',
        '/messages?afterSeq=0',
        { token: again.body.visitorToken },
      );
      expect(fallback.status).toBe(200);
      expect(fallback.body.messages.map((m) => m.seq)).toEqual([1, 3]);
      expect(JSON.stringify(fallback.body)).not.toContain('SECRET-NOTE');
    });
  });

  describe('tags', () => {
    it('normalises tags, lists the workspace tags sorted, and publishes conversation.updated', async () => {
      const { workspaceId, admin, integration } = await workspace();
      const first = await createConversation(hub.app, integration);
      const second = await createConversation(hub.app, integration);
      const seen = subscribe<{ type: string; conversationId: string }>(
        hub.wsUrl,
        admin.token,
        'subscription { workspaceEvents { type conversationId } }',
        'workspaceEvents',
      );
      try {
        await untilSubscribed(hub.app, workspaceId);
        const tagged = ok(
          await gql<{ setConversationTags: Conversation }>(hub.url, admin.token, SET_TAGS, {
            c: first.conversationId,
            tags: [' VIP ', 'Billing', 'vip', 'order-42_b'],
          }),
        ).setConversationTags;
        expect(tagged.tags).toEqual(['billing', 'order-42_b', 'vip']);
        await seen.waitFor(
          (e) => e.type === 'conversation.updated' && e.conversationId === first.conversationId,
        );

        // The same tags again change nothing and publish nothing.
        ok(
          await gql(hub.url, admin.token, SET_TAGS, {
            c: first.conversationId,
            tags: ['vip', 'billing', 'ORDER-42_B'],
          }),
        );
        ok(await gql(hub.url, admin.token, SET_TAGS, { c: second.conversationId, tags: ['angry', 'vip'] }));
        await seen.waitFor(
          (e) => e.type === 'conversation.updated' && e.conversationId === second.conversationId,
        );
        await new Promise((r) => setTimeout(r, 300));
        expect(seen.events.filter((e) => e.type === 'conversation.updated')).toEqual([
          { type: 'conversation.updated', conversationId: first.conversationId },
          { type: 'conversation.updated', conversationId: second.conversationId },
        ]);
      } finally {
        await seen.close();
      }

      const tags = async () => ok(await gql<{ tags: string[] }>(hub.url, admin.token, '{ tags }')).tags;
      expect(await tags()).toEqual(['angry', 'billing', 'order-42_b', 'vip']);
      expect((await conversation(admin.token, first.conversationId)).tags).toEqual([
        'billing',
        'order-42_b',
        'vip',
      ]);

      // Clearing and tagging a resolved conversation.
      ok(await gql(hub.url, admin.token, SET_TAGS, { c: first.conversationId, tags: [] }));
      ok(
        await gql(hub.url, admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: second.conversationId,
        }),
      );
      ok(await gql(hub.url, admin.token, SET_TAGS, { c: second.conversationId, tags: ['Resolved-OK'] }));
      expect(await tags()).toEqual(['resolved-ok']);
    });

    it.each<[string, string[], RegExp]>([
      [
        'a tag with a space',
        ['vip', 'two words'],
        /Tag "two words" is invalid: use 1 to 40 characters of a-z, 0-9, - and _/,
      ],
      ['a tag with an accent', ['café'], /Tag "café" is invalid/],
      ['a tag of 41 characters', ['x'.repeat(41)], new RegExp(`Tag "${'x'.repeat(41)}" is invalid`)],
      ['an empty tag', ['vip', '  '], /A tag must not be empty/],
      [
        '21 tags',
        Array.from({ length: 21 }, (_, i) => `t${i}`),
        /At most 20 tags per conversation \(got 21\)/,
      ],
    ])('refuses %s and keeps the tags it had', async (_name, tags, message) => {
      const { admin, integration } = await workspace();
      const { conversationId } = await createConversation(hub.app, integration);
      ok(await gql(hub.url, admin.token, SET_TAGS, { c: conversationId, tags: ['keep'] }));
      const refused = await gql(hub.url, admin.token, SET_TAGS, { c: conversationId, tags });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0].message).toMatch(message);
      expect((await conversation(admin.token, conversationId)).tags).toEqual(['keep']);
    });
  });

  describe('read marks and unread counts', () => {
    it("counts the contact's messages after the caller's mark, per agent, forward only", async () => {
      const { workspaceId, admin, integration } = await workspace();
      const agent = await createAgent(hub.app, workspaceId);
      const { conversationId, contactExternalId } = await createConversation(hub.app, integration);
      const contactWrites = async (text: string) =>
        expect(
          (
            await postApiMessage(hub.url, integration.id, integration.secret, {
              contactId: contactExternalId,
              text,
            })
          ).status,
        ).toBe(200);
      expect(await conversation(admin.token, conversationId)).toMatchObject({
        unreadCount: 1,
        lastReadSeq: 0,
      });
      await contactWrites('Are you there?');
      await contactWrites('Hello??');
      ok(await send(admin.token, conversationId, 'Checking with the warehouse', true));
      ok(await send(admin.token, conversationId, 'One moment please'));
      expect(await conversation(admin.token, conversationId)).toMatchObject({ lastSeq: 5, unreadCount: 3 });

      const mark = (token: string, seq: number) =>
        gql<{ markConversationRead: Conversation }>(hub.url, token, MARK_READ, { c: conversationId, seq });
      expect(ok(await mark(admin.token, 2)).markConversationRead).toMatchObject({
        lastReadSeq: 2,
        unreadCount: 1,
      });
      expect(ok(await mark(admin.token, 1)).markConversationRead).toMatchObject({
        lastReadSeq: 2,
        unreadCount: 1,
      });
      // Another agent has their own mark.
      expect(await conversation(agent.token, conversationId)).toMatchObject({
        lastReadSeq: 0,
        unreadCount: 3,
      });

      await contactWrites('Still waiting');
      const listed = ok(
        await gql<{ conversations: { edges: { node: Conversation }[] } }>(
          hub.url,
          admin.token,
          CONVERSATIONS,
          { first: 10 },
        ),
      ).conversations.edges.map((e) => e.node);
      expect(listed).toEqual([
        expect.objectContaining({ id: conversationId, unreadCount: 2, lastReadSeq: 2 }),
      ]);

      // Past the last message: clamped to it.
      expect(ok(await mark(admin.token, 99)).markConversationRead).toMatchObject({
        lastReadSeq: 6,
        unreadCount: 0,
      });
      expect(errorCode(await mark(admin.token, -1))).toBe('BAD_USER_INPUT');
      expect(await conversation(admin.token, conversationId)).toMatchObject({
        lastReadSeq: 6,
        unreadCount: 0,
      });
      await contactWrites('Thanks!');
      expect(await conversation(admin.token, conversationId)).toMatchObject({
        lastReadSeq: 6,
        unreadCount: 1,
      });
    });
  });

  describe('transfer', () => {
    /** A conversation assigned to `from`, and nobody accepting yet (so routing leaves it alone). */
    async function assignedConversation() {
      const ws = await workspace();
      const from = await createAgent(hub.app, ws.workspaceId, { name: 'Alan' });
      const { conversationId } = await createConversation(hub.app, ws.integration);
      await assign(ws.admin.token, conversationId, from.id);
      return { ...ws, from, conversationId };
    }

    it('assigns to an accepting agent and leaves a private note by the caller', async () => {
      const { workspaceId, admin, from, conversationId } = await assignedConversation();
      const grace = await createAgent(hub.app, workspaceId, {
        name: 'Grace',
        status: 'accepting',
        capacity: 2,
      });
      const events: DomainEvent[] = [];
      const unsubscribe = await hub.app.get(RealtimeBus).subscribe(workspaceId, (e) => events.push(e));
      try {
        const moved = ok(
          await transfer(from.token, conversationId, {
            agentId: grace.id,
            note: '  Wants a refund for order 42 ',
          }),
        ).transferConversation;
        expect(moved).toMatchObject({ status: 'OPEN', assigneeId: grace.id, lastSeq: 2 });
        await eventually(
          async () => (events.some((e) => e.type === 'message.created') ? true : undefined),
          5000,
          'the events',
        );
        expect(events).toEqual(
          expect.arrayContaining([
            {
              type: 'conversation.assigned',
              workspaceId,
              conversationId,
              assigneeId: grace.id,
              teamId: null,
            },
            expect.objectContaining({
              type: 'message.created',
              conversationId,
              seq: 2,
              direction: 'outbound',
            }),
          ]),
        );
      } finally {
        await unsubscribe();
      }
      expect((await history(admin.token, conversationId)).at(-1)).toMatchObject({
        seq: 2,
        direction: 'OUTBOUND',
        authorAgentId: from.id,
        text: 'Transferred to Grace: Wants a refund for order 42',
        private: true,
        deliveryStatus: null,
      });

      // To a team only: back to the queue for the team, and the note names the team.
      const team = ok(
        await gql<{ createTeam: { id: string } }>(
          hub.url,
          admin.token,
          'mutation { createTeam(name: "Billing") { id } }',
        ),
      ).createTeam;
      expect(
        ok(await transfer(grace.token, conversationId, { teamId: team.id })).transferConversation,
      ).toMatchObject({
        teamId: team.id,
        lastSeq: 3,
      });
      expect((await history(admin.token, conversationId)).at(-1)).toMatchObject({
        text: 'Transferred to Billing',
        authorAgentId: grace.id,
        private: true,
      });
    });

    it('refuses an agent at capacity or not accepting, unless an admin forces it', async () => {
      const { workspaceId, admin, integration, from, conversationId } = await assignedConversation();
      const full = await createAgent(hub.app, workspaceId, { name: 'Full', capacity: 1 });
      const other = await createConversation(hub.app, integration);
      await assign(admin.token, other.conversationId, full.id);
      ok(await gql(hub.url, full.token, 'mutation { setMyStatus(status: ACCEPTING) { status } }'));
      const away = await createAgent(hub.app, workspaceId, { name: 'Away', status: 'not_accepting' });

      const atCapacity = await transfer(from.token, conversationId, { agentId: full.id, note: 'please' });
      expect(errorCode(atCapacity)).toBe('CONFLICT');
      expect(atCapacity.errors?.[0].message).toBe(
        'Full is at capacity (1 of 1 conversations); an admin can force the transfer.',
      );
      const notAccepting = await transfer(from.token, conversationId, { agentId: away.id });
      expect(errorCode(notAccepting)).toBe('CONFLICT');
      expect(notAccepting.errors?.[0].message).toBe(
        'Away is not accepting conversations; an admin can force the transfer.',
      );
      const forcedByAgent = await transfer(from.token, conversationId, { agentId: away.id, force: true });
      expect(errorCode(forcedByAgent)).toBe('CONFLICT');
      expect(forcedByAgent.errors?.[0].message).toMatch(/only an admin can force a transfer/);
      // Nothing changed: no assignment, no note.
      expect(await conversation(admin.token, conversationId)).toMatchObject({
        assigneeId: from.id,
        lastSeq: 1,
      });

      const forced = ok(
        await transfer(admin.token, conversationId, { agentId: full.id, force: true }),
      ).transferConversation;
      expect(forced).toMatchObject({ assigneeId: full.id, lastSeq: 2 });
      expect((await history(admin.token, conversationId)).at(-1)).toMatchObject({
        text: 'Transferred to Full',
        authorAgentId: admin.id,
        private: true,
      });
      const [load]: { open_count: number }[] = await db.query('SELECT open_count FROM agents WHERE id = $1', [
        full.id,
      ]);
      expect(load.open_count).toBe(2);
    });

    it('answers NOT_FOUND for an unknown agent and CONFLICT for a resolved conversation', async () => {
      const { admin, conversationId } = await assignedConversation();
      const stranger = await createWorkspaceWithAdmin(hub.app);
      expect(errorCode(await transfer(admin.token, conversationId, { agentId: stranger.admin.id }))).toBe(
        'NOT_FOUND',
      );
      expect(errorCode(await transfer(admin.token, conversationId, {}))).toBe('BAD_USER_INPUT');
      ok(
        await gql(hub.url, admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: conversationId,
        }),
      );
      const grace = await createAgent(hub.app, admin.workspaceId, { name: 'Grace', status: 'accepting' });
      expect(errorCode(await transfer(admin.token, conversationId, { agentId: grace.id }))).toBe('CONFLICT');
    });
  });

  describe('search and tag filter', () => {
    it('finds by contact name or email, by message text (not notes), by tag, combined with status, page by page', async () => {
      const { admin, integration } = await workspace();
      const open = async (contact: { id: string; name: string; email?: string }, text: string) => {
        const body = JSON.stringify({ type: 'message', id: randomUUID(), contact, text });
        expect(
          (await postWebhook(hub.url, integration.id, body, signedHeaders(integration.secret, body))).status,
        ).toBe(200);
        const [row]: { id: string }[] = await db.query(
          `SELECT c.id FROM conversations c JOIN contact_identities ci ON ci.workspace_id = c.workspace_id
              AND ci.contact_id = c.contact_id AND ci.integration_id = c.integration_id
            WHERE ci.integration_id = $1 AND ci.external_id = $2`,
          [integration.id, contact.id],
        );
        return row.id;
      };
      const marie = await open(
        { id: 'm', name: 'Marie Curie', email: 'marie@radium.test' },
        'My parcel is late',
      );
      const alan = await open({ id: 'a', name: 'Alan Turing' }, 'Refund for 50%_off please');
      const grace = await open({ id: 'g', name: 'Grace Hopper' }, 'Hello');
      ok(await send(admin.token, grace, 'parcel lost by the carrier?', true));

      const find = async (filter: Record<string, unknown>, first = 10, after?: string) =>
        ok(
          await gql<{
            conversations: {
              edges: { node: Conversation & { contact: { name: string } } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            };
          }>(hub.url, admin.token, CONVERSATIONS, { filter, first, after }),
        ).conversations;
      const names = async (filter: Record<string, unknown>) =>
        (await find(filter)).edges.map((e) => e.node.contact.name).sort();

      expect(await names({ search: 'curie' })).toEqual(['Marie Curie']);
      expect(await names({ search: ' RADIUM.test ' })).toEqual(['Marie Curie']);
      expect(await names({ search: 'PARCEL' })).toEqual(['Marie Curie']); // the note on Grace's does not count
      expect(await names({ search: '50%_off' })).toEqual(['Alan Turing']);
      expect(await names({ search: '%' })).toEqual(['Alan Turing']); // taken literally
      expect(await names({ search: '_' })).toEqual(['Alan Turing']);
      expect(await names({ search: 'nobody' })).toEqual([]);
      expect(await names({ search: '   ' })).toEqual(['Alan Turing', 'Grace Hopper', 'Marie Curie']);

      ok(await gql(hub.url, admin.token, SET_TAGS, { c: marie, tags: ['vip'] }));
      ok(await gql(hub.url, admin.token, SET_TAGS, { c: grace, tags: ['vip', 'billing'] }));
      ok(await gql(hub.url, admin.token, SET_TAGS, { c: alan, tags: ['billing'] }));
      expect(await names({ tag: ' VIP ' })).toEqual(['Grace Hopper', 'Marie Curie']);
      expect(await names({ tag: 'vip', search: 'hopper' })).toEqual(['Grace Hopper']);
      expect(
        errorCode(await gql(hub.url, admin.token, CONVERSATIONS, { filter: { tag: 'not a tag' }, first: 5 })),
      ).toBe('BAD_USER_INPUT');

      ok(
        await gql(hub.url, admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: grace,
        }),
      );
      expect(await names({ tag: 'vip', status: 'RESOLVED' })).toEqual(['Grace Hopper']);
      expect(await names({ search: 'hopper', status: 'RESOLVED' })).toEqual(['Grace Hopper']);
      expect(await names({ search: 'hopper', status: 'QUEUED' })).toEqual([]);
      expect(await names({ tag: 'billing', status: 'QUEUED' })).toEqual(['Alan Turing']);

      // Cursor pagination keeps the filters.
      const page1 = await find({ tag: 'vip' }, 1);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = await find({ tag: 'vip' }, 1, page1.pageInfo.endCursor as string);
      expect(page2.pageInfo.hasNextPage).toBe(false);
      expect([...page1.edges, ...page2.edges].map((e) => e.node.id).sort()).toEqual([grace, marie].sort());
    });
  });

  describe('tenancy', () => {
    it("never lets another workspace's agent tag, transfer, read-mark or annotate a conversation", async () => {
      const { workspaceId, admin, integration } = await workspace();
      const agent = await createAgent(hub.app, workspaceId, { name: 'Mine' });
      const { conversationId } = await createConversation(hub.app, integration);
      ok(await gql(hub.url, admin.token, SET_TAGS, { c: conversationId, tags: ['secret-tag'] }));
      const stranger = await createWorkspaceWithAdmin(hub.app);
      const strangerAgent = await createAgent(hub.app, stranger.workspaceId, { status: 'accepting' });

      const attempts: [string, GqlResponse<unknown>][] = [
        ['tag', await gql(hub.url, stranger.admin.token, SET_TAGS, { c: conversationId, tags: ['mine'] })],
        ['mark read', await gql(hub.url, stranger.admin.token, MARK_READ, { c: conversationId, seq: 1 })],
        [
          'transfer to their agent',
          await transfer(stranger.admin.token, conversationId, { agentId: strangerAgent.id }),
        ],
        [
          'transfer to ours',
          await transfer(stranger.admin.token, conversationId, { agentId: agent.id, force: true }),
        ],
        ['note', await send(stranger.admin.token, conversationId, 'hi', true)],
      ];
      expect(attempts.map(([what, r]) => [what, errorCode(r)])).toEqual(
        attempts.map(([what]) => [what, 'NOT_FOUND']),
      );
      expect(ok(await gql<{ tags: string[] }>(hub.url, stranger.admin.token, '{ tags }')).tags).toEqual([]);
      expect(await conversation(admin.token, conversationId)).toMatchObject({
        tags: ['secret-tag'],
        assigneeId: null,
        lastSeq: 1,
      });
      const [reads]: { n: number }[] = await db.query(
        'SELECT count(*)::int AS n FROM conversation_reads WHERE conversation_id = $1',
        [conversationId],
      );
      expect(reads.n).toBe(0);
    });
  });
  describe('contact identities and the contactId filter', () => {
    const IDENTITIES = `query($id: ID!) { conversation(id: $id) {
      contact { id identities { integrationId integrationName connectorId externalId } } } }`;

    it("lists a contact's identities across integrations and pages through only its conversations", async () => {
      const { workspaceId, admin, integration } = await workspace();
      const support = await createApiIntegration(hub.url, admin.token, 'Support API');
      const first = await createConversation(hub.app, integration, { contactId: 'cus_42' });
      const [{ contactId }]: { contactId: string }[] = await db.query(
        'SELECT contact_id AS "contactId" FROM conversations WHERE id = $1',
        [first.conversationId],
      );
      // The same customer, known to the second integration by another id.
      await db.query(
        `INSERT INTO contact_identities (workspace_id, integration_id, external_id, contact_id)
         VALUES ($1, $2, 'crm-42', $3)`,
        [workspaceId, support.id, contactId],
      );
      const second = await createConversation(hub.app, support, { contactId: 'crm-42' });
      ok(
        await gql(hub.url, admin.token, 'mutation($c: ID!) { resolveConversation(id: $c) { id } }', {
          c: first.conversationId,
        }),
      );
      const third = await createConversation(hub.app, integration, { contactId: 'cus_42' });
      await createConversation(hub.app, integration, { contactId: 'someone-else' });

      const { contact } = ok(
        await gql<{
          conversation: {
            contact: {
              id: string;
              identities: {
                integrationId: string;
                integrationName: string;
                connectorId: string;
                externalId: string;
              }[];
            };
          };
        }>(hub.url, admin.token, IDENTITIES, { id: second.conversationId }),
      ).conversation;
      expect(contact.id).toBe(contactId);
      expect(contact.identities).toEqual([
        {
          integrationId: integration.id,
          integrationName: 'API inbox',
          connectorId: 'api',
          externalId: 'cus_42',
        },
        {
          integrationId: support.id,
          integrationName: 'Support API',
          connectorId: 'api',
          externalId: 'crm-42',
        },
      ]);

      const find = async (after?: string) =>
        ok(
          await gql<{
            conversations: {
              edges: { node: Conversation }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            };
          }>(hub.url, admin.token, CONVERSATIONS, { filter: { contactId }, first: 2, after }),
        ).conversations;
      const page1 = await find();
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = await find(page1.pageInfo.endCursor as string);
      expect(page2.pageInfo.hasNextPage).toBe(false);
      expect([...page1.edges, ...page2.edges].map((e) => e.node.id).sort()).toEqual(
        [first.conversationId, second.conversationId, third.conversationId].sort(),
      );

      // Another workspace knows neither the contact nor its conversations.
      const stranger = await createWorkspaceWithAdmin(hub.app);
      expect(
        errorCode(
          await gql(hub.url, stranger.admin.token, CONVERSATIONS, { filter: { contactId }, first: 5 }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(
          await gql(hub.url, admin.token, CONVERSATIONS, { filter: { contactId: randomUUID() }, first: 5 }),
        ),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(await gql(hub.url, stranger.admin.token, IDENTITIES, { id: second.conversationId })),
      ).toBe('NOT_FOUND');
    });
  });
});
