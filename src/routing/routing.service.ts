import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { OutboxRecord, OutboxRepository } from '../core/outbox/outbox.repository';
import { RoutingRepository } from './routing.repository';

export type RouteOutcome = 'assigned' | 'queued' | 'skipped';

/**
 * Routing v0: a waiting conversation goes to an accepting agent with free capacity and the fewest
 * open conversations; with nobody free it stays queued until `assignQueued` runs (an agent starts
 * accepting or frees a slot). The routing engine replaces `pickAgent`; the job shapes stay.
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
      if (!(await this.routing.lockIfWaiting(tx, workspaceId, conversationId)))
        return { outcome: 'skipped' as const, rows: [] };
      return this.assignToFreeAgent(tx, workspaceId, conversationId);
    });
    this.relay.relayCommitted(rows);
    return outcome;
  }

  /** Assigns waiting conversations, oldest first, while agents have free capacity. */
  async assignQueued(workspaceId: string): Promise<number> {
    let assigned = 0;
    for (;;) {
      const { outcome, rows } = await this.db.transaction(async (tx) => {
        const conversationId = await this.routing.lockOldestWaiting(tx, workspaceId);
        if (!conversationId) return { outcome: 'skipped' as const, rows: [] };
        return this.assignToFreeAgent(tx, workspaceId, conversationId);
      });
      this.relay.relayCommitted(rows);
      if (outcome !== 'assigned') return assigned;
      assigned++;
    }
  }

  private async assignToFreeAgent(
    tx: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<{ outcome: RouteOutcome; rows: OutboxRecord[] }> {
    const agentId = await this.pickAgent(tx, workspaceId);
    if (!agentId) return { outcome: 'queued', rows: [] };
    await this.routing.assign(tx, workspaceId, conversationId, agentId);
    const rows = await this.outbox.append(tx, workspaceId, [
      {
        kind: 'event',
        event: {
          type: 'conversation.assigned',
          workspaceId,
          conversationId,
          assigneeId: agentId,
          teamId: null,
        },
      },
    ]);
    return { outcome: 'assigned', rows };
  }

  private async pickAgent(tx: EntityManager, workspaceId: string): Promise<string | undefined> {
    for (const agentId of await this.routing.candidates(tx, workspaceId)) {
      if (await this.routing.lockIfFree(tx, workspaceId, agentId)) return agentId;
    }
    return undefined;
  }
}
