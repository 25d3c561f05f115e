import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  InboundMessageItem,
  InboundMessageRepository,
} from '../../src/core/conversations/inbound-message.repository';
import type { OutboxPayload } from '../../src/core/outbox/outbox.types';
import { createServiceContext } from '../support/context';
import { newApiIntegration, newWorkspace } from '../support/data';

/**
 * The ingest statements on whole batches against a real PostgreSQL: what one batch of webhooks
 * does when its messages share contacts, conversations and external ids, or meet conversations and
 * contacts that already exist. Every case runs through both statements (the per-item loop and the
 * set-based one), which must agree.
 */
describe.each([
  ['the per-item loop (sb_record_inbound_messages)', 'loop' as const],
  ['the set-based statement (sb_record_inbound_batch)', 'set' as const],
])('ingest of a batch through %s', (_name, via) => {
  let app: INestApplicationContext;
  let db: DataSource;
  let repo: InboundMessageRepository;

  beforeAll(async () => {
    app = await createServiceContext();
    db = app.get(DataSource);
    repo = app.get(InboundMessageRepository);
  });
  afterAll(() => app.close());

  const record = (batch: InboundMessageItem[]) => repo.recordMessages(db.manager, batch, via);

  async function source(): Promise<{ workspaceId: string; integrationId: string }> {
    const workspaceId = await newWorkspace(app);
    const { integrationId } = await newApiIntegration(app, workspaceId);
    return { workspaceId, integrationId };
  }

  type ItemSpec = Partial<Omit<InboundMessageItem, 'contact'>> & {
    contact: InboundMessageItem['contact'] | string;
  };
  function items(
    src: { workspaceId: string; integrationId: string },
    specs: ItemSpec[],
  ): InboundMessageItem[] {
    return specs.map((s, idx) => ({
      idx,
      workspaceId: src.workspaceId,
      integrationId: src.integrationId,
      externalId: randomUUID(),
      threadKey: '',
      text: `message ${idx}`,
      attachments: [],
      occurredAt: new Date(Date.UTC(2026, 11, 3, 12, 0, idx)),
      ...s,
      contact: typeof s.contact === 'string' ? { externalId: s.contact } : s.contact,
    }));
  }

  const eventsOf = (payloads: OutboxPayload[]) =>
    payloads.map((p) => (p.kind === 'event' ? `${p.event.type}` : `job ${p.name}`));

  it('stores several messages of one new contact as one contact, one conversation and seqs 1..n, in order', async () => {
    const src = await source();
    const { results, outbox } = await record(
      items(src, [{ contact: { externalId: 'ann', name: 'Ann' } }, { contact: 'ann' }, { contact: 'ann' }]),
    );
    expect(results.map((r) => r.outcome)).toEqual(['stored', 'stored', 'stored']);
    const stored = results.filter((r) => r.outcome === 'stored');
    expect(stored.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(new Set(stored.map((r) => r.conversationId)).size).toBe(1);
    expect(stored.map((r) => r.conversationCreated)).toEqual([true, false, false]);

    const [conversation] = await db.query(
      'SELECT id, last_seq, last_message_at, status FROM conversations WHERE workspace_id = $1',
      [src.workspaceId],
    );
    expect(conversation).toMatchObject({ id: stored[0].conversationId, last_seq: 3, status: 'queued' });
    expect(new Date(conversation.last_message_at).toISOString()).toBe('2026-12-03T12:00:02.000Z');
    const contacts = await db.query('SELECT name FROM contacts WHERE workspace_id = $1', [src.workspaceId]);
    expect(contacts).toEqual([{ name: 'Ann' }]);
    const texts = await db.query('SELECT seq, text FROM messages WHERE workspace_id = $1 ORDER BY seq', [
      src.workspaceId,
    ]);
    expect(texts).toEqual([
      { seq: 1, text: 'message 0' },
      { seq: 2, text: 'message 1' },
      { seq: 3, text: 'message 2' },
    ]);

    expect(outbox).toHaveLength(1);
    expect(eventsOf(outbox[0].payloads)).toEqual([
      'conversation.created',
      'message.created',
      'message.created',
      'message.created',
      'job route-conversations',
    ]);
    const job = outbox[0].payloads.at(-1);
    expect(job).toMatchObject({ data: { conversationIds: [stored[0].conversationId] } });
  });

  it('treats a repeated external id as a duplicate, whether stored before or earlier in the batch', async () => {
    const src = await source();
    const first = await record(items(src, [{ contact: 'bo', externalId: 'm-1' }]));
    expect(first.results[0].outcome).toBe('stored');

    const { results, outbox } = await record(
      items(src, [
        { contact: 'bo', externalId: 'm-1' },
        { contact: 'cy', externalId: 'm-2' },
        { contact: 'cy', externalId: 'm-2' },
      ]),
    );
    expect(results.map((r) => r.outcome)).toEqual(['duplicate', 'stored', 'duplicate']);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [
      src.workspaceId,
    ]);
    expect(n).toBe(2);
    expect(outbox).toHaveLength(1);
    expect(eventsOf(outbox[0].payloads)).toEqual([
      'conversation.created',
      'message.created',
      'job route-conversations',
    ]);

    const again = await record(items(src, [{ contact: 'cy', externalId: 'm-2' }]));
    expect(again.results.map((r) => r.outcome)).toEqual(['duplicate']);
    expect(again.outbox).toEqual([]);
  });

  it('continues the seqs of existing conversations, reopens a pending one once, and leaves open ones open', async () => {
    const src = await source();
    const opened = await record(items(src, [{ contact: 'dee' }, { contact: 'eve' }]));
    const [dee, eve] = opened.results.map((r) => (r.outcome === 'stored' ? r.conversationId : ''));
    await db.query("UPDATE conversations SET status = 'pending' WHERE id = $1", [dee]);
    await db.query("UPDATE conversations SET status = 'open' WHERE id = $1", [eve]);

    const { results, outbox } = await record(
      items(src, [{ contact: 'dee' }, { contact: 'dee' }, { contact: 'eve' }]),
    );
    expect(results).toEqual([
      expect.objectContaining({ conversationId: dee, seq: 2, reopened: true, conversationCreated: false }),
      expect.objectContaining({ conversationId: dee, seq: 3, reopened: false }),
      expect.objectContaining({ conversationId: eve, seq: 2, reopened: false }),
    ]);
    const rows = await db.query(
      'SELECT id, status, last_seq FROM conversations WHERE workspace_id = $1 ORDER BY last_seq DESC',
      [src.workspaceId],
    );
    expect(rows).toEqual([
      { id: dee, status: 'open', last_seq: 3 },
      { id: eve, status: 'open', last_seq: 2 },
    ]);
    expect(eventsOf(outbox[0].payloads)).toEqual([
      'conversation.status_changed',
      'message.created',
      'message.created',
      'message.created',
    ]);
  });

  it('opens a new conversation after a resolved one, and one per thread', async () => {
    const src = await source();
    const before = await record(items(src, [{ contact: 'fay' }]));
    const resolved = before.results[0].outcome === 'stored' ? before.results[0].conversationId : '';
    await db.query("UPDATE conversations SET status = 'resolved' WHERE id = $1", [resolved]);

    const { results } = await record(
      items(src, [
        { contact: 'fay' },
        { contact: 'fay', threadKey: 'order-42' },
        { contact: 'fay', threadKey: 'order-42' },
      ]),
    );
    const stored = results.filter((r) => r.outcome === 'stored');
    expect(stored.map((r) => [r.seq, r.conversationCreated])).toEqual([
      [1, true],
      [1, true],
      [2, false],
    ]);
    expect(new Set([resolved, ...stored.map((r) => r.conversationId)]).size).toBe(3);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1', [
      src.workspaceId,
    ]);
    expect(n).toBe(1);
  });

  it('applies the profile fields a batch reports to a known contact, the last one given winning', async () => {
    const src = await source();
    await record(items(src, [{ contact: { externalId: 'gus', name: 'Gus', phone: '+15550100' } }]));
    await record(
      items(src, [
        { contact: { externalId: 'gus', name: 'Gustav' } },
        { contact: { externalId: 'gus', email: 'gus@example.test' } },
        { contact: { externalId: 'gus', name: 'Gustavo', locale: 'pt-BR' } },
      ]),
    );
    const [contact] = await db.query(
      'SELECT name, email, phone, locale FROM contacts WHERE workspace_id = $1',
      [src.workspaceId],
    );
    expect(contact).toEqual({
      name: 'Gustavo',
      email: 'gus@example.test',
      phone: '+15550100',
      locale: 'pt-BR',
    });

    // A new contact seen twice in one batch is created with the merged profile.
    await record(
      items(src, [
        { contact: { externalId: 'hal', name: 'Hal' } },
        { contact: { externalId: 'hal', email: 'hal@example.test' } },
      ]),
    );
    const [hal] = await db.query(
      `SELECT c.name, c.email FROM contacts c JOIN contact_identities ci ON ci.contact_id = c.id
        WHERE ci.workspace_id = $1 AND ci.external_id = 'hal'`,
      [src.workspaceId],
    );
    expect(hal).toEqual({ name: 'Hal', email: 'hal@example.test' });
  });

  it('keeps the pre-chat answers of an opening message on the conversation and the contact', async () => {
    const src = await source();
    const prechat = [{ fieldId: 'topic', type: 'choice' as const, label: 'Topic', value: 'Billing' }];
    const { results } = await record(items(src, [{ contact: 'ida', prechat }, { contact: 'ida' }]));
    const conversationId = results[0].outcome === 'stored' ? results[0].conversationId : '';
    const [conversation] = await db.query('SELECT prechat FROM conversations WHERE id = $1', [
      conversationId,
    ]);
    expect(conversation.prechat).toEqual(prechat);
    const [contact] = await db.query('SELECT attributes FROM contacts WHERE workspace_id = $1', [
      src.workspaceId,
    ]);
    expect(contact.attributes).toEqual({ prechat });
  });

  it('writes one outbox row per workspace of a mixed batch, each with only its own events', async () => {
    const a = await source();
    const b = await source();
    const { results, outbox } = await record([
      ...items(a, [{ contact: 'jo' }]),
      ...items(b, [{ contact: 'jo' }, { contact: 'kim' }]).map((m, i) => ({ ...m, idx: 1 + i })),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['stored', 'stored', 'stored']);
    expect(outbox.map((o) => o.workspaceId).sort()).toEqual([a.workspaceId, b.workspaceId].sort());
    for (const row of outbox) {
      for (const p of row.payloads) {
        if (p.kind === 'event') expect(p.event.workspaceId).toBe(row.workspaceId);
        else expect(p.data).toMatchObject({ workspaceId: row.workspaceId });
      }
    }
    const jobB = outbox.find((o) => o.workspaceId === b.workspaceId)?.payloads.at(-1);
    expect(jobB?.kind === 'job' && (jobB.data.conversationIds as string[])).toHaveLength(2);
  });

  it('lets concurrent batches that share new contacts and external ids store each message once', async () => {
    const src = await source();
    const shared = Array.from({ length: 20 }, (_, i) => ({
      contact: `shared-${i % 5}`,
      externalId: `ext-${i}`,
    }));
    const batches = Array.from({ length: 4 }, () => items(src, shared));
    const outcomes = await Promise.allSettled(batches.map((b) => record(b)));
    // A batch that met a concurrent replay is refused as a whole, to be retried; retry those alone.
    for (const [i, o] of outcomes.entries()) {
      if (o.status === 'rejected') {
        expect(String((o.reason as { code?: string }).code)).toMatch(/^(40001|40P01)$/);
        await record(batches[i]);
      }
    }
    const rows = await db.query(
      `SELECT ci.external_id AS contact, m.seq FROM messages m
         JOIN conversations c ON c.id = m.conversation_id
         JOIN contact_identities ci ON ci.contact_id = c.contact_id
        WHERE m.workspace_id = $1 ORDER BY 1, 2`,
      [src.workspaceId],
    );
    expect(rows).toHaveLength(20);
    for (let k = 0; k < 5; k++)
      expect(
        rows
          .filter((r: { contact: string }) => r.contact === `shared-${k}`)
          .map((r: { seq: number }) => r.seq),
      ).toEqual([1, 2, 3, 4]);
    const [{ contacts, conversations }] = await db.query(
      `SELECT (SELECT count(*)::int FROM contacts WHERE workspace_id = $1) AS contacts,
              (SELECT count(*)::int FROM conversations WHERE workspace_id = $1) AS conversations`,
      [src.workspaceId],
    );
    expect({ contacts, conversations }).toEqual({ contacts: 5, conversations: 5 });
  });
});
