/**
 * Group commit: work items that arrive while earlier batches are in flight wait and are handled
 * together by the next batch, so under load one transaction (one commit, few round trips) serves
 * many callers, while a lone item goes straight through with no added delay. Each caller gets
 * its own result, or its own error: when a shared batch fails on a statement, each of its items
 * is retried alone (`retryAlone`), so one bad item never fails the others.
 *
 * With `lingerMs`, a batch that could start may first wait for company, at most `lingerMs` after
 * its oldest item arrived, while items keep arriving: at medium load a flight then serves
 * several items instead of one or two, which is what its fixed cost (round trips, commit, jobs,
 * wake-ups of other processes) asks for. It waits only
 * - while items arrive more often than that (a moving average of the gaps between arrivals), so
 *   a lone item or a trickle goes straight through;
 * - until a pause of four times the usual gap: callers that all wait for their answers (a closed
 *   loop) send nothing more until the batch is done;
 * - while lingering pays: a linger that gained nothing (one sender posting one item after
 *   another) turns lingering off for the next 16 batches, 32 after a second such linger in a
 *   row, and so on up to 256.
 * A full batch never waits.
 */
export class GroupCommit<TIn, TOut> {
  private readonly waiting: { item: TIn; at: number; resolve(out: TOut): void; reject(e: unknown): void }[] =
    [];
  private waitingWeight = 0;
  private inFlight = 0;
  /** Moving average of the gaps between arrivals, in ms (as if the last arrival was a second ago). */
  private gapMs = 1000;
  private lastArrival = -Infinity;
  private lingerTimer?: NodeJS.Timeout;
  /** The waiting weight when the current linger began. */
  private lingerFrom?: number;
  /** Lingers in a row that gained nothing, and how many batches start without lingering. */
  private lingerMisses = 0;
  private lingerPause = 0;

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
    this.gapMs = this.gapMs * 0.8 + Math.min(at - this.lastArrival, 1000) * 0.2;
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
    if (lingerMs <= 0 || this.lingerPause > 0 || this.waitingWeight >= this.options.maxBatchSize) return 0;
    const now = this.now();
    const untilDeadline = this.waiting[0].at + lingerMs - now;
    if (!(this.gapMs < untilDeadline)) return 0;
    const quietMs = Math.min(lingerMs, Math.max(1, 4 * this.gapMs));
    return Math.max(0, Math.min(untilDeadline, this.lastArrival + quietMs - now));
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const linger = this.lingerLeft();
      if (linger > 0) {
        this.lingerFrom ??= this.waitingWeight;
        this.lingerTimer ??= setTimeout(() => {
          this.lingerTimer = undefined;
          this.startBatches();
        }, Math.ceil(linger));
        return;
      }
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      this.noteLinger();
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

  /** A batch starts: did its linger (if it had one) gain company? */
  private noteLinger(): void {
    if (this.lingerFrom === undefined) {
      if (this.lingerPause > 0) this.lingerPause--;
      return;
    }
    if (this.waitingWeight > this.lingerFrom) this.lingerMisses = 0;
    else this.lingerPause = 16 << Math.min(4, this.lingerMisses++);
    this.lingerFrom = undefined;
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
