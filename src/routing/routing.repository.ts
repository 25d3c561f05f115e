import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxRecord } from '../core/outbox/outbox.repository';
import type { OutboxPayload } from '../core/outbox/outbox.types';

export type RouteOutcome = 'assigned' | 'queued' | 'skipped' | 'busy';

/**
 * The SQL of routing v0, one round trip per decision: the functions of
 * migrations/1764392400000-ingest-and-routing-functions.ts. Capacity holds across processes
 * because an assignment locks the agent row and re-checks `open_count < capacity` on its latest
 * version; `open_count` is kept by a trigger on conversations.
 */
@Injectable()
export class RoutingRepository {
  /**
   * Routes conversations in the given order and writes the outbox row of the assignments, in one
   * statement (sb_route_conversations) that commits on its own when `db` is not a transaction.
   * Each decision is assigned (with the agent), queued, skipped, or busy when another transaction
   * holds the conversation's row.
   */
  async routeConversations(
    db: EntityManager,
    items: { workspaceId: string; conversationId: string }[],
  ): Promise<{ decisions: { outcome: RouteOutcome; agentId: string | null }[]; outbox: OutboxRecord[] }> {
    if (items.length === 0) return { decisions: [], outbox: [] };
    const rows: {
      o_idx: number;
      o_outcome: RouteOutcome | 'outbox';
      o_agent: string | null;
      o_outbox_id: string;
      o_workspace_id: string;
      o_payload: OutboxPayload[];
    }[] = await db.query('SELECT * FROM sb_route_conversations($1::uuid[], $2::uuid[])', [
      items.map((i) => i.workspaceId),
      items.map((i) => i.conversationId),
    ]);
    const decisions: { outcome: RouteOutcome; agentId: string | null }[] = new Array(items.length);
    const outbox: OutboxRecord[] = [];
    for (const r of rows) {
      if (r.o_outcome === 'outbox')
        outbox.push({ id: String(r.o_outbox_id), workspaceId: r.o_workspace_id, payloads: r.o_payload });
      else decisions[r.o_idx] = { outcome: r.o_outcome, agentId: r.o_agent };
    }
    return { decisions, outbox };
  }

  /** Workspaces with a conversation queued for longer than `ageMs` (its routing job may be lost). */
  async workspacesWithStalledQueue(db: EntityManager, ageMs: number, limit: number): Promise<string[]> {
    const rows: { workspace_id: string }[] = await db.query(
      `SELECT DISTINCT workspace_id FROM conversations
        WHERE status = 'queued' AND assignee_id IS NULL AND created_at < now() - make_interval(secs => $1::float8 / 1000)
        LIMIT $2`,
      [ageMs, limit],
    );
    return rows.map((r) => r.workspace_id);
  }

  /**
   * Assigns up to `limit` waiting conversations, oldest first, while agents have room; `busy`
   * when agents with room were held by other routers (run again shortly).
   */
  async assignQueued(
    tx: EntityManager,
    workspaceId: string,
    limit: number,
  ): Promise<{ assigned: { conversationId: string; agentId: string }[]; busy: boolean }> {
    const rows: { o_conversation_id: string | null; o_agent: string | null }[] = await tx.query(
      'SELECT * FROM sb_assign_queued($1, $2)',
      [workspaceId, limit],
    );
    const assigned = rows.flatMap((r) =>
      r.o_conversation_id && r.o_agent ? [{ conversationId: r.o_conversation_id, agentId: r.o_agent }] : [],
    );
    return { assigned, busy: rows.some((r) => r.o_conversation_id === null) };
  }
}
