import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import type { JobName, QueueName } from './queue.catalogue';

/**
 * Completed jobs are kept long enough that a re-relayed outbox row finds its job and is a no-op.
 * A job that throws (PostgreSQL or Redis unreachable; connector errors are handled by the
 * handlers themselves) is retried with exponential backoff from 0.5 s: 20 attempts span about six
 * days, so an infrastructure outage delays work but does not drop it.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
  attempts: 20,
  backoff: { type: 'exponential', delay: 500 },
};

@Injectable()
export class QueueProducer {
  private readonly queues: Record<QueueName, Queue>;

  constructor(@InjectQueue('routing') routing: Queue, @InjectQueue('delivery') delivery: Queue) {
    this.queues = { routing, delivery };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Several jobs of one queue in one Redis round trip. */
  async addBulk(
    queue: QueueName,
    jobs: { name: JobName; data: Record<string, unknown>; opts?: JobsOptions }[],
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.queues[queue].addBulk(
      jobs.map((j) => ({ name: j.name, data: j.data, opts: { ...DEFAULT_JOB_OPTIONS, ...j.opts } })),
    );
  }

  async depths(): Promise<Record<QueueName, Record<string, number>>> {
    const entries = await Promise.all(
      (Object.keys(this.queues) as QueueName[]).map(
        async (q) =>
          [q, await this.queues[q].getJobCounts('waiting', 'active', 'delayed', 'failed')] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }
}
