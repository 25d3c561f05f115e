import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type RouteOutcome = 'assigned' | 'queued' | 'skipped';

/**
 * The SQL of routing v0, one round trip per decision: the functions of
 * migrations/1764392400000-ingest-and-routing-functions.ts. Capacity holds across processes
 * because an assignment locks the agent row and re-checks `open_count < capacity` on its latest
 * version; `open_count` is kept by a trigger on conversations.
 */
@Injectable()
export class RoutingRepository {
  /** Assigns the conversation if it still waits and an accepting agent has room. */
  async routeConversation(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<{ outcome: RouteOutcome; agentId: string | null }> {
    const [row]: { o_outcome: RouteOutcome; o_agent: string | null }[] = await tx.query(
      'SELECT * FROM sb_route_conversation($1, $2)',
      [workspaceId, conversationId],
    );
    return { outcome: row.o_outcome, agentId: row.o_agent };
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
