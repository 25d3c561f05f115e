import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AGENT_JSON, AgentRecord, reviveAgent } from '../agents/agent.repository';
import { CONTACT_JSON, ContactRecord, reviveContact } from '../contacts/contact.repository';
import type { PrechatAnswer } from '../../connectors/sdk';
import type { ConversationStatus } from './conversation.entity';
import { containsPattern } from '../database/like-pattern';

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
  /** Lowercase, sorted (conversation-tags.policy.ts). */
  tags: string[];
}

/** A conversation as lists and detail views show it: with its contact and assignee embedded. */
export interface ConversationRecord extends ConversationRow {
  contact: ContactRecord;
  assignee: AgentRecord | null;
  /** last_message_at at full microsecond precision (a JS Date keeps only milliseconds), for cursors. */
  sortKey: string | null;
  /** The viewer's read mark: the seq they have read up to (0 when never read). */
  lastReadSeq: number;
  /** The contact's messages after the viewer's read mark. */
  unreadCount: number;
}

/** Where a page starts: after the row with this sort key and id. */
export interface ConversationPosition {
  sortKey: string | null;
  id: string;
}

export interface ConversationQuery {
  /** Whose read mark `lastReadSeq` and `unreadCount` are computed for. */
  viewerAgentId: string;
  status?: ConversationStatus;
  assigneeId?: string;
  /** A normalised tag (conversation-tags.policy.ts). */
  tag?: string;
  /** Case-insensitive substring of the contact's name or email, or of a message that is not a note. */
  search?: string;
  contactId?: string;
  after?: ConversationPosition;
  limit: number;
}

const ROW = `c.id, c.workspace_id AS "workspaceId", c.integration_id AS "integrationId", c.contact_id AS "contactId",
  c.status, c.assignee_id AS "assigneeId", c.team_id AS "teamId", c.last_seq AS "lastSeq",
  c.last_message_at AS "lastMessageAt", c.assigned_at AS "assignedAt", c.resolved_at AS "resolvedAt", c.created_at AS "createdAt",
  c.prechat, c.tags`;

/**
 * Conversation records of the rows `rows` selects (already filtered, ordered and limited, as `c`),
 * with their contact, assignee, and the read mark and unread count of the viewer ($2). Working on
 * the selected rows only, the unread count is one short range scan per row on the messages'
 * (workspace_id, conversation_id, seq) key, between the viewer's mark and last_seq.
 */
function selectRecords(rows: string): string {
  return `
  SELECT ${ROW},
         to_char(c.last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey",
         ${CONTACT_JSON} AS contact,
         CASE WHEN ag.id IS NULL THEN NULL ELSE ${AGENT_JSON} END AS assignee,
         COALESCE(cr.read_seq, 0) AS "lastReadSeq",
         unread.n AS "unreadCount"
    FROM (${rows}) c
    JOIN contacts ct ON ct.workspace_id = c.workspace_id AND ct.id = c.contact_id
    LEFT JOIN agents ag ON ag.workspace_id = c.workspace_id AND ag.id = c.assignee_id
    LEFT JOIN conversation_reads cr ON cr.workspace_id = c.workspace_id AND cr.conversation_id = c.id AND cr.agent_id = $2
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n FROM messages m
       WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id
         AND m.seq > COALESCE(cr.read_seq, 0) AND m.seq <= c.last_seq
         AND m.direction = 'inbound' AND m.author_kind = 'contact'
    ) unread`;
}

/** Newest activity first, never-written-to last, id as the tie-breaker so the order is total. */
const ORDER = 'ORDER BY c.last_message_at DESC NULLS LAST, c.id';

