import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import type { HubConfig } from '../../core/config/config.schema';
import { JobHandlerRegistry } from '../../core/queue/job-handler.registry';
import type { DeliverMessageJob } from '../../core/queue/queue.catalogue';
import { CONFIG } from '../../core/tokens';
import { DeliveryService } from './delivery.service';

/**
 * Thin edge for delivery jobs. Retries are scheduled by moving the job to delayed with the delay
 * the retry policy chose (retry-after for rate limits), which BullMQ's fixed backoff cannot do.
 */
@Processor('delivery')
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly delivery: DeliveryService,
    private readonly registry: JobHandlerRegistry,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {
    super();
    registry.register('delivery', {
      'deliver-message': (job: Job<DeliverMessageJob>, token?: string) => this.deliverMessage(job, token),
    });
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job, token?: string): Promise<unknown> {
    return this.registry.handlerFor('delivery', job.name)(job, token);
  }

  private async deliverMessage(job: Job<DeliverMessageJob>, token?: string): Promise<unknown> {
    const outcome = await this.delivery.deliverMessage(job.data.workspaceId, job.data.messageId);
    if (outcome.result === 'retry' || outcome.result === 'wait') {
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    return outcome;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`delivery job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
