import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs` (first after `firstDelayMs`), never overlapping itself, logging
 * failures and trying again next time. `stop()` waits for a run under way.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number, firstDelayMs = intervalMs): void {
    const tick = () => {
      this.running = this.work()
        .catch((e: Error) => this.logger.warn(`${this.name} failed, will retry: ${e.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, firstDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
