import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AgentService } from '../core/agents/agent.service';
import type { HubConfig } from '../core/config/config.schema';
import { PeriodicTask } from '../core/scheduling/periodic-task';
import { CONFIG } from '../core/tokens';

/**
 * Worker-role presence: every PRESENCE_SWEEP_INTERVAL_MS, agents whose console stopped sending
 * heartbeats for PRESENCE_GRACE_SECONDS while ACCEPTING or NOT_ACCEPTING are set OFFLINE, so
 * routing stops assigning to a closed browser tab. The change goes through AgentService like any
 * status change (row lock, outbox, agent.status_changed); several workers may sweep at once.
 */
@Injectable()
export class PresenceSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceSweeper.name);
  private readonly task = new PeriodicTask('presence sweep', () => this.sweepOnce(), this.logger);

  constructor(
    private readonly agents: AgentService,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.PRESENCE_SWEEP_INTERVAL_MS);
  }

  private async sweepOnce(): Promise<void> {
    const offline = await this.agents.setSilentAgentsOffline(this.config.PRESENCE_GRACE_SECONDS);
    if (offline > 0) this.logger.log(`set ${offline} agents OFFLINE after their console went silent`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
