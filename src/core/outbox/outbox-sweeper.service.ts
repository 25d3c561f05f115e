import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { HubConfig } from '../config/config.schema';
import { PeriodicTask } from '../scheduling/periodic-task';
import { CONFIG } from '../tokens';
import { OutboxRelay } from './outbox-relay.service';

/** Worker-role scheduler that re-relays outbox rows a crashed process left behind. */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private readonly task = new PeriodicTask('outbox sweep', () => this.sweepUntilEmpty(), this.logger);

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(
      this.config.OUTBOX_SWEEP_INTERVAL_MS,
      Math.min(500, this.config.OUTBOX_SWEEP_INTERVAL_MS),
    );
  }

  private async sweepUntilEmpty(): Promise<void> {
    let relayed = 0;
    for (let n = await this.relay.sweepOnce(); n > 0; n = await this.relay.sweepOnce()) relayed += n;
    if (relayed > 0) this.logger.log(`re-relayed ${relayed} outbox rows left behind`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }
}
