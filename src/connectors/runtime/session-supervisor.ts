import { toConnectorError, type ConnectorError } from '../sdk';
import { backoff } from './delivery-retry.policy';

export interface SessionSupervisorOptions {
  /** One run of the session; it must end soon after `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
  /** A run failed; the next starts after `delayMs` (undefined: not before an admin's relink). */
  onRunFailed(error: ConnectorError, delayMs: number | undefined): void;
  now?: () => number;
  random?: () => number;
  /** Pause after a run that ended cleanly (a logout): long enough not to spin, short for a new QR. */
  cleanRestartMs?: number;
  /** A run that lasted this long was healthy: the next failure starts the backoff over. */
  healthyAfterMs?: number;
}

/**
 * Keeps one session running: restarts it when it ends, after a crash with exponential backoff and
 * jitter (1 s, 2 s, 4 s... capped at 5 min; `backoff` in delivery-retry.policy), and stops
 * restarting on `config` and `auth` errors, which only an admin can fix (`restartNow`).
 */
export class SessionSupervisor {
  private controller?: AbortController;
  private stopped = false;
  private restartRequested = false;
  private wake?: () => void;
  private failures = 0;
  private loop?: Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SessionSupervisorOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Consecutive failed runs so far (0 after a healthy or clean run). */
  get failureCount(): number {
    return this.failures;
  }

  start(): void {
    this.loop ??= this.supervise();
  }

  /** Aborts the run and waits until it has ended; nothing restarts afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    this.wake?.();
    await this.loop;
  }

  /** Ends the current run (or the wait before the next) and starts again at once, backoff reset. */
  restartNow(): void {
    this.restartRequested = true;
    this.controller?.abort();
    this.wake?.();
  }

  private async supervise(): Promise<void> {
    while (!this.stopped) {
      this.controller = new AbortController();
      const startedAt = this.now();
      let failure: ConnectorError | undefined;
      try {
        await this.options.run(this.controller.signal);
      } catch (e) {
        failure = toConnectorError(e);
      }
      if (this.stopped) return;
      if (this.restartRequested) {
        this.restartRequested = false;
        this.failures = 0;
        continue;
      }
      let delayMs: number | undefined;
      if (!failure) {
        this.failures = 0;
        delayMs = this.options.cleanRestartMs ?? 1000;
      } else {
        const healthy = this.now() - startedAt >= (this.options.healthyAfterMs ?? 60_000);
        this.failures = healthy ? 1 : this.failures + 1;
        delayMs =
          failure.kind === 'config' || failure.kind === 'auth'
            ? undefined
            : backoff(this.failures, this.random);
        this.options.onRunFailed(failure, delayMs);
      }
      await this.pause(delayMs);
      if (this.restartRequested) {
        this.restartRequested = false;
        this.failures = 0;
      }
    }
  }

  /** Waits `ms` (forever when undefined) unless stopped or asked to restart. */
  private pause(ms: number | undefined): Promise<void> {
    if (this.stopped || this.restartRequested) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
