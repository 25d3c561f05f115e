import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactRef } from '../../connectors/sdk';
import type { ConversationStatus } from './conversation.entity';
import type { DeliveryStatus, StoredAttachment } from './message.entity';

export interface ActiveConversation {
  id: string;
  status: ConversationStatus;
  created: boolean;
}

export interface NewInboundMessage {
  workspaceId: string;
  integrationId: string;
  conversationId: string;
  externalId: string;
  text: string | null;
  attachments: StoredAttachment[];
  occurredAt: Date;
}

/**
 * The SQL of the ingest transaction. Every method runs inside the caller's transaction and is
 * safe under concurrency: unique keys, not check-then-insert, decide who wins (rule 2).
 */
@Injectable()
export class InboundMessageRepository {
  async isDuplicate(
    tx: EntityManager,
    workspaceId: string,
    integrationId: string,
    externalId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      'SELECT 1 FROM messages WHERE workspace_id = $1 AND integration_id = $2 AND external_id = $3',
      [workspaceId, integrationId, externalId],
    );
    return rows.length > 0;
  }

  /** Finds the contact behind an identity, creating both when new; fills in profile fields it learns. */
  async upsertContact(
    tx: EntityManager,
    workspaceId: string,
    integrationId: string,
    ref: ContactRef,
  ): Promise<string> {
    const found: { contact_id: string }[] = await tx.query(
      'SELECT contact_id FROM contact_identities WHERE workspace_id = $1 AND integration_id = $2 AND external_id = $3',
      [workspaceId, integrationId, ref.externalId],
    );
    if (found.length > 0) {
      if (ref.name || ref.email || ref.phone || ref.avatarUrl || ref.locale)
        await this.updateProfile(tx, workspaceId, found[0].contact_id, ref);
      return found[0].contact_id;
    }
    const [contact]: { id: string }[] = await tx.query(
      `INSERT INTO contacts (workspace_id, name, email, phone, avatar_url, locale) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        workspaceId,
        ref.name ?? null,
        ref.email ?? null,
        ref.phone ?? null,
        ref.avatarUrl ?? null,
        ref.locale ?? null,
      ],
    );
    const claimed: { contact_id: string }[] = await tx.query(
      `INSERT INTO contact_identities (workspace_id, integration_id, external_id, contact_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING contact_id`,
      [workspaceId, integrationId, ref.externalId, contact.id],
    );
    if (claimed.length > 0) return contact.id;
    // A concurrent transaction created this identity first: use its contact, drop ours.
    await tx.query('DELETE FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, contact.id]);
    return this.upsertContact(tx, workspaceId, integrationId, ref);
  }

  async updateProfile(
    tx: EntityManager,
    workspaceId: string,
    contactId: string,
    ref: ContactRef,
  ): Promise<void> {
    await tx.query(
      `UPDATE contacts SET name = COALESCE($3, name), email = COALESCE($4, email), phone = COALESCE($5, phone),
              avatar_url = COALESCE($6, avatar_url), locale = COALESCE($7, locale), updated_at = now()
        WHERE workspace_id = $1 AND id = $2
          AND (name, email, phone, avatar_url, locale) IS DISTINCT FROM
              (COALESCE($3, name), COALESCE($4, email), COALESCE($5, phone), COALESCE($6, avatar_url), COALESCE($7, locale))`,
      [
        workspaceId,
        contactId,
        ref.name ?? null,
        ref.email ?? null,
        ref.phone ?? null,
        ref.avatarUrl ?? null,
        ref.locale ?? null,
      ],
    );
  }

  async contactIdFor(
    tx: EntityManager,
    workspaceId: string,
    integrationId: string,
    externalId: string,
  ): Promise<string | undefined> {
    const rows: { contact_id: string }[] = await tx.query(
      'SELECT contact_id FROM contact_identities WHERE workspace_id = $1 AND integration_id = $2 AND external_id = $3',
      [workspaceId, integrationId, externalId],
    );
    return rows[0]?.contact_id;
  }

  /** The contact's unresolved conversation on this thread, or a new queued one. */
  async findOrOpenConversation(
    tx: EntityManager,
    workspaceId: string,
    integrationId: string,
    contactId: string,
    threadKey: string,
  ): Promise<ActiveConversation> {
    const select = async (): Promise<ActiveConversation | undefined> => {
      const rows: { id: string; status: ConversationStatus }[] = await tx.query(
        `SELECT id, status FROM conversations
          WHERE workspace_id = $1 AND integration_id = $2 AND contact_id = $3 AND thread_key = $4 AND status <> 'resolved'`,
        [workspaceId, integrationId, contactId, threadKey],
      );
      return rows[0] && { ...rows[0], created: false };
    };
    const existing = await select();
    if (existing) return existing;
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO conversations (workspace_id, integration_id, contact_id, thread_key, status)
       VALUES ($1, $2, $3, $4, 'queued')
       ON CONFLICT (workspace_id, integration_id, contact_id, thread_key) WHERE status <> 'resolved' DO NOTHING
       RETURNING id`,
      [workspaceId, integrationId, contactId, threadKey],
    );
    if (inserted.length > 0) return { id: inserted[0].id, status: 'queued', created: true };
    const raced = await select();
    if (!raced) throw new Error('conversation vanished while opening it');
    return raced;
  }

  /**
   * Inserts the message with the conversation's next seq. The conversation row lock (FOR UPDATE)
   * serialises writers of one conversation, so seqs have no gaps; the dedupe index makes a
   * concurrent replay insert nothing, in which case this returns undefined and seq is untouched.
   */
  async insertInbound(
    tx: EntityManager,
    m: NewInboundMessage,
  ): Promise<{ id: string; seq: number } | undefined> {
    const rows: { id: string; seq: number }[] = await tx.query(
      `WITH conv AS (
         SELECT last_seq FROM conversations WHERE workspace_id = $1 AND id = $2 FOR UPDATE
       ), ins AS (
         INSERT INTO messages (workspace_id, conversation_id, integration_id, seq, direction, author_kind, text,
                               attachments, external_id, occurred_at)
         SELECT $1, $2, $3, conv.last_seq + 1, 'inbound', 'contact', $4, $5::jsonb, $6, $7 FROM conv
         ON CONFLICT (workspace_id, integration_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
         RETURNING id, seq
       ), bump AS (
         UPDATE conversations c SET last_seq = ins.seq, last_message_at = $7, updated_at = now()
           FROM ins WHERE c.workspace_id = $1 AND c.id = $2
       )
       SELECT id, seq FROM ins`,
      [
        m.workspaceId,
        m.conversationId,
        m.integrationId,
        m.text,
        JSON.stringify(m.attachments),
        m.externalId,
        m.occurredAt,
      ],
    );
    return rows[0];
  }

  /** Moves a conversation waiting on the customer back to open when the customer writes. */
  async reopenIfPending(tx: EntityManager, workspaceId: string, conversationId: string): Promise<boolean> {
    // Wrapped in a CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
    const rows: unknown[] = await tx.query(
      `WITH u AS (UPDATE conversations SET status = 'open', updated_at = now()
                   WHERE workspace_id = $1 AND id = $2 AND status = 'pending' RETURNING id)
       SELECT id FROM u`,
      [workspaceId, conversationId],
    );
    return rows.length > 0;
  }

  /**
   * Applies a provider's delivery receipt to an outbound message. Statuses only move forward
   * (sent → delivered → read; failed only before delivery), since receipts arrive out of order.
   */
  async applyDeliveryStatus(
    tx: EntityManager,
    workspaceId: string,
    integrationId: string,
    providerMessageId: string,
    status: DeliveryStatus,
    reason: string | null,
  ): Promise<{ id: string; conversation_id: string; seq: number } | undefined> {
    const rows: { id: string; conversation_id: string; seq: number }[] = await tx.query(
      `WITH u AS (
         UPDATE messages SET delivery_status = $4, failure_reason = CASE WHEN $4 = 'failed' THEN $5 ELSE failure_reason END
          WHERE workspace_id = $1 AND integration_id = $2 AND provider_message_id = $3 AND direction = 'outbound'
            AND array_position(ARRAY['pending','sent','delivered','read'], delivery_status)
                < COALESCE(array_position(ARRAY['pending','sent','delivered','read'], $4::text), 3)
          RETURNING id, conversation_id, seq)
       SELECT id, conversation_id, seq FROM u`,
      [workspaceId, integrationId, providerMessageId, status, reason],
    );
    return rows[0];
  }
}
