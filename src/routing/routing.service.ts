import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { OutboxRepository } from '../core/outbox/outbox.repository';
import type { OutboxPayload } from '../core/outbox/outbox.types';
import { QueueProducer } from '../core/queue/queue-producer.service';
import { CLOCK, type Clock } from '../core/tokens';

import { QueueDrainer } from './queue-drainer.service';
import { placementFor } from './queue-placement';
import { QueuePlacement, RoutingQueueRepository, UnroutedConversation } from './routing-queue.repository';
import { RoutingSettingsRepository, type WorkspaceRouting } from './routing-settings.repository';

export type RouteOutcome = 'assigned' | 'queued' | 'pending' | 'skipped';

/**
 * The routing engine's entry points (docs/routing.md). A new conversation is first *placed*:
 * the workspace's rules decide its team, priority, required skills and preferred agent, and a
 * closed team overflows at once. Then its queue is *drained* (QueueDrainer): it gets an agent
 * only if nobody ahead of it in the queue could take that agent. Freed capacity (a resolved
 * chat, an agent accepting again) drains every queue of the workspace (`assignQueued`).
 * Both are idempotent: a re-run finds the conversation placed or assigned and skips it.
 */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: RoutingQueueRepository,
    private readonly settings: RoutingSettingsRepository,
    private readonly drainer: QueueDrainer,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly queues: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One conversation: how its routing ended for now ('skipped' when it was not waiting for routing). */
  async routeConversation(workspaceId: string, conversationId: string): Promise<RouteOutcome> {
    const { placed, waiting } = await this.routeConversations(workspaceId, [conversationId]);
    if (!placed.has(conversationId) && !waiting.has(conversationId)) return 'skipped';
    const [row]: { status: string; assigneeId: string | null }[] = await this.db.query(
      `SELECT status, assignee_id AS "assigneeId" FROM conversations WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId],
    );
    if (!row) return 'skipped';
    if (row.assigneeId) return 'assigned';
    return row.status === 'queued' ? 'queued' : row.status === 'pending' ? 'pending' : 'skipped';
  }

  /**
   * A routing job: places the conversations that were never routed, then drains the queues of
   * those that wait. Answers which ones it placed and which waited for an agent.
   */
  async routeConversations(
    workspaceId: string,
    conversationIds: string[],
  ): Promise<{ placed: Set<string>; waiting: Set<string> }> {
    const states = await this.queue.routingStates(this.db.manager, workspaceId, conversationIds);
    const unrouted = states.flatMap((s) =>
      s.context ? [{ id: s.id, context: s.context, presetTeamId: s.teamId }] : [],
    );
    const setup = unrouted.length > 0 ? await this.settings.load(this.db.manager, workspaceId) : undefined;
    const placements = setup
      ? await this.place(workspaceId, setup, unrouted)
      : new Map<string, QueuePlacement>();
    const queues = new Set<string | null>();
    const waiting = new Set<string>();
    for (const s of states) {
      const placement = placements.get(s.id);
      if (placement ? placement.status !== 'queued' : !s.waiting) continue;
      waiting.add(s.id);
      queues.add(placement ? placement.teamId : s.teamId);
    }
    for (const teamId of queues) await this.drainer.drain({ workspaceId, teamId }, setup);
    return { placed: new Set(placements.keys()), waiting };
  }

  /** Freed capacity: drains every queue of the workspace that has someone waiting. */
  async assignQueued(workspaceId: string): Promise<void> {
    const unrouted = await this.queue.unroutedIds(this.db.manager, workspaceId, 500);
    if (unrouted.length > 0) await this.routeConversations(workspaceId, unrouted);
    for (const teamId of await this.queue.queuesWithWaiting(this.db.manager, workspaceId))
      await this.drainer.drain({ workspaceId, teamId });
  }

  /**
   * Enqueues assign-queued for workspaces whose conversations have waited longer than `ageMs`
   * (their routing job may be lost); returns how many workspaces. One job per workspace per age
   * window, however often the sweep runs.
   */
  async requeueStalled(ageMs: number): Promise<number> {
    const workspaces = await this.queue.workspacesWithStalledQueue(this.db.manager, ageMs, 500);
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

  /** Places by the rules; answers the placements this call made (a concurrent job may have placed some first). */
  private async place(
    workspaceId: string,
    setup: WorkspaceRouting,
    unrouted: (UnroutedConversation & { presetTeamId: string | null })[],
  ): Promise<Map<string, QueuePlacement>> {
    const now = this.clock.now();
    const placements = unrouted.map((u) => placementFor(setup, u, now, u.presetTeamId));
    const { placed, rows } = await this.db.transaction(async (tx) => {
      const placed = new Set(await this.queue.place(tx, workspaceId, placements));
      // Queued: "assigned" to its team's queue (no agent yet), which is when the widget can show
      // the visitor's place in line. Pending: an offline message.
      const payloads: OutboxPayload[] = placements
        .filter((p) => placed.has(p.conversationId))
        .map((p) => ({
          kind: 'event',
          event:
            p.status === 'pending'
              ? {
                  type: 'conversation.status_changed',
                  workspaceId,
                  conversationId: p.conversationId,
                  status: 'pending',
                }
              : {
                  type: 'conversation.assigned',
                  workspaceId,
                  conversationId: p.conversationId,
                  assigneeId: null,
                  teamId: p.teamId,
                },
        }));
      return { placed, rows: await this.outbox.append(tx, workspaceId, payloads) };
    });
    this.relay.relayCommitted(rows);
    // Bots greet first: straight to the rule's bot, ahead of the queue, if it accepts and has room.
    for (const p of placements) {
      if (!p.botAgentId || p.status !== 'queued' || !placed.has(p.conversationId)) continue;
      const claim = await this.queue.claim(this.db.manager, workspaceId, p.conversationId, p.botAgentId, {
        choice: 'bot',
        assignedAt: now.toISOString(),
      });
      if (claim.outcome === 'assigned') this.relay.relayCommitted([claim.outbox]);
    }
    return new Map(placements.filter((p) => placed.has(p.conversationId)).map((p) => [p.conversationId, p]));
  }
}
