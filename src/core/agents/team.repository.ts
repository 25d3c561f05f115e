import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AGENT_JSON, AgentRecord, reviveAgent } from './agent.repository';

export interface TeamRecord {
  id: string;
  workspaceId: string;
  name: string;
  createdAt: Date;
  members: AgentRecord[];
}

/** Members are aggregated in the same query, so a team list costs one round trip. */
const SELECT_TEAMS = `
  SELECT t.id, t.workspace_id AS "workspaceId", t.name, t.created_at AS "createdAt",
         COALESCE((SELECT json_agg(${AGENT_JSON} ORDER BY ag.name, ag.id)
                     FROM team_members tm JOIN agents ag ON ag.workspace_id = tm.workspace_id AND ag.id = tm.agent_id
                    WHERE tm.workspace_id = t.workspace_id AND tm.team_id = t.id), '[]'::json) AS members
    FROM teams t`;

@Injectable()
export class TeamRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Throws the PostgreSQL unique violation (23505) when the name is taken in the workspace. */
  async insert(workspaceId: string, name: string): Promise<TeamRecord> {
    const [row]: { id: string }[] = await this.db.query(
      'INSERT INTO teams (workspace_id, name) VALUES ($1, $2) RETURNING id',
      [workspaceId, name],
    );
    return (await this.findById(workspaceId, row.id)) as TeamRecord;
  }

  /** Pass `tx` when the caller holds row locks: a second pool connection could starve under load. */
  async findById(workspaceId: string, teamId: string, tx?: EntityManager): Promise<TeamRecord | undefined> {
    const rows: TeamRecord[] = await (tx ?? this.db).query(
      `${SELECT_TEAMS} WHERE t.workspace_id = $1 AND t.id = $2`,
      [workspaceId, teamId],
    );
    return rows[0] && revive(rows[0]);
  }

  async listInWorkspace(workspaceId: string): Promise<TeamRecord[]> {
    const rows: TeamRecord[] = await this.db.query(
      `${SELECT_TEAMS} WHERE t.workspace_id = $1 ORDER BY t.name, t.id`,
      [workspaceId],
    );
    return rows.map(revive);
  }

  /**
   * Adds a member; a repeat is a no-op. The composite foreign keys (workspace_id, team_id) and
   * (workspace_id, agent_id) make a cross-workspace membership impossible even if a caller erred.
   */
  async addMember(workspaceId: string, teamId: string, agentId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO team_members (workspace_id, team_id, agent_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [workspaceId, teamId, agentId],
    );
  }

  /** Removing someone who is not a member is a no-op. */
  async removeMember(workspaceId: string, teamId: string, agentId: string): Promise<void> {
    await this.db.query(
      'DELETE FROM team_members WHERE workspace_id = $1 AND team_id = $2 AND agent_id = $3',
      [workspaceId, teamId, agentId],
    );
  }

  /** Throws the PostgreSQL unique violation (23505) when the name is taken in the workspace; false when no such team. */
  async rename(workspaceId: string, teamId: string, name: string): Promise<boolean> {
    const rows: { id: string }[] = await this.db.query(
      'WITH u AS (UPDATE teams SET name = $3 WHERE workspace_id = $1 AND id = $2 RETURNING id) SELECT id FROM u',
      [workspaceId, teamId, name],
    );
    return rows.length > 0;
  }

  /**
   * Deletes the team and its memberships (ON DELETE CASCADE); its conversations keep their
   * history and lose the team (ON DELETE SET NULL). False when there was no such team.
   */
  async delete(tx: EntityManager, workspaceId: string, teamId: string): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      'WITH d AS (DELETE FROM teams WHERE workspace_id = $1 AND id = $2 RETURNING id) SELECT id FROM d',
      [workspaceId, teamId],
    );
    return rows.length > 0;
  }
}

function revive(row: TeamRecord): TeamRecord {
  return { ...row, members: row.members.map(reviveAgent) };
}
