import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StoredAttachment } from '../core/conversations/message.entity';

export interface VisitorConversation {
  id: string;
  status: 'queued' | 'open' | 'pending' | 'resolved';
  lastSeq: number;
  assigneeId: string | null;
}

export interface WidgetMessageRow {
  id: string;
  conversationId: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  authorKind: 'contact' | 'agent' | 'bot' | 'system';
  authorName: string | null;
  authorAvatarUrl: string | null;
  text: string | null;
  attachments: StoredAttachment[];
  createdAt: Date;
  externalId: string | null;
  deliveryStatus: 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | null;
}

export interface AgentProfile {
  name: string;
  avatarUrl: string | null;
}

const CONVERSATION = `c.id, c.status, c.last_seq AS "lastSeq", c.assignee_id AS "assigneeId"`;
const MESSAGE = `m.id, m.conversation_id AS "conversationId", m.seq, m.direction, m.author_kind AS "authorKind",
  a.name AS "authorName", a.avatar_url AS "authorAvatarUrl", m.text, m.attachments, m.occurred_at AS "createdAt",
  m.external_id AS "externalId", m.delivery_status AS "deliveryStatus"`;
/**
 * What a visitor may see: their own messages, and replies once the delivery worker sent them;
 * never an agent's private note (notes are never sent, and the second condition says so outright).
 */
const VISIBLE = `(m.direction = 'inbound' OR m.delivery_status IN ('sent', 'delivered', 'read')) AND NOT m.private`;

/** The visitor's side of conversations: one contact identity on one widget integration. */
@Injectable()
export class WidgetConversationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The visitor's open conversation, else their latest one. */
  async findCurrent(
    workspaceId: string,
    integrationId: string,
    externalId: string,
  ): Promise<VisitorConversation | undefined> {
    const rows: VisitorConversation[] = await this.db.query(
      `SELECT ${CONVERSATION} FROM contact_identities i
         JOIN conversations c ON c.workspace_id = i.workspace_id AND c.integration_id = i.integration_id AND c.contact_id = i.contact_id
        WHERE i.workspace_id = $1 AND i.integration_id = $2 AND i.external_id = $3
        ORDER BY (c.status <> 'resolved') DESC, c.created_at DESC LIMIT 1`,
      [workspaceId, integrationId, externalId],
    );
    return rows[0];
  }

  /** Whether the conversation belongs to the visitor (tenancy of the widget's reads). */
  async findOwned(
    workspaceId: string,
    integrationId: string,
    externalId: string,
    conversationId: string,
  ): Promise<VisitorConversation | undefined> {
    const rows: VisitorConversation[] = await this.db.query(
      `SELECT ${CONVERSATION} FROM contact_identities i
         JOIN conversations c ON c.workspace_id = i.workspace_id AND c.integration_id = i.integration_id AND c.contact_id = i.contact_id
        WHERE i.workspace_id = $1 AND i.integration_id = $2 AND i.external_id = $3 AND c.id = $4`,
      [workspaceId, integrationId, externalId, conversationId],
    );
    return rows[0];
  }

  async findConversation(
    workspaceId: string,
    conversationId: string,
  ): Promise<VisitorConversation | undefined> {
    const rows: VisitorConversation[] = await this.db.query(
      `SELECT ${CONVERSATION} FROM conversations c WHERE c.workspace_id = $1 AND c.id = $2`,
      [workspaceId, conversationId],
    );
    return rows[0];
  }

  async messagesAfter(
    workspaceId: string,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<WidgetMessageRow[]> {
    return this.db.query(
      `SELECT ${MESSAGE} FROM messages m
         LEFT JOIN agents a ON a.workspace_id = m.workspace_id AND a.id = m.author_agent_id
        WHERE m.workspace_id = $1 AND m.conversation_id = $2 AND m.seq > $3 AND ${VISIBLE}
        ORDER BY m.seq LIMIT $4`,
      [workspaceId, conversationId, afterSeq, limit],
    );
  }

  async messageById(workspaceId: string, messageId: string): Promise<WidgetMessageRow | undefined> {
    const rows: WidgetMessageRow[] = await this.db.query(
      `SELECT ${MESSAGE} FROM messages m
         LEFT JOIN agents a ON a.workspace_id = m.workspace_id AND a.id = m.author_agent_id
        WHERE m.workspace_id = $1 AND m.id = $2 AND ${VISIBLE}`,
      [workspaceId, messageId],
    );
    return rows[0];
  }

  async messageByExternalId(
    workspaceId: string,
    integrationId: string,
    externalId: string,
  ): Promise<WidgetMessageRow | undefined> {
    const rows: WidgetMessageRow[] = await this.db.query(
      `SELECT ${MESSAGE} FROM messages m
         LEFT JOIN agents a ON a.workspace_id = m.workspace_id AND a.id = m.author_agent_id
        WHERE m.workspace_id = $1 AND m.integration_id = $2 AND m.external_id = $3 AND NOT m.private`,
      [workspaceId, integrationId, externalId],
    );
    return rows[0];
  }

  /** Replies the visitor has not read yet. */
  async unreadCount(workspaceId: string, conversationId: string): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM messages m
        WHERE m.workspace_id = $1 AND m.conversation_id = $2 AND m.direction = 'outbound'
          AND m.delivery_status IN ('sent', 'delivered') AND NOT m.private`,
      [workspaceId, conversationId],
    );
    return rows[0].n;
  }

  /** Provider ids of replies up to `uptoSeq` still below `status`: the receipts to record. */
  async receiptCandidates(
    workspaceId: string,
    conversationId: string,
    uptoSeq: number,
    status: 'delivered' | 'read',
  ): Promise<string[]> {
    const below = status === 'read' ? `('sent', 'delivered')` : `('sent')`;
    const rows: { id: string }[] = await this.db.query(
      `SELECT m.provider_message_id AS id FROM messages m
        WHERE m.workspace_id = $1 AND m.conversation_id = $2 AND m.direction = 'outbound' AND m.seq <= $3
          AND m.delivery_status IN ${below} AND m.provider_message_id IS NOT NULL AND NOT m.private
        ORDER BY m.seq LIMIT 500`,
      [workspaceId, conversationId, uptoSeq],
    );
    return rows.map((r) => r.id);
  }

  async agentProfile(workspaceId: string, agentId: string): Promise<AgentProfile | undefined> {
    const rows: AgentProfile[] = await this.db.query(
      `SELECT name, avatar_url AS "avatarUrl" FROM agents WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, agentId],
    );
    return rows[0];
  }

  /** Whether an agent is taking chats now: the widget says so before the visitor writes. */
  async anyAgentAccepting(workspaceId: string): Promise<boolean> {
    const rows: { ok: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM agents WHERE workspace_id = $1 AND status = 'accepting' AND capacity > 0) AS ok`,
      [workspaceId],
    );
    return rows[0].ok;
  }
}
