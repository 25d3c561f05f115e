import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import type { HubConfig } from '../config/config.schema';
import { openRedis } from '../redis/redis-connection';
import { CONFIG, REDIS } from '../tokens';
import type { DomainEvent } from './domain-event';
import { bufferedEvents } from './event-buffer';

type Listener = (event: DomainEvent) => void;

/**
 * Fans domain events out through Redis pub/sub, one channel per workspace, so a subscriber on any
 * api process receives what any other process caused. Each process holds one subscriber
 * connection and subscribes to a workspace's channel only while someone here listens to it.
 */
@Injectable()
export class RealtimeBus implements OnModuleDestroy {
  private readonly logger = new Logger(RealtimeBus.name);
  private subscriber?: Redis;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  private channel(workspaceId: string): string {
    return `${this.config.REDIS_PREFIX}:events:${workspaceId}`;
  }

  /** Publishes events, one Redis message per workspace carrying its events in order. */
  async publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byWorkspace = new Map<string, DomainEvent[]>();
    for (const event of events)
      byWorkspace.set(event.workspaceId, [...(byWorkspace.get(event.workspaceId) ?? []), event]);
    if (byWorkspace.size === 1) {
      const [[workspaceId, list]] = byWorkspace;
      await this.redis.publish(this.channel(workspaceId), JSON.stringify(list));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const [workspaceId, list] of byWorkspace)
      pipeline.publish(this.channel(workspaceId), JSON.stringify(list));
    await pipeline.exec();
  }

  /** Calls `listener` for every event of the workspace until the returned function is called. */
  async subscribe(workspaceId: string, listener: Listener): Promise<() => Promise<void>> {
    const sub = this.ensureSubscriber();
    let set = this.listeners.get(workspaceId);
    if (!set) {
      set = new Set();
      this.listeners.set(workspaceId, set);
      await sub.subscribe(this.channel(workspaceId));
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(workspaceId);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(workspaceId);
      await sub.unsubscribe(this.channel(workspaceId)).catch(() => undefined);
    };
  }

  /**
   * The workspace's events as an async iterator, for GraphQL subscriptions. A subscriber more than
   * REALTIME_MAX_BUFFERED_EVENTS behind has its stream ended with an error (event-buffer.ts).
   */
  async iterate(workspaceId: string): Promise<AsyncIterableIterator<DomainEvent>> {
    let unsubscribe = (): Promise<void> => Promise.resolve();
    const events = bufferedEvents<DomainEvent>({
      maxBuffered: this.config.REALTIME_MAX_BUFFERED_EVENTS,
      onEnd: () => unsubscribe(),
    });
    unsubscribe = await this.subscribe(workspaceId, events.push);
    return events.iterator;
  }

  private ensureSubscriber(): Redis {
    if (!this.subscriber) {
      // No ready check: its INFO is refused once the connection is in subscriber mode, which
      // happens when the first SUBSCRIBE is queued before the connection is up.
      this.subscriber = openRedis(this.config.REDIS_URL, { enableReadyCheck: false });
      this.subscriber.on('error', (e) => this.logger.warn(`realtime subscriber: ${e.message}`));
      this.subscriber.on('message', (channel: string, message: string) => {
        const workspaceId = channel.slice(channel.lastIndexOf(':') + 1);
        const set = this.listeners.get(workspaceId);
        if (!set) return;
        for (const event of JSON.parse(message) as DomainEvent[]) {
          if (event.workspaceId !== workspaceId) continue; // tenancy: never cross channels
          for (const listener of set) listener(event);
        }
      });
    }
    return this.subscriber;
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
  }
}
