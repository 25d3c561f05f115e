import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactRef, PrechatAnswer } from '../../connectors/sdk';
import type { OutboxRecord } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import type { DeliveryStatus, StoredAttachment } from './message.entity';

/**
 * From this many messages on, a batch is stored by the set-based statement. Measured alone (one
 * client, new contacts, PostgreSQL time per message): the loop is 15 % cheaper for 5 messages, the
 * set-based statement 14 % cheaper for 10 and 25-35 % for 21 and more. 32, not 10: in bench/ingest
 * (api + worker) runs with the set-based statement from 8-48 messages had p99 100-151 ms at half
 * load against 54-98 ms with the loop alone, though at one fixed rate the two were within this
 * machine's noise; the big batches of a saturated hub, where it pays most, take it either way.
 */
export const SET_BASED_FROM = 32;

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
   * Stores messages and the outbox rows of their side effects in one statement: dedupe, contact
   * and identity upsert, find-or-open conversation, next seq under the conversation's row lock.
   * Items are stored in the given order. Outside a transaction (`db` is the data source's manager)
   * it commits on its own. Two statements do the same thing: a loop over the items
   * (sb_record_inbound_messages, migrations/1764403200000), cheaper for a few, and a set-based
   * one (sb_record_inbound_batch, migrations/1764439200000), cheaper from SET_BASED_FROM items on;
   * `via` forces one (tests run every case through both).
   */
  async recordMessages(
    db: EntityManager,
    items: InboundMessageItem[],
    via: 'loop' | 'set' = items.length >= SET_BASED_FROM ? 'set' : 'loop',
  ): Promise<{ results: InboundMessageResult[]; outbox: OutboxRecord[] }> {
    if (items.length === 0) return { results: [], outbox: [] };
    const fn = via === 'set' ? 'sb_record_inbound_batch' : 'sb_record_inbound_messages';
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
    }[] = await db.query(`SELECT * FROM ${fn}($1::jsonb)`, [
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
   * Applies a watermark receipt (Messenger's delivery and read watermarks): every outbound message
   * already sent to the contact on this integration (of `threadKey` when given, across the
   * contact's conversations otherwise) and created at or before the watermark moves forward to
   * `status`. Same ordering rule as `applyDeliveryStatus`: never backwards, and pending (not yet
   * sent), failed and private messages are left alone, so watermarks may arrive in any order.
   */
  async applyDeliveryWatermark(
    tx: EntityManager,
    workspaceId: string,
    integrationId: string,
    mark: {
      contactExternalId: string;
      threadKey: string | undefined;
      status: 'delivered' | 'read';
      watermark: Date;
    },
  ): Promise<{ id: string; conversation_id: string; seq: number }[]> {
    // Kept for replies not yet recorded as sent: DeliveryRepository.markSent applies it to them.
    // Both take this lock, so a receipt racing with markSent is applied by whichever runs second.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))`, [
      integrationId,
      mark.contactExternalId,
    ]);
    await tx.query(
      `INSERT INTO delivery_watermarks AS w (workspace_id, integration_id, contact_external_id, thread_key, delivered_until, read_until)
       VALUES ($1, $2, $3, COALESCE($4, ''), CASE WHEN $5 = 'delivered' THEN $6::timestamptz END,
               CASE WHEN $5 = 'read' THEN $6::timestamptz END)
       ON CONFLICT (workspace_id, integration_id, contact_external_id, thread_key) DO UPDATE
         SET delivered_until = GREATEST(w.delivered_until, EXCLUDED.delivered_until),
             read_until = GREATEST(w.read_until, EXCLUDED.read_until), updated_at = now()`,
      [
        workspaceId,
        integrationId,
        mark.contactExternalId,
        mark.threadKey ?? null,
        mark.status,
        mark.watermark.toISOString(),
      ],
    );
    return tx.query(
      `WITH u AS (
         UPDATE messages m SET delivery_status = $5
           FROM conversations c
          WHERE c.workspace_id = $1 AND c.integration_id = $2
            AND c.contact_id = (SELECT ci.contact_id FROM contact_identities ci
                                 WHERE ci.workspace_id = $1 AND ci.integration_id = $2 AND ci.external_id = $3)
            AND ($4::text IS NULL OR c.thread_key = $4)
            AND m.workspace_id = c.workspace_id AND m.conversation_id = c.id
            AND m.direction = 'outbound' AND m.delivery_status IN ('sent', 'delivered')
            AND array_position(ARRAY['sent','delivered','read'], m.delivery_status)
                < array_position(ARRAY['sent','delivered','read'], $5::text)
            AND m.occurred_at <= $6
          RETURNING m.id, m.conversation_id, m.seq)
       SELECT id, conversation_id, seq FROM u ORDER BY conversation_id, seq`,
      [
        workspaceId,
        integrationId,
        mark.contactExternalId,
        mark.threadKey ?? null,
        mark.status,
        mark.watermark.toISOString(),
      ],
    );
  }

  /**
   * Applies a provider's delivery receipt to an outbound message. Statuses only move forward
   * (sent → delivered → read; failed only before delivery), since receipts arrive out of order.
   *
   * A receipt for a provider id no message has yet is kept in early_receipts: it can overtake the
   * delivery worker's commit of that id (WhatsApp reports `sent` at once), and
   * DeliveryRepository.markSent applies it. Both take the same lock on (integration, provider id),
   * so whichever runs second sees the other's commit. Runs inside the caller's transaction.
   */
  async applyDeliveryStatus(
    tx: EntityManager,
    workspaceId: string,
    integrationId: string,
    providerMessageId: string,
    status: DeliveryStatus,
    reason: string | null,
  ): Promise<{ id: string; conversation_id: string; seq: number } | undefined> {
    const applied = await this.updateDeliveryStatus(
      tx,
      workspaceId,
      integrationId,
      providerMessageId,
      status,
      reason,
    );
    if (applied) return applied;
    // The rare path (unknown id, or no change): only here is the lock taken.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('receipt:' || $1 || ':' || $2, 0))`, [
      integrationId,
      providerMessageId,
    ]);
    const late = await this.updateDeliveryStatus(
      tx,
      workspaceId,
      integrationId,
      providerMessageId,
      status,
      reason,
    );
    if (late) return late;
    await tx.query(
      `INSERT INTO early_receipts AS r (workspace_id, integration_id, provider_message_id, status, reason)
       SELECT $1, $2, $3, $4, CASE WHEN $4 = 'failed' THEN $5 END
        WHERE $4 IN ('sent', 'delivered', 'read', 'failed')
          AND NOT EXISTS (SELECT 1 FROM messages WHERE workspace_id = $1 AND integration_id = $2 AND provider_message_id = $3)
       ON CONFLICT (workspace_id, integration_id, provider_message_id) DO UPDATE
         SET status = EXCLUDED.status, reason = EXCLUDED.reason
       WHERE array_position(ARRAY['sent','failed','delivered','read'], EXCLUDED.status)
             > array_position(ARRAY['sent','failed','delivered','read'], r.status)`,
      [workspaceId, integrationId, providerMessageId, status, reason],
    );
    // Receipts of messages the hub never sent (another app on the number) are not kept forever.
    await tx.query(
      `DELETE FROM early_receipts WHERE workspace_id = $1 AND integration_id = $2 AND created_at < now() - interval '1 day'`,
      [workspaceId, integrationId],
    );
    return undefined;
  }

  private async updateDeliveryStatus(
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
