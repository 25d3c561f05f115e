import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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
              c.delivery_attempts AS attempts, c.created_at AS "createdAt"
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

  async markSent(
    tx: EntityManager,
    workspaceId: string,
    messageId: string,
    providerMessageId: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE messages SET delivery_status = 'sent', provider_message_id = $3, failure_reason = NULL, delivery_claimed_until = NULL
        WHERE workspace_id = $1 AND id = $2`,
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
