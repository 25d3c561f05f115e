import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DeliveryService } from '../connectors/runtime/delivery.service';
import type { HubConfig } from '../core/config/config.schema';
import { PeriodicTask } from '../core/scheduling/periodic-task';
import { CONFIG } from '../core/tokens';
import { RoutingService } from '../routing/routing.service';

/**
 * Worker-role safety net for jobs that vanished after their outbox row was relayed: Redis runs
 * without persistence here, so a Redis restart loses queued jobs, and a job can exhaust its
 * retries during a long outage. PostgreSQL still knows the work: pending replies and queued
 * conversations. Every RECOVERY_SWEEP_INTERVAL_MS this enqueues what has waited longer than
 * RECOVERY_AGE_MS; the handlers are idempotent, so recovering live work is harmless.
 */
@Injectable()
export class StalledWorkSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StalledWorkSweeper.name);
  private readonly task = new PeriodicTask(
    'stalled-work sweep',
    () => this.recoverOnce().then(() => undefined),
    this.logger,
  );

  constructor(
    private readonly delivery: DeliveryService,
    private readonly routing: RoutingService,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.RECOVERY_SWEEP_INTERVAL_MS);
  }

  async recoverOnce(ageMs = this.config.RECOVERY_AGE_MS): Promise<{ replies: number; workspaces: number }> {
    const [replies, workspaces] = await Promise.all([
      this.delivery.requeueStalled(ageMs),
      this.routing.requeueStalled(ageMs),
    ]);
    if (replies + workspaces > 0) {
      this.logger.warn(
        `recovered ${replies} pending replies and the queues of ${workspaces} workspaces whose jobs were lost`,
      );
    }
    return { replies, workspaces };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
