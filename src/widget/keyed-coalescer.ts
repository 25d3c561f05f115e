interface KeyState {
  timer?: NodeJS.Timeout;
  running: boolean;
  /** Requested while running: run once more after this run. */
  again: boolean;
}

/**
 * Runs a task per key at most once per `intervalMs`, trailing: the first request for a key starts
 * a timer, requests until it fires ride along, and requests that arrive while the task runs get
 * one more run after it (so the last change is never missed). A burst of 150 requests costs one
 * run; runs of one key never overlap. In-process only, so only for work whose loss is harmless.
 *
 * @example
 *   const refresh = new KeyedCoalescer(250, (workspaceId) => recompute(workspaceId), log);
 *   refresh.request(workspaceId); // from every event of the workspace
 */
export class KeyedCoalescer {
  private readonly keys = new Map<string, KeyState>();
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly task: (key: string) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  request(key: string): void {
    if (this.stopped) return;
    const entry = this.keys.get(key);
    if (!entry) {
      const fresh: KeyState = { running: false, again: false };
      this.keys.set(key, fresh);
      this.arm(key, fresh);
    } else if (entry.running) entry.again = true;
    // else: a timer is armed and this request rides along.
  }

  /** Drops every armed timer; later requests are ignored (shutdown). */
  stop(): void {
    this.stopped = true;
    for (const entry of this.keys.values()) clearTimeout(entry.timer);
    this.keys.clear();
  }

  private arm(key: string, entry: KeyState): void {
    entry.timer = setTimeout(() => void this.run(key, entry), this.intervalMs);
    entry.timer.unref();
  }

  private async run(key: string, entry: KeyState): Promise<void> {
    entry.timer = undefined;
    entry.running = true;
    try {
      await this.task(key);
    } catch (e) {
      this.onError(key, e);
    }
    entry.running = false;
    if (this.stopped || this.keys.get(key) !== entry) return;
    if (entry.again) {
      entry.again = false;
      this.arm(key, entry);
    } else this.keys.delete(key);
  }
}
