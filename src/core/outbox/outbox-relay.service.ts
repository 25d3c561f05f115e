import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { HubConfig } from '../config/config.schema';
import { QueueProducer } from '../queue/queue-producer.service';
import type { JobName, QueueName } from '../queue/queue.catalogue';
import { RealtimeBus } from '../realtime/realtime-bus.service';
import type { DomainEvent } from '../realtime/domain-event';
import { CONFIG } from '../tokens';
import { OutboxRecord, OutboxRepository } from './outbox.repository';

/**
 * Turns committed outbox rows into BullMQ jobs and pub/sub events (rule 4). The fast path relays
 * right after commit; rows it never got to (a crash, Redis down) are picked up by the sweeper.
 * A job's id is its outbox row id and position, so relaying a row twice enqueues it once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private pendingDeletes: string[] = [];
  private flushTimer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueProducer,
    private readonly bus: RealtimeBus,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  /** Called after a transaction commits. Never throws: the sweeper is the safety net. */
  relayCommitted(rows: OutboxRecord[]): void {
    if (rows.length === 0) return;
    const relaying = this.publish(rows)
      .then(() => this.scheduleDelete(rows.map((r) => r.id)))
      .catch((e: Error) => this.logger.warn(`relay deferred to the sweeper: ${e.message}`))
      .finally(() => this.inFlight.delete(relaying));
    this.inFlight.add(relaying);
  }

  /** On a graceful stop, finishes relays under way and deletes what they relayed. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.inFlight);
    clearTimeout(this.flushTimer);
    await this.flushDeletes();
  }

  async publish(rows: OutboxRecord[]): Promise<void> {
    const events: DomainEvent[] = [];
    const jobs = new Map<
      QueueName,
      { name: JobName; data: Record<string, unknown>; opts: { jobId: string } }[]
    >();
    for (const { id, payloads } of rows) {
      payloads.forEach((payload, n) => {
        if (payload.kind === 'event') events.push(payload.event);
        else {
          const forQueue = jobs.get(payload.queue) ?? [];
          forQueue.push({ name: payload.name, data: payload.data, opts: { jobId: `ob-${id}-${n}` } });
          jobs.set(payload.queue, forQueue);
        }
      });
    }
    await Promise.all([
      ...[...jobs].map(([queue, list]) => this.queues.addBulk(queue, list)),
      this.bus.publish(events),
    ]);
  }

  /** Re-relays rows left behind; returns how many it handled. */
  async sweepOnce(limit = 500): Promise<number> {
    return this.outbox.sweep(this.config.OUTBOX_SWEEP_AGE_MS, limit, (rows) => this.publish(rows));
  }

  /** Deletes of relayed rows are batched: at most one statement every 50 ms (the sweeper waits far longer). */
  private scheduleDelete(ids: string[]): void {
    this.pendingDeletes.push(...ids);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flushDeletes(), 50);
  }

  async flushDeletes(): Promise<void> {
    this.flushTimer = undefined;
    const ids = this.pendingDeletes;
    this.pendingDeletes = [];
    await this.outbox.deleteRelayed(ids).catch((e: Error) => {
      // Left-over rows are re-relayed by the sweeper, which is harmless (job ids dedupe).
      this.logger.warn(`could not delete ${ids.length} relayed outbox rows: ${e.message}`);
    });
  }
}
