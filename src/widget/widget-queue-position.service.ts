import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { DomainEvent } from '../core/realtime/domain-event';
import { ROOT_LOGGER } from '../core/tokens';
import { RoutingQueueRepository } from '../routing/routing-queue.repository';
import { KeyedCoalescer } from './keyed-coalescer';
import type { VisitorConversation } from './widget-conversation.repository';
import { sendFrame } from './widget-session';
import { WidgetSocketRegistry } from './widget-socket-registry';

/** A waiting conversation's place: 1 = next; etaSeconds null when nobody is accepting chats. */
export interface QueuePlace {
  position: number;
  etaSeconds: number | null;
}

/** At most one queue query per workspace and process in this window, however many events. */
export const QUEUE_REFRESH_MS = 250;

/**
 * Events after which someone's place in line or estimated wait may have moved: a conversation
 * placed, assigned, requeued, resolved or created, or an agent's availability (the estimate).
 */
const MOVES_QUEUES: ReadonlySet<DomainEvent['type']> = new Set([
  'conversation.created',
  'conversation.assigned',
  'conversation.status_changed',
  'agent.status_changed',
]);

export function sameQueuePlace(a: QueuePlace | null, b: QueuePlace | null): boolean {
  return a?.position === b?.position && a?.etaSeconds === b?.etaSeconds;
}

/**
 * The visitor's place in line (`queue` frames, docs/widget-protocol.md). Presentation only: every
 * place is read from PostgreSQL (RoutingQueueRepository.queuePositions); what this process keeps
 * is the last place each socket was told, so it sends changes only, and a coalescing timer per
 * workspace, so a burst of assignments costs one query for all of the workspace's sockets here.
 */
@Injectable()
export class WidgetQueuePositions implements OnModuleDestroy {
  private readonly refresher: KeyedCoalescer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: RoutingQueueRepository,
    private readonly registry: WidgetSocketRegistry,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.refresher = new KeyedCoalescer(
      QUEUE_REFRESH_MS,
      (workspaceId) => this.refreshNow(workspaceId),
      (workspaceId, e) =>
        this.logger.warn({ err: (e as Error).message, workspaceId }, 'widget queue places not refreshed'),
    );
  }

  /** The conversation's place when it waits for an agent, else null. */
  async placeOf(
    workspaceId: string,
    conversation: VisitorConversation | undefined | null,
  ): Promise<QueuePlace | null> {
    if (!conversation || conversation.status !== 'queued' || conversation.assigneeId) return null;
    const places = await this.queue.queuePositions(this.db.manager, workspaceId, [conversation.id]);
    return places.get(conversation.id) ?? null;
  }

  /** Called with every event of a workspace that has widget sockets here. */
  onEvent(event: DomainEvent): void {
    if (MOVES_QUEUES.has(event.type)) this.refresh(event.workspaceId);
  }

  /** Schedules a refresh of the workspace's sockets (coalesced). */
  refresh(workspaceId: string): void {
    this.refresher.request(workspaceId);
  }

  /**
   * One query for every socket of the workspace here that follows a conversation (its assignee as
   * this process knows it may be stale; the query is the truth), then a frame to each socket whose
   * place changed: its new place, or nulls once its conversation no longer waits.
   */
  async refreshNow(workspaceId: string): Promise<void> {
    // A socket still saying hello (queue undefined) gets its place with `ready`, not before it.
    const sessions = this.registry
      .inWorkspace(workspaceId)
      .filter((s) => s.conversation && s.queue !== undefined);
    if (sessions.length === 0) return;
    const ids = [...new Set(sessions.map((s) => (s.conversation as { id: string }).id))];
    const places = await this.queue.queuePositions(this.db.manager, workspaceId, ids);
    for (const s of sessions) {
      const place = places.get((s.conversation as { id: string }).id) ?? null;
      if (sameQueuePlace(s.queue ?? null, place)) continue;
      s.queue = place;
      sendFrame(s, {
        type: 'queue',
        position: place?.position ?? null,
        etaSeconds: place?.etaSeconds ?? null,
      });
    }
  }

  onModuleDestroy(): void {
    this.refresher.stop();
  }
}
