import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactRef, PrechatAnswer } from '../../connectors/sdk';
import type { OutboxRecord } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import type { DeliveryStatus, StoredAttachment } from './message.entity';

/** One inbound message for `recordMessages`; `idx` ties the result back to the caller's item. */
export interface InboundMessageItem {
  idx: number;
  workspaceId: string;
  integrationId: string;
  externalId: string;
  contact: ContactRef;
  threadKey: string;
  text: string | null;
  attachments: StoredAttachment[];
  occurredAt: Date;
  prechat?: PrechatAnswer[];
}

export type InboundMessageResult =
  | { idx: number; outcome: 'duplicate' }
  | {
      idx: number;
      outcome: 'stored';
      messageId: string;
      seq: number;
      conversationId: string;
      conversationCreated: boolean;
      reopened: boolean;
    };

/**
 * The SQL of ingest. Each method runs on the manager it is given (a transaction, or the data
 * source for a statement that commits on its own) and is safe under concurrency: unique keys,
 * not check-then-insert, decide who wins (rule 2).
 */
@Injectable()
export class InboundMessageRepository {
  /**
   * Stores messages and the outbox rows of their side effects in one statement
   * (sb_record_inbound_messages, migrations/1764392400000): dedupe, contact and identity upsert,
   * find-or-open conversation, next seq under the conversation's row lock. Items are stored in the
   * given order. Outside a transaction (`db` is the data source's manager) it commits on its own.
   */
  async recordMessages(
    db: EntityManager,
    items: InboundMessageItem[],
  ): Promise<{ results: InboundMessageResult[]; outbox: OutboxRecord[] }> {
    if (items.length === 0) return { results: [], outbox: [] };
    const rows: {
      o_idx: number;
      o_outcome: 'stored' | 'duplicate' | 'outbox';
      o_message_id: string;
      o_seq: number;
      o_conversation_id: string;
      o_created: boolean;
      o_reopened: boolean;
      o_outbox_id: string;
      o_workspace_id: string;
      o_payload: OutboxPayload[];
    }[] = await db.query('SELECT * FROM sb_record_inbound_messages($1::jsonb)', [
      JSON.stringify(
        items.map((m) => ({
          idx: m.idx,
          ws: m.workspaceId,
          integration: m.integrationId,
          externalId: m.externalId,
          contact: m.contact,
          thread: m.threadKey,
          text: m.text,
          attachments: m.attachments,
          occurredAt: m.occurredAt.toISOString(),
          prechat: m.prechat,
        })),
      ),
    ]);
    const results: InboundMessageResult[] = [];
    const outbox: OutboxRecord[] = [];
    for (const r of rows) {
      if (r.o_outcome === 'outbox')
        outbox.push({ id: String(r.o_outbox_id), workspaceId: r.o_workspace_id, payloads: r.o_payload });
      else if (r.o_outcome === 'duplicate') results.push({ idx: r.o_idx, outcome: 'duplicate' });
      else
        results.push({
          idx: r.o_idx,
          outcome: 'stored',
          messageId: r.o_message_id,
          seq: r.o_seq,
          conversationId: r.o_conversation_id,
          conversationCreated: r.o_created,
          reopened: r.o_reopened,
        });
    }
    return { results, outbox };
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
