import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
   * Routes conversations in the given order, in one round trip. Each decision is
   * `sb_route_conversation`: assigned (with the agent), queued, skipped, or busy when another
   * transaction holds the conversation's row.
   */
  async routeConversations(
    tx: EntityManager,
    items: { workspaceId: string; conversationId: string }[],
  ): Promise<{ outcome: RouteOutcome; agentId: string | null }[]> {
    if (items.length === 0) return [];
    const rows: { o_outcome: RouteOutcome; o_agent: string | null }[] = await tx.query(
      `SELECT r.o_outcome, r.o_agent
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(ws, conversation, n)
         CROSS JOIN LATERAL sb_route_conversation(t.ws, t.conversation) r
        ORDER BY t.n`,
      [items.map((i) => i.workspaceId), items.map((i) => i.conversationId)],
    );
    return rows.map((r) => ({ outcome: r.o_outcome, agentId: r.o_agent }));
  }

  /** Assigns up to `limit` waiting conversations, oldest first, while agents have room. */
  async assignQueued(
    tx: EntityManager,
    workspaceId: string,
    limit: number,
  ): Promise<{ conversationId: string; agentId: string }[]> {
    const rows: { o_conversation_id: string; o_agent: string }[] = await tx.query(
      'SELECT * FROM sb_assign_queued($1, $2)',
      [workspaceId, limit],
    );
    return rows.map((r) => ({ conversationId: r.o_conversation_id, agentId: r.o_agent }));
  }
}