@Injectable()
export class ConversationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `viewerAgentId`: whose read mark and unread count the record carries. */
  async findById(
    workspaceId: string,
    conversationId: string,
    viewerAgentId: string,
  ): Promise<ConversationRecord | undefined> {
    const rows: ConversationRecord[] = await this.db.query(
      selectRecords('SELECT c.* FROM conversations c WHERE c.workspace_id = $1 AND c.id = $3'),
      [workspaceId, viewerAgentId, conversationId],
    );
    return rows[0] && revive(rows[0]);
  }

  /**
   * Keyset pagination in the ORDER above: stable while rows are inserted or updated between pages,
   * whatever the filters. The tag filter uses the conversations_by_tag index (workspace_id, tags).
   */
  async page(workspaceId: string, query: ConversationQuery): Promise<ConversationRecord[]> {
    const params: unknown[] = [workspaceId, query.viewerAgentId];
    const where = ['c.workspace_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.status) where.push(`c.status = ${param(query.status)}`);
    if (query.assigneeId) where.push(`c.assignee_id = ${param(query.assigneeId)}`);
    if (query.tag) where.push(`c.tags @> ARRAY[${param(query.tag)}::text]`);
    if (query.contactId) where.push(`c.contact_id = ${param(query.contactId)}`);
    if (query.search) {
      const pattern = param(containsPattern(query.search));
      // Scoped by $1 inside the subqueries too: PostgreSQL may run them once as hashed subplans,
      // uncorrelated with c, and must then still read only this workspace's rows (rule 5).
      where.push(`(c.contact_id IN (SELECT s.id FROM contacts s WHERE s.workspace_id = $1
                                      AND (s.name ILIKE ${pattern} OR s.email ILIKE ${pattern}))
               OR c.id IN (SELECT m.conversation_id FROM messages m WHERE m.workspace_id = $1
                             AND NOT m.private AND m.text ILIKE ${pattern}))`);
    }
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
      `${selectRecords(`SELECT c.* FROM conversations c WHERE ${where.join(' AND ')} ${ORDER} LIMIT ${param(query.limit)}`)} ${ORDER}`,
      params,
    );
    return rows.map(revive);
  }

  /** Every tag used in the workspace, in byte order (COLLATE "C": '-' and '_' are not ignored). */
  async workspaceTags(workspaceId: string): Promise<string[]> {
    const rows: { tag: string }[] = await this.db.query(
      `SELECT DISTINCT t.tag COLLATE "C" AS tag FROM conversations c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)
        WHERE c.workspace_id = $1 AND c.tags <> '{}' ORDER BY 1`,
      [workspaceId],
    );
    return rows.map((r) => r.tag);
  }

  async setTags(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
    tags: string[],
  ): Promise<void> {
    await tx.query(
      `UPDATE conversations SET tags = $3::text[], updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId, tags],
    );
  }

  /**
   * Moves an agent's read mark forward to `seq`, clamped to the conversation's last_seq; a mark
   * behind the stored one changes nothing. No conversation row lock: marks are per agent, and the
   * conditional upsert keeps concurrent marks of one agent monotonic.
   */
  async markRead(workspaceId: string, conversationId: string, agentId: string, seq: number): Promise<void> {
    await this.db.query(
      `INSERT INTO conversation_reads (workspace_id, conversation_id, agent_id, read_seq)
       SELECT c.workspace_id, c.id, $3, LEAST($4::int, c.last_seq) FROM conversations c WHERE c.workspace_id = $1 AND c.id = $2
       ON CONFLICT (workspace_id, conversation_id, agent_id)
       DO UPDATE SET read_seq = EXCLUDED.read_seq, updated_at = now() WHERE conversation_reads.read_seq < EXCLUDED.read_seq`,
      [workspaceId, conversationId, agentId, seq],
    );
  }

  /**
   * An agent's load (unresolved conversations assigned to it), kept by the conversations_agent_load_*
   * triggers. Read it while holding the agent row lock, so it cannot change before the assignment.
   */
  async openCountOf(tx: EntityManager, workspaceId: string, agentId: string): Promise<number | undefined> {
    const rows: { openCount: number }[] = await tx.query(
      `SELECT open_count AS "openCount" FROM agents WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, agentId],
    );
    return rows[0]?.openCount;
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
