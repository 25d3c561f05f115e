import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { HubConfig } from '../config/config.schema';
import { CONFIG } from '../tokens';
import { OutboxRelay } from './outbox-relay.service';

/** Worker-role scheduler that re-relays outbox rows a crashed process left behind. */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(CONFIG) private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.sweepUntilEmpty()
        .catch((e: Error) => this.logger.warn(`outbox sweep failed, will retry: ${e.message}`))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.config.OUTBOX_SWEEP_INTERVAL_MS);
        });
    };
    this.timer = setTimeout(tick, Math.min(500, this.config.OUTBOX_SWEEP_INTERVAL_MS));
  }

  private async sweepUntilEmpty(): Promise<void> {
    let relayed = 0;
    for (let n = await this.relay.sweepOnce(); n > 0; n = await this.relay.sweepOnce()) relayed += n;
    if (relayed > 0) this.logger.log(`re-relayed ${relayed} outbox rows left behind`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
