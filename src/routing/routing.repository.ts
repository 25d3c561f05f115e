import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The SQL of routing v0. All methods run inside the caller's transaction. */
@Injectable()
export class RoutingRepository {
  /** Locks the conversation and says whether it still waits for an agent. */
  async lockIfWaiting(tx: EntityManager, workspaceId: string, conversationId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM conversations WHERE workspace_id = $1 AND id = $2 AND status = 'queued' AND assignee_id IS NULL FOR UPDATE`,
      [workspaceId, conversationId],
    );
    return rows.length > 0;
  }

  /** The oldest waiting conversation no other router holds. */
  async lockOldestWaiting(tx: EntityManager, workspaceId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL
        ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [workspaceId],
    );
    return rows[0]?.id;
  }

  /** Accepting agents with free capacity, least loaded first, then longest since last assignment. */
  async candidates(tx: EntityManager, workspaceId: string): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT a.id FROM agents a
         LEFT JOIN LATERAL (SELECT count(*)::int AS load FROM conversations c
                             WHERE c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status <> 'resolved') l ON true
        WHERE a.workspace_id = $1 AND a.status = 'accepting' AND l.load < a.capacity
        ORDER BY l.load, a.last_assigned_at NULLS FIRST, a.id`,
      [workspaceId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Locks the agent row, then recounts its load. Every assignment takes this lock first, so two
   * routers in two processes cannot both fill an agent's last slot. The count must be a separate
   * statement: under READ COMMITTED a statement that waited for the lock still reads with the
   * snapshot it started with, and would miss the assignment it waited for.
   */
  async lockIfFree(tx: EntityManager, workspaceId: string, agentId: string): Promise<boolean> {
    const locked: { status: string; capacity: number }[] = await tx.query(
      'SELECT status, capacity FROM agents WHERE workspace_id = $1 AND id = $2 FOR UPDATE',
      [workspaceId, agentId],
    );
    if (locked[0]?.status !== 'accepting') return false;
    const [{ load }]: { load: number }[] = await tx.query(
      `SELECT count(*)::int AS load FROM conversations WHERE workspace_id = $1 AND assignee_id = $2 AND status <> 'resolved'`,
      [workspaceId, agentId],
    );
    return load < locked[0].capacity;
  }

  async assign(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
    agentId: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE conversations SET assignee_id = $3, status = 'open', assigned_at = now(), updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId, agentId],
    );
    await tx.query('UPDATE agents SET last_assigned_at = now() WHERE workspace_id = $1 AND id = $2', [
      workspaceId,
      agentId,
    ]);
  }
}
