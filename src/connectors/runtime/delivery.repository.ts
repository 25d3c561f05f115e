import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboundTemplate } from '../sdk';

/** An outbound message claimed for one delivery attempt, with what `send` needs. */
export interface ClaimedDelivery {
  id: string;
  conversationId: string;
  integrationId: string;
  seq: number;
  text: string | null;
  attachments: unknown[];
  authorKind: 'agent' | 'bot' | 'system';
  authorName: string | null;
  threadKey: string;
  recipientExternalId: string | null;
  attempts: number;
  createdAt: Date;
  /** When the contact last wrote on this integration (for the connector's reply window); null when never. */
  lastInboundAt: Date | null;
  /** The approved template the message is sent as (GraphQL sendTemplate); null for free text. */
  template: OutboundTemplate | null;
}

export type ClaimRefusal = 'done' | 'earlier-pending' | 'claimed-elsewhere';

@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims a pending outbound message for one attempt (a lease, so a crashed worker's claim
   * expires), but only when no earlier outbound message of its conversation is still pending:
   * delivery keeps conversation order.
   */
  /** The conversation's earliest reply still waiting, if any: the next one to deliver. */
  async nextPending(workspaceId: string, conversationId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM messages WHERE workspace_id = $1 AND conversation_id = $2 AND direction = 'outbound'
          AND delivery_status = 'pending' ORDER BY seq LIMIT 1`,
      [workspaceId, conversationId],
    );
    return rows[0]?.id;
  }

  async claim(
    workspaceId: string,
    messageId: string,
    leaseMs: number,
  ): Promise<ClaimedDelivery | ClaimRefusal> {
    const rows: ClaimedDelivery[] = await this.db.query(
      `WITH claimed AS (
         UPDATE messages m SET delivery_claimed_until = now() + make_interval(secs => $3::float8 / 1000),
                               delivery_attempts = delivery_attempts + 1
          WHERE m.workspace_id = $1 AND m.id = $2 AND m.direction = 'outbound' AND m.delivery_status = 'pending'
            AND (m.delivery_claimed_until IS NULL OR m.delivery_claimed_until < now())
            AND NOT EXISTS (SELECT 1 FROM messages p WHERE p.workspace_id = m.workspace_id AND p.conversation_id = m.conversation_id
                              AND p.delivery_status = 'pending' AND p.seq < m.seq)
          RETURNING m.*
       )
       SELECT c.id, c.conversation_id AS "conversationId", c.integration_id AS "integrationId", c.seq, c.text, c.attachments,
              c.author_kind AS "authorKind", a.name AS "authorName", conv.thread_key AS "threadKey",
              (SELECT ci.external_id FROM contact_identities ci WHERE ci.workspace_id = c.workspace_id
                  AND ci.integration_id = c.integration_id AND ci.contact_id = conv.contact_id ORDER BY ci.created_at LIMIT 1)
                AS "recipientExternalId",
              c.delivery_attempts AS attempts, c.created_at AS "createdAt", c.template,
              (SELECT max(im.occurred_at) FROM conversations s
                 JOIN messages im ON im.workspace_id = s.workspace_id AND im.conversation_id = s.id AND im.direction = 'inbound'
                WHERE s.workspace_id = conv.workspace_id AND s.integration_id = conv.integration_id
                  AND s.contact_id = conv.contact_id AND s.thread_key = conv.thread_key) AS "lastInboundAt"
         FROM claimed c
         JOIN conversations conv ON conv.workspace_id = c.workspace_id AND conv.id = c.conversation_id
         LEFT JOIN agents a ON a.workspace_id = c.workspace_id AND a.id = c.author_agent_id`,
      [workspaceId, messageId, leaseMs],
    );
    if (rows[0]) return rows[0];
    const state: { delivery_status: string | null; claimed: boolean; earlier: boolean }[] =
      await this.db.query(
        `SELECT m.delivery_status, COALESCE(m.delivery_claimed_until > now(), false) AS claimed,
              EXISTS (SELECT 1 FROM messages p WHERE p.workspace_id = m.workspace_id AND p.conversation_id = m.conversation_id
                        AND p.delivery_status = 'pending' AND p.seq < m.seq) AS earlier
         FROM messages m WHERE m.workspace_id = $1 AND m.id = $2 AND m.direction = 'outbound'`,
        [workspaceId, messageId],
      );
    const s = state[0];
    if (!s || s.delivery_status !== 'pending') return 'done';
    if (s.claimed) return 'claimed-elsewhere';
    // Not claimed and nothing earlier pending: an earlier reply was sent between the two statements
    // (each sees its own snapshot). Try again shortly, as for an earlier pending reply; skipping
    // would leave this reply, and every later one, to the recovery sweep.
    return 'earlier-pending';
  }

  /**
   * Records a reply as sent, or straight as delivered or read when the platform's watermark for
   * its contact already covers it: a receipt can overtake this update (Meta reports delivery while
   * the worker is still between the provider's answer and this commit).
   */
  async markSent(
    tx: EntityManager,
    workspaceId: string,
    messageId: string,
    providerMessageId: string,
  ): Promise<void> {
    // The lock InboundMessageRepository.applyDeliveryStatus takes for an unknown provider id,
    // first: ingest takes it before the contact's (a receipt's mids come before its watermark).
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('receipt:' || m.integration_id::text || ':' || $3, 0))
         FROM messages m WHERE m.workspace_id = $1 AND m.id = $2`,
      [workspaceId, messageId, providerMessageId],
    );
    // The lock InboundMessageRepository.applyDeliveryWatermark takes for this contact.
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(ci.integration_id::text || ':' || ci.external_id, 0))
         FROM messages m
         JOIN conversations c ON c.workspace_id = m.workspace_id AND c.id = m.conversation_id
         JOIN contact_identities ci ON ci.workspace_id = c.workspace_id AND ci.integration_id = c.integration_id
                                   AND ci.contact_id = c.contact_id
        WHERE m.workspace_id = $1 AND m.id = $2`,
      [workspaceId, messageId],
    );
    await tx.query(
      `UPDATE messages m SET provider_message_id = $3, failure_reason = NULL, delivery_claimed_until = NULL,
              delivery_status = COALESCE((
                SELECT CASE WHEN max(w.read_until) >= m.occurred_at THEN 'read'
                            WHEN max(w.delivered_until) >= m.occurred_at THEN 'delivered' END
                  FROM conversations c
                  JOIN contact_identities ci ON ci.workspace_id = c.workspace_id AND ci.integration_id = c.integration_id
                                            AND ci.contact_id = c.contact_id
                  JOIN delivery_watermarks w ON w.workspace_id = c.workspace_id AND w.integration_id = c.integration_id
                                            AND w.contact_external_id = ci.external_id AND w.thread_key IN ('', c.thread_key)
                 WHERE c.workspace_id = m.workspace_id AND c.id = m.conversation_id), 'sent')
        WHERE m.workspace_id = $1 AND m.id = $2`,
      [workspaceId, messageId, providerMessageId],
    );
    await this.applyEarlyReceipt(tx, workspaceId, messageId, providerMessageId);
  }

  /**
   * A status the provider reported for this provider id before it was recorded here (kept by
   * InboundMessageRepository.applyDeliveryStatus in early_receipts), applied now and forgotten.
   * markSent holds the same lock as that method: whichever of the two runs second sees the other's
   * commit. Never moves the message backwards.
   */
  private async applyEarlyReceipt(
    tx: EntityManager,
    workspaceId: string,
    messageId: string,
    providerMessageId: string,
  ): Promise<void> {
    await tx.query(
      `WITH r AS (
         DELETE FROM early_receipts e USING messages m
          WHERE m.workspace_id = $1 AND m.id = $2
            AND e.workspace_id = m.workspace_id AND e.integration_id = m.integration_id AND e.provider_message_id = $3
          RETURNING e.status, e.reason)
       UPDATE messages m SET delivery_status = r.status,
              failure_reason = CASE WHEN r.status = 'failed' THEN r.reason ELSE m.failure_reason END
         FROM r
        WHERE m.workspace_id = $1 AND m.id = $2
          AND array_position(ARRAY['pending','sent','delivered','read'], m.delivery_status)
              < COALESCE(array_position(ARRAY['pending','sent','delivered','read'], r.status), 3)`,
      [workspaceId, messageId, providerMessageId],
    );
  }

  async markFailed(tx: EntityManager, workspaceId: string, messageId: string, reason: string): Promise<void> {
    await tx.query(
      `UPDATE messages SET delivery_status = 'failed', failure_reason = $3, delivery_claimed_until = NULL
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, messageId, reason],
    );
  }

  /**
   * Releases the claim after a retryable failure, keeping the reason agents can read meanwhile and
   * when the next attempt is due (the recovery sweeper leaves the message alone until then).
   */
  async release(workspaceId: string, messageId: string, reason: string, retryInMs: number): Promise<void> {
    await this.db.query(
      `UPDATE messages SET delivery_claimed_until = NULL, failure_reason = $3,
              delivery_not_before = now() + make_interval(secs => $4::float8 / 1000)
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, messageId, reason, retryInMs],
    );
  }

  /**
   * Gives a claim back without spending the attempt: the reply was held (its session is not ready
   * here) rather than tried.
   */
  async unclaim(workspaceId: string, messageId: string): Promise<void> {
    await this.db.query(
      `UPDATE messages SET delivery_claimed_until = NULL, delivery_attempts = GREATEST(delivery_attempts - 1, 0)
        WHERE workspace_id = $1 AND id = $2 AND delivery_status = 'pending'`,
      [workspaceId, messageId],
    );
  }

  /** An integration's replies still waiting, each conversation's in seq order. */
  async pendingForIntegration(
    workspaceId: string,
    integrationId: string,
    limit: number,
  ): Promise<{ messageId: string; conversationId: string }[]> {
    return this.db.query(
      `SELECT id AS "messageId", conversation_id AS "conversationId" FROM messages
        WHERE workspace_id = $1 AND integration_id = $2 AND direction = 'outbound' AND delivery_status = 'pending'
        ORDER BY conversation_id, seq LIMIT $3`,
      [workspaceId, integrationId, limit],
    );
  }

  /**
   * Pending replies nobody is working on: unclaimed, older than `ageMs`, and not waiting for a
   * retry due within `ageMs`. Their job was lost (Redis restarted without persistence, or its
   * retries ran out during a long outage).
   */
  async findStalled(
    ageMs: number,
    limit: number,
  ): Promise<{ workspaceId: string; messageId: string; attempts: number }[]> {
    return this.db.query(
      `SELECT workspace_id AS "workspaceId", id AS "messageId", delivery_attempts AS attempts FROM messages
        WHERE delivery_status = 'pending' AND direction = 'outbound'
          AND created_at < now() - make_interval(secs => $1::float8 / 1000)
          AND (delivery_claimed_until IS NULL OR delivery_claimed_until < now())
          AND (delivery_not_before IS NULL OR delivery_not_before < now() - make_interval(secs => $1::float8 / 1000))
        ORDER BY created_at LIMIT $2`,
      [ageMs, limit],
    );
  }
}
