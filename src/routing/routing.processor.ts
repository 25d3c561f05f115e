import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import type { HubConfig } from '../core/config/config.schema';
import { JobHandlerRegistry } from '../core/queue/job-handler.registry';
import type { AssignQueuedJob, RouteConversationsJob } from '../core/queue/queue.catalogue';
import { CONFIG } from '../core/tokens';
import { RoutingService } from './routing.service';

/** Thin edge: routing jobs in, RoutingService calls out. */
@Processor('routing')
export class RoutingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RoutingProcessor.name);

  constructor(
    private readonly routing: RoutingService,
    private readonly registry: JobHandlerRegistry,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {
    super();
    registry.register('routing', {
      'route-conversations': async (job: Job<RouteConversationsJob>) => {
        await this.routing.routeConversations(job.data.workspaceId, job.data.conversationIds);
      },
      'assign-queued': (job: Job<AssignQueuedJob>) => this.routing.assignQueued(job.data.workspaceId),
    });
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job, token?: string): Promise<unknown> {
    return this.registry.handlerFor('routing', job.name)(job, token);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(
      `routing job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`,
    );
  }
}
