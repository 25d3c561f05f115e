import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupCommit, isStatementError } from '../core/database/group-commit';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { OutboxRepository } from '../core/outbox/outbox.repository';
import { QueueProducer } from '../core/queue/queue-producer.service';
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
interface RouteRequest {
  workspaceId: string;
  conversationId: string;
}

@Injectable()
export class RoutingService {
  private readonly group = new GroupCommit<RouteRequest, RouteOutcome>((items) => this.routeBatch(items), {
    maxInFlight: 2,
    maxBatchSize: 50,
    retryAlone: isStatementError,
  });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly routing: RoutingRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly queues: QueueProducer,
  ) {}

  /**
   * Handles a route-conversation job; idempotent (a re-run finds the conversation assigned and
   * skips). Concurrent jobs share one transaction (GroupCommit). 'busy' means another transaction
   * held the conversation: the caller retries shortly.
   */
  routeConversation(workspaceId: string, conversationId: string): Promise<RouteOutcome> {
    return this.group.submit({ workspaceId, conversationId });
  }

  private async routeBatch(items: RouteRequest[]): Promise<RouteOutcome[]> {
    // One order for every batch (by conversation id), so concurrent batches meet no lock cycles.
    const order = items
      .map((_, i) => i)
      .sort((a, b) => (items[a].conversationId < items[b].conversationId ? -1 : 1));
    const { decisions, outbox } = await this.routing.routeConversations(
      this.db.manager,
      order.map((i) => items[i]),
    );
    this.relay.relayCommitted(outbox);
    const outcomes: RouteOutcome[] = new Array(items.length);
    decisions.forEach((decision, k) => (outcomes[order[k]] = decision.outcome));
    return outcomes;
  }

  /**
   * Enqueues assign-queued for workspaces whose conversations have waited longer than `ageMs`
   * (their routing job may be lost); returns how many workspaces. One job per workspace per age
   * window, however often the sweep runs.
   */
  async requeueStalled(ageMs: number): Promise<number> {
    const workspaces = await this.routing.workspacesWithStalledQueue(this.db.manager, ageMs, 500);
    const window = Math.floor(Date.now() / Math.max(ageMs, 1000));
    await this.queues.addBulk(
      'routing',
      workspaces.map((workspaceId) => ({
        name: 'assign-queued' as const,
        data: { workspaceId },
        opts: { jobId: `recover-${workspaceId}-${window}` },
      })),
    );
    return workspaces.length;
  }

  /** Assigns waiting conversations, oldest first, while agents have free capacity. */
  async assignQueued(workspaceId: string): Promise<number> {
    let total = 0;
    for (let busyRounds = 0; ;) {
      const { count, busy, rows } = await this.db.transaction(async (tx) => {
        const done = await this.routing.assignQueued(tx, workspaceId, ASSIGN_QUEUED_BATCH);
        const rows = await this.outbox.append(
          tx,
          workspaceId,
          done.assigned.map((a) => assigned(workspaceId, a.conversationId, a.agentId)),
        );
        return { count: done.assigned.length, busy: done.busy, rows };
      });
      this.relay.relayCommitted(rows);
      total += count;
      if (busy) {
        // Agents with room were held by other routers; their transactions end in milliseconds.
        if (++busyRounds > 250) throw new Error('agents stayed busy for 5 s; the job will be retried');
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      if (count < ASSIGN_QUEUED_BATCH) return total;
    }
  }
}
