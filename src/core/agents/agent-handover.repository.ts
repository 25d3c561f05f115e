import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A conversation an agent left, back in the queue. */
export interface RequeuedConversation {
  id: string;
  teamId: string | null;
  previousStatus: string;
}

/** Unresolved conversations still assigned to an agent: what a deactivation hands back to the queue. */
const OPEN_FOR_AGENT = `workspace_id = $1 AND assignee_id = $2 AND status <> 'resolved'`;

/**
 * The conversations side of deactivating an agent. Its writes run in the caller's transaction,
 * which takes the conversation row locks before the agent row lock (the order routing and
 * assignment use), so a deactivation never deadlocks with them.
 */
@Injectable()
export class AgentHandoverRepository {
  /** Locks the agent's unresolved conversations, in id order (the order every batch locker uses). */
  async lockOpenConversationsOf(tx: EntityManager, workspaceId: string, agentId: string): Promise<void> {
    await tx.query(`SELECT id FROM conversations WHERE ${OPEN_FOR_AGENT} ORDER BY id FOR UPDATE`, [
      workspaceId,
      agentId,
    ]);
  }

  /**
   * Puts the agent's unresolved conversations back in the queue, unassigned, keeping their team
   * (like unassigning one does). The conversations_agent_load_* trigger gives the agent's
   * open_count back in the same statement.
   */
  async requeueOpenConversationsOf(
    tx: EntityManager,
    workspaceId: string,
    agentId: string,
  ): Promise<RequeuedConversation[]> {
    return tx.query(
      `WITH old AS (
         SELECT id, status FROM conversations WHERE ${OPEN_FOR_AGENT} ORDER BY id FOR UPDATE
       ), u AS (
         UPDATE conversations c SET assignee_id = NULL, assigned_at = NULL, status = 'queued', updated_at = now()
           FROM old WHERE c.workspace_id = $1 AND c.id = old.id
         RETURNING c.id, c.team_id AS "teamId", old.status AS "previousStatus"
       ) SELECT * FROM u ORDER BY id`,
      [workspaceId, agentId],
    );
  }
}
