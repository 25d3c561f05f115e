import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AGENT_JSON, AgentRecord, reviveAgent } from '../agents/agent.repository';
import { CONTACT_JSON, ContactRecord, reviveContact } from '../contacts/contact.repository';
import type { PrechatAnswer } from '../../connectors/sdk';
import type { ConversationStatus } from './conversation.entity';

/** The conversation row itself. */
export interface ConversationRow {
  id: string;
  workspaceId: string;
  integrationId: string;
  contactId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  teamId: string | null;
  lastSeq: number;
  lastMessageAt: Date | null;
  assignedAt: Date | null;
  resolvedAt: Date | null;
  createdAt: Date;
  /** Answers of the pre-chat survey that opened the conversation. */
  prechat: PrechatAnswer[] | null;
}

/** A conversation as lists and detail views show it: with its contact and assignee embedded. */
export interface ConversationRecord extends ConversationRow {
  contact: ContactRecord;
  assignee: AgentRecord | null;
  /** last_message_at at full microsecond precision (a JS Date keeps only milliseconds), for cursors. */
  sortKey: string | null;
}

/** Where a page starts: after the row with this sort key and id. */
export interface ConversationPosition {
  sortKey: string | null;
  id: string;
}

export interface ConversationQuery {
  status?: ConversationStatus;
  assigneeId?: string;
  after?: ConversationPosition;
  limit: number;
}

const ROW = `c.id, c.workspace_id AS "workspaceId", c.integration_id AS "integrationId", c.contact_id AS "contactId",
  c.status, c.assignee_id AS "assigneeId", c.team_id AS "teamId", c.last_seq AS "lastSeq",
  c.last_message_at AS "lastMessageAt", c.assigned_at AS "assignedAt", c.resolved_at AS "resolvedAt", c.created_at AS "createdAt",
  c.prechat`;

const SELECT_RECORDS = `
  SELECT ${ROW},
         to_char(c.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey",
         ${CONTACT_JSON} AS contact,
         CASE WHEN ag.id IS NULL THEN NULL ELSE ${AGENT_JSON} END AS assignee
    FROM conversations c
    JOIN contacts ct ON ct.workspace_id = c.workspace_id AND ct.id = c.contact_id
    LEFT JOIN agents ag ON ag.workspace_id = c.workspace_id AND ag.id = c.assignee_id`;

/** Newest activity first, never-written-to last, id as the tie-breaker so the order is total. */
const ORDER = 'ORDER BY c.last_message_at DESC NULLS LAST, c.id';

@Injectable()
export class ConversationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(workspaceId: string, conversationId: string): Promise<ConversationRecord | undefined> {
    const rows: ConversationRecord[] = await this.db.query(
      `${SELECT_RECORDS} WHERE c.workspace_id = $1 AND c.id = $2`,
      [workspaceId, conversationId],
    );
    return rows[0] && revive(rows[0]);
  }

  /** Keyset pagination in the ORDER above: stable while rows are inserted or updated between pages. */
  async page(workspaceId: string, query: ConversationQuery): Promise<ConversationRecord[]> {
    const params: unknown[] = [workspaceId];
    const where = ['c.workspace_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.status) where.push(`c.status = ${param(query.status)}`);
    if (query.assigneeId) where.push(`c.assignee_id = ${param(query.assigneeId)}`);
    if (query.after) {
      const id = param(query.after.id);
      if (query.after.sortKey === null) {
        where.push(`(c.last_message_at IS NULL AND c.id > ${id}::uuid)`);
      } else {
        const at = param(query.after.sortKey);
        where.push(
          `(c.last_message_at < ${at}::timestamptz OR (c.last_message_at = ${at}::timestamptz AND c.id > ${id}::uuid) OR c.last_message_at IS NULL)`,
        );
      }
    }
    const rows: ConversationRecord[] = await this.db.query(
      `${SELECT_RECORDS} WHERE ${where.join(' AND ')} ${ORDER} LIMIT ${param(query.limit)}`,
      params,
    );
    return rows.map(revive);
  }

  /** The conversation row lock: every writer of a conversation (ingest, routing, agents) takes it first. */
  async lockById(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<ConversationRow | undefined> {
    const rows: ConversationRow[] = await tx.query(
      `SELECT ${ROW} FROM conversations c WHERE c.workspace_id = $1 AND c.id = $2 FOR UPDATE`,
      [workspaceId, conversationId],
    );
    return rows[0];
  }

  async assign(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
    change: { assigneeId: string | null; teamId: string | null; status: ConversationStatus },
  ): Promise<void> {
    await tx.query(
      `UPDATE conversations
          SET assigned_at = CASE WHEN $3::uuid IS DISTINCT FROM assignee_id THEN (CASE WHEN $3::uuid IS NULL THEN NULL ELSE now() END) ELSE assigned_at END,
              assignee_id = $3, team_id = $4, status = $5, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId, change.assigneeId, change.teamId, change.status],
    );
    // The conversations_agent_load_* triggers count the assignment and stamps the agent's last_assigned_at.
  }

  /** Throws the PostgreSQL unique violation (23505) when reopening collides with a newer active conversation. */
  async setStatus(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
    status: ConversationStatus,
  ): Promise<void> {
    await tx.query(
      `UPDATE conversations SET status = $3, resolved_at = CASE WHEN $3 = 'resolved' THEN now() ELSE NULL END, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId, status],
    );
  }

  /** Records a new message's seq; the caller holds the row lock, so seqs have no gaps. */
  async recordMessage(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
    seq: number,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE conversations SET last_seq = $3, last_message_at = GREATEST(last_message_at, $4), updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId, seq, at],
    );
  }
}

function revive(row: ConversationRecord): ConversationRecord {
  return { ...row, contact: reviveContact(row.contact), assignee: row.assignee && reviveAgent(row.assignee) };
}
