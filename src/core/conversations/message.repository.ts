import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthorKind, DeliveryStatus, MessageDirection, StoredAttachment } from './message.entity';
import type { OutboundTemplate } from '../../connectors/sdk';

export interface MessageRecord {
  id: string;
  workspaceId: string;
  conversationId: string;
  integrationId: string;
  seq: number;
  direction: MessageDirection;
  authorKind: AuthorKind;
  authorAgentId: string | null;
  text: string | null;
  attachments: StoredAttachment[];
  /** A note for agents: never delivered, never shown to the contact. */
  private: boolean;
  clientMessageId: string | null;
  deliveryStatus: DeliveryStatus | null;
  failureReason: string | null;
  occurredAt: Date;
  createdAt: Date;
}

export interface NewOutboundMessage {
  workspaceId: string;
  conversationId: string;
  integrationId: string;
  seq: number;
  authorAgentId: string;
  /** Null for notes the hub writes itself (a transfer's), which no client retries. */
  clientMessageId: string | null;
  text: string;
  attachments: StoredAttachment[];
  /** A note: stored without a delivery status, so no delivery path ever picks it up. */
  private: boolean;
  occurredAt: Date;
}

const COLUMNS = `id, workspace_id AS "workspaceId", conversation_id AS "conversationId", integration_id AS "integrationId", seq,
  direction, author_kind AS "authorKind", author_agent_id AS "authorAgentId", text, attachments, private,
  client_message_id AS "clientMessageId", delivery_status AS "deliveryStatus", failure_reason AS "failureReason",
  occurred_at AS "occurredAt", created_at AS "createdAt"`;

@Injectable()
export class MessageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Messages after `afterSeq`, in seq order (rule 3): how clients page and resume. */
  async listAfterSeq(
    workspaceId: string,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<MessageRecord[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM messages WHERE workspace_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
      [workspaceId, conversationId, afterSeq, limit],
    );
  }

  async findByClientMessageId(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
    clientMessageId: string,
  ): Promise<MessageRecord | undefined> {
    const rows: MessageRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM messages WHERE workspace_id = $1 AND conversation_id = $2 AND client_message_id = $3`,
      [workspaceId, conversationId, clientMessageId],
    );
    return rows[0];
  }

  /**
   * Inserts an agent's message: a reply awaiting delivery, or a note (no delivery status). The
   * messages_client_dedupe index makes a retried send insert nothing (undefined), even if two
   * retries raced past the caller's lookup.
   */
  /** The approved template an outbound message is sent as; the delivery worker reads it (migration 1764428400000). */
  async setTemplate(
    tx: EntityManager,
    workspaceId: string,
    messageId: string,
    template: OutboundTemplate,
  ): Promise<void> {
    await tx.query('UPDATE messages SET template = $3::jsonb WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      messageId,
      JSON.stringify(template),
    ]);
  }

  async insertOutbound(tx: EntityManager, m: NewOutboundMessage): Promise<MessageRecord | undefined> {
    const rows: MessageRecord[] = await tx.query(
      `INSERT INTO messages (workspace_id, conversation_id, integration_id, seq, direction, author_kind, author_agent_id,
                             text, attachments, client_message_id, private, delivery_status, occurred_at)
       VALUES ($1, $2, $3, $4, 'outbound', 'agent', $5, $6, $7::jsonb, $8, $10, CASE WHEN $10 THEN NULL ELSE 'pending' END, $9)
       ON CONFLICT (workspace_id, conversation_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        m.workspaceId,
        m.conversationId,
        m.integrationId,
        m.seq,
        m.authorAgentId,
        m.text,
        JSON.stringify(m.attachments),
        m.clientMessageId,
        m.occurredAt,
        m.private,
      ],
    );
    return rows[0];
  }
}
