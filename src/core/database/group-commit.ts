/**
 * Group commit: work items that arrive while earlier batches are in flight wait and are handled
 * together by the next batch, so under load one transaction (one commit, few round trips) serves
 * many callers, while a lone item goes straight through with no added delay. Each caller gets
 * its own result, or its own error: when a shared batch fails on a statement, each of its items
 * is retried alone (`retryAlone`), so one bad item never fails the others.
 *
 * With `lingerMs`, a batch that could start also waits for the items expected to arrive within
 * `lingerMs` of its oldest item, while items arrive more often than that (a moving average of
 * the gaps between arrivals): at medium load a flight then serves several items instead of one
 * or two, which is what its fixed cost (round trips, commit, jobs, wake-ups of other processes)
 * asks for. A lone item, or a trickle, still goes straight through; a full batch never waits.
 */
export class GroupCommit<TIn, TOut> {
  private readonly waiting: { item: TIn; at: number; resolve(out: TOut): void; reject(e: unknown): void }[] =
    [];
  private waitingWeight = 0;
  private inFlight = 0;
  /** Moving average of the gaps between arrivals, in ms (Infinity until two have arrived). */
  private gapMs = Infinity;
  private lastArrival = -Infinity;
  private lingerTimer?: NodeJS.Timeout;

  constructor(
    private readonly runBatch: (items: TIn[]) => Promise<TOut[]>,
    private readonly options: {
      maxInFlight: number;
      maxBatchSize: number;
      /** How much of the batch budget an item uses (default 1). */
      weight?: (item: TIn) => number;
      /** Whether a failed shared batch is worth retrying item by item (not when the database is unreachable). */
      retryAlone?: (error: unknown) => boolean;
      /** How long a batch may wait for more items, counted from its oldest item's arrival (default 0). */
      lingerMs?: number;
      /** The clock, in ms (tests). */
      now?: () => number;
    },
  ) {}

  submit(item: TIn): Promise<TOut> {
    const at = this.now();
    // Gaps weigh 1/5 each, and one gap counts as at most a second, so a pause is forgotten soon.
    const gap = Math.min(at - this.lastArrival, 1000);
    this.gapMs = this.gapMs === Infinity ? gap : this.gapMs * 0.8 + gap * 0.2;
    this.lastArrival = at;
    return new Promise<TOut>((resolve, reject) => {
      this.waiting.push({ item, at, resolve, reject });
      this.waitingWeight += this.weight(item);
      this.startBatches();
    });
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  private weight(item: TIn): number {
    return this.options.weight ? this.options.weight(item) : 1;
  }

  /** How much longer the next batch should wait for company (0: start now). */
  private lingerLeft(): number {
    const lingerMs = this.options.lingerMs ?? 0;
    if (lingerMs <= 0 || this.waitingWeight >= this.options.maxBatchSize) return 0;
    const left = this.waiting[0].at + lingerMs - this.now();
    return left > 0 && this.gapMs < left ? left : 0;
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const linger = this.lingerLeft();
      if (linger > 0) {
        this.lingerTimer ??= setTimeout(() => {
          this.lingerTimer = undefined;
          this.startBatches();
        }, Math.ceil(linger));
        return;
      }
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      const batch: typeof this.waiting = [];
      let size = 0;
      while (
        this.waiting.length > 0 &&
        (batch.length === 0 || size + this.weight(this.waiting[0].item) <= this.options.maxBatchSize)
      ) {
        const next = this.waiting.shift() as (typeof this.waiting)[number];
        const w = this.weight(next.item);
        size += w;
        this.waitingWeight -= w;
        batch.push(next);
      }
      this.inFlight++;
      void this.settle(batch).finally(() => {
        this.inFlight--;
        this.startBatches();
      });
    }
  }

  private async settle(batch: typeof this.waiting): Promise<void> {
    try {
      const results = await this.runBatch(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1 || !(this.options.retryAlone?.(e) ?? false)) {
        batch.forEach((b) => b.reject(e));
        return;
      }
      await Promise.all(batch.map((b) => this.runBatch([b.item]).then(([out]) => b.resolve(out), b.reject)));
    }
  }
}

/**
 * PostgreSQL rejected a statement (a SQLSTATE outside classes 08, connection, and 57, operator
 * intervention), as opposed to being unreachable, when retrying alone would only wait again.
 */
export function isStatementError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57)/.test(code);
}
