import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { OutboxRepository } from '../core/outbox/outbox.repository';
import type { OutboxPayload } from '../core/outbox/outbox.types';
import { RouteOutcome, RoutingRepository } from './routing.repository';

export type { RouteOutcome } from './routing.repository';

const ASSIGN_QUEUED_BATCH = 50;

function assigned(workspaceId: string, conversationId: string, agentId: string): OutboxPayload {
  return {
    kind: 'event',
    event: { type: 'conversation.assigned', workspaceId, conversationId, assigneeId: agentId, teamId: null },
  };
}

/**
 * Routing v0: a waiting conversation goes to an accepting agent with free capacity and the fewest
 * open conversations; with nobody free it stays queued until `assignQueued` runs (an agent starts
 * accepting or frees a slot). The routing engine replaces the agent choice (sb_pick_agent); the
 * job shapes stay.
 */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly routing: RoutingRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /** Handles a route-conversation job; idempotent (a re-run finds the conversation assigned and skips). */
  async routeConversation(workspaceId: string, conversationId: string): Promise<RouteOutcome> {
    const { outcome, rows } = await this.db.transaction(async (tx) => {
      const decision = await this.routing.routeConversation(tx, workspaceId, conversationId);
      if (decision.outcome !== 'assigned' || !decision.agentId)
        return { outcome: decision.outcome, rows: [] };
      const rows = await this.outbox.append(tx, workspaceId, [
        assigned(workspaceId, conversationId, decision.agentId),
      ]);
      return { outcome: decision.outcome, rows };
    });
    this.relay.relayCommitted(rows);
    return outcome;
  }

  /** Assigns waiting conversations, oldest first, while agents have free capacity. */
  async assignQueued(workspaceId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const { count, rows } = await this.db.transaction(async (tx) => {
        const done = await this.routing.assignQueued(tx, workspaceId, ASSIGN_QUEUED_BATCH);
        const rows = await this.outbox.append(
          tx,
          workspaceId,
          done.map((a) => assigned(workspaceId, a.conversationId, a.agentId)),
        );
        return { count: done.length, rows };
      });
      this.relay.relayCommitted(rows);
      total += count;
      if (count < ASSIGN_QUEUED_BATCH) return total;
    }
  }
}
