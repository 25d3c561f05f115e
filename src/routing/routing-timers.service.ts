import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { HubConfig } from '../core/config/config.schema';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { OutboxRepository } from '../core/outbox/outbox.repository';
import type { OutboxPayload } from '../core/outbox/outbox.types';
import { PeriodicTask } from '../core/scheduling/periodic-task';
import { CLOCK, CONFIG, type Clock } from '../core/tokens';
import { isOpen } from './policy/business-hours';
import { QueueDrainer } from './queue-drainer.service';
import { MovedConversation, RoutingTimersRepository } from './routing-timers.repository';
import { parseTeamRoutingSettings } from './team-routing-settings';

/** What one run of the timers did. */
export interface TimerRun {
  reassigned: number;
  overflowed: number;
  offline: number;
}

/**
 * Routing's timers, run by workers every ROUTING_TIMER_INTERVAL_MS against the injected Clock (so
 * tests move time instead of waiting):
 * - inactivity: an assigned agent who has not replied `inactivityReassignSeconds` after the
 *   assignment loses the chat to the next agent (LiveChat's inactivity transfer);
 * - overflow: a chat waiting `overflowAfterSeconds`, or waiting in a team that is now closed,
 *   moves to the overflow team, or becomes an offline message.
 * Every move is one statement plus its outbox row, so several workers may run timers at once.
 */
@Injectable()
export class RoutingTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingTimers.name);
  private readonly task = new PeriodicTask(
    'routing timers',
    () => this.runOnce().then(() => undefined),
    this.logger,
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly timers: RoutingTimersRepository,
    private readonly drainer: QueueDrainer,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.ROUTING_TIMER_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  async runOnce(): Promise<TimerRun> {
    const now = this.clock.now();
    const run: TimerRun = { reassigned: 0, overflowed: 0, offline: 0 };
    const toDrain = new Map<string, { workspaceId: string; teamId: string | null }>();
    for (const queue of await this.timers.timedQueues(this.db.manager)) {
      const key = { workspaceId: queue.workspaceId, teamId: queue.teamId };
      const settings = parseTeamRoutingSettings(queue.routing);
      if (settings.inactivityReassignSeconds !== null) {
        const moved = await this.move(key.workspaceId, (tx) =>
          this.timers.requeueSilentAssignments(
            tx,
            key,
            new Date(now.getTime() - settings.inactivityReassignSeconds! * 1000),
          ),
        );
        run.reassigned += moved.length;
        if (moved.length > 0) toDrain.set(`${key.workspaceId}:${key.teamId}`, key);
      }
      const closed = !isOpen(settings.businessHours, now);
      if (settings.overflowAfterSeconds !== null || closed) {
        const before = closed ? now : new Date(now.getTime() - settings.overflowAfterSeconds! * 1000);
        const target = settings.overflowTeamId;
        const moved = await this.move(key.workspaceId, (tx) =>
          this.timers.overflow(tx, key, before, target, closed ? 'closed' : 'timeout', now),
        );
        for (const m of moved) {
          if (m.status === 'pending') run.offline++;
          else {
            run.overflowed++;
            toDrain.set(`${m.workspaceId}:${m.teamId}`, { workspaceId: m.workspaceId, teamId: m.teamId });
          }
        }
      }
    }
    for (const key of toDrain.values()) await this.drainer.drain(key);
    if (run.reassigned + run.overflowed + run.offline > 0)
      this.logger.log(
        `timers: ${run.reassigned} reassigned, ${run.overflowed} overflowed, ${run.offline} offline messages`,
      );
    return run;
  }

  /** Runs one move and writes its events in the same transaction, then relays them. */
  private async move<T extends MovedConversation & { previousAssigneeId?: string }>(
    workspaceId: string,
    statement: (tx: EntityManager) => Promise<T[]>,
  ): Promise<T[]> {
    const { moved, rows } = await this.db.transaction(async (tx) => {
      const moved = await statement(tx);
      const payloads: OutboxPayload[] = moved.flatMap((m): OutboxPayload[] => [
        {
          kind: 'event',
          event: {
            type: 'conversation.assigned',
            workspaceId,
            conversationId: m.id,
            assigneeId: null,
            teamId: m.teamId,
          },
        },
        ...(m.status === 'pending' || m.previousAssigneeId
          ? [
              {
                kind: 'event',
                event: {
                  type: 'conversation.status_changed',
                  workspaceId,
                  conversationId: m.id,
                  status: m.status,
                },
              } as const,
            ]
          : []),
      ]);
      if (moved.some((m) => m.previousAssigneeId))
        payloads.push({ kind: 'job', queue: 'routing', name: 'assign-queued', data: { workspaceId } });
      return { moved, rows: await this.outbox.append(tx, workspaceId, payloads) };
    });
    this.relay.relayCommitted(rows);
    return moved;
  }
}
