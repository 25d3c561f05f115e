import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CannedResponseSearch } from './canned-response.policy';

export interface CannedResponseRecord {
  id: string;
  workspaceId: string;
  /** null for a shared one. */
  ownerAgentId: string | null;
  shared: boolean;
  shortcut: string;
  title: string;
  text: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CannedResponseFields {
  ownerAgentId: string | null;
  shortcut: string;
  title: string;
  text: string;
}

const COLUMNS = `id, workspace_id AS "workspaceId", owner_agent_id AS "ownerAgentId", owner_agent_id IS NULL AS shared,
  shortcut, title, text, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** What `agentId` may see: the workspace's shared ones and their own. */
const VISIBLE = 'workspace_id = $1 AND (owner_agent_id IS NULL OR owner_agent_id = $2)';

/** The unique key a duplicate shortcut violates (migrations/1764410400000-console-agents.ts). */
export const SHORTCUT_PER_OWNER = 'canned_responses_shortcut_per_owner';

@Injectable()
export class CannedResponseRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Shared and the agent's own, by shortcut (byte order: `-` and `_` do not vanish in a locale's
   * collation), the agent's own before a shared one with the same shortcut.
   */
  async listVisible(
    workspaceId: string,
    agentId: string,
    search?: CannedResponseSearch,
  ): Promise<CannedResponseRecord[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM canned_responses
        WHERE ${VISIBLE} AND ($3::text IS NULL OR shortcut ILIKE $3 OR title ILIKE $4 OR text ILIKE $4)
        ORDER BY shortcut COLLATE "C", owner_agent_id IS NULL, id`,
      [workspaceId, agentId, search?.prefix ?? null, search?.contains ?? null],
    );
  }

  /** Locks one the agent may see; undefined for a missing one and for another agent's own. */
  async lockVisible(
    tx: EntityManager,
    workspaceId: string,
    agentId: string,
    id: string,
  ): Promise<CannedResponseRecord | undefined> {
    const rows: CannedResponseRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM canned_responses WHERE ${VISIBLE} AND id = $3 FOR UPDATE`,
      [workspaceId, agentId, id],
    );
    return rows[0];
  }

  /** Throws the PostgreSQL unique violation (23505) when the shortcut is taken for this owner. */
  async insert(workspaceId: string, fields: CannedResponseFields): Promise<CannedResponseRecord> {
    const [row]: CannedResponseRecord[] = await this.db.query(
      `INSERT INTO canned_responses (workspace_id, owner_agent_id, shortcut, title, text)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [workspaceId, fields.ownerAgentId, fields.shortcut, fields.title, fields.text],
    );
    return row;
  }

  /** Throws the PostgreSQL unique violation (23505) when the shortcut is taken for the new owner. */
  async update(
    tx: EntityManager,
    workspaceId: string,
    id: string,
    fields: CannedResponseFields,
  ): Promise<CannedResponseRecord> {
    // Wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
    const [row]: CannedResponseRecord[] = await tx.query(
      `WITH u AS (UPDATE canned_responses SET owner_agent_id = $3, shortcut = $4, title = $5, text = $6, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}) SELECT * FROM u`,
      [workspaceId, id, fields.ownerAgentId, fields.shortcut, fields.title, fields.text],
    );
    return row;
  }

  async delete(tx: EntityManager, workspaceId: string, id: string): Promise<void> {
    await tx.query('DELETE FROM canned_responses WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  }
}
