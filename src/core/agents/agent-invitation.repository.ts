import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A pending invitation found by its token. */
export interface PendingInvitation {
  workspaceId: string;
  agentId: string;
}

/** Invitations are stored by the SHA-256 (hex) of their token; the token itself never is. */
@Injectable()
export class AgentInvitationRepository {
  /** One pending invitation per agent: a new one replaces the last. */
  async upsert(
    tx: EntityManager,
    workspaceId: string,
    agentId: string,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO agent_invitations (workspace_id, agent_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, agent_id) DO UPDATE SET token_hash = EXCLUDED.token_hash,
         expires_at = EXCLUDED.expires_at, created_at = now()`,
      [workspaceId, agentId, tokenHash, expiresAt],
    );
  }

  /**
   * The one invitation lookup not scoped by a workspace: whoever opens the link knows only the
   * token. Locks the invitation so it is accepted once; the agent's workspace scopes every later
   * step. Expired invitations, and those of agents deactivated since, are not found.
   */
  async lockValidByTokenHash(
    tx: EntityManager,
    tokenHash: string,
    now: Date,
  ): Promise<PendingInvitation | undefined> {
    const rows: PendingInvitation[] = await tx.query(
      `SELECT i.workspace_id AS "workspaceId", i.agent_id AS "agentId" FROM agent_invitations i
         JOIN agents a ON a.workspace_id = i.workspace_id AND a.id = i.agent_id
        WHERE i.token_hash = $1 AND i.expires_at > $2 AND a.deactivated_at IS NULL
        FOR UPDATE OF i`,
      [tokenHash, now],
    );
    return rows[0];
  }

  async delete(tx: EntityManager, workspaceId: string, agentId: string): Promise<void> {
    await tx.query('DELETE FROM agent_invitations WHERE workspace_id = $1 AND agent_id = $2', [
      workspaceId,
      agentId,
    ]);
  }
}
