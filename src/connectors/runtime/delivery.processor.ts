import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import type { HubConfig } from '../../core/config/config.schema';
import { JobHandlerRegistry } from '../../core/queue/job-handler.registry';
import type { DeliverMessageJob, DownloadMediaJob } from '../../core/queue/queue.catalogue';
import { CONFIG } from '../../core/tokens';
import { DeliveryService } from './delivery.service';
import { MediaDownloadService } from './media-download.service';

/**
 * Thin edge for the delivery queue's jobs: replies out (`deliver-message`) and inbound files in
 * (`download-media`). Delivery jobs. Retries are scheduled by moving the job to delayed with the delay
 * the retry policy chose (retry-after for rate limits), which BullMQ's fixed backoff cannot do.
 */
@Processor('delivery')
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly delivery: DeliveryService,
    private readonly media: MediaDownloadService,
    private readonly registry: JobHandlerRegistry,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {
    super();
    registry.register('delivery', {
      'deliver-message': (job: Job<DeliverMessageJob>, token?: string) => this.deliverMessage(job, token),
      'download-media': (job: Job<DownloadMediaJob & { attempt?: number }>, token?: string) =>
        this.downloadMedia(job, token),
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

  /** Inbound files (MediaDownloadService); transient failures come back after the policy's delay. */
  private async downloadMedia(
    job: Job<DownloadMediaJob & { attempt?: number }>,
    token?: string,
  ): Promise<unknown> {
    const attempt = (job.data.attempt ?? 0) + 1;
    const outcome = await this.media.downloadMessageMedia(job.data.workspaceId, job.data.messageId, attempt);
    if (outcome.result === 'retry') {
      await job.updateData({ ...job.data, attempt });
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
