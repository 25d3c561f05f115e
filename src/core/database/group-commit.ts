/**
 * Group commit: work items that arrive while earlier batches are in flight wait and are handled
 * together by the next batch, so under load one transaction (one commit, few round trips) serves
 * many callers, while a lone item goes straight through with no added delay. Each caller gets
 * its own result, or its own error: when a shared batch fails on a statement, each of its items
 * is retried alone (`retryAlone`), so one bad item never fails the others.
 */
export class GroupCommit<TIn, TOut> {
  private readonly waiting: { item: TIn; resolve(out: TOut): void; reject(e: unknown): void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly runBatch: (items: TIn[]) => Promise<TOut[]>,
    private readonly options: {
      maxInFlight: number;
      maxBatchSize: number;
      /** How much of the batch budget an item uses (default 1). */
      weight?: (item: TIn) => number;
      /** Whether a failed shared batch is worth retrying item by item (not when the database is unreachable). */
      retryAlone?: (error: unknown) => boolean;
    },
  ) {}

  submit(item: TIn): Promise<TOut> {
    return new Promise<TOut>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    const weight = this.options.weight ?? (() => 1);
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch: typeof this.waiting = [];
      let size = 0;
      while (
        this.waiting.length > 0 &&
        (batch.length === 0 || size + weight(this.waiting[0].item) <= this.options.maxBatchSize)
      ) {
        const next = this.waiting.shift() as (typeof this.waiting)[number];
        size += weight(next.item);
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
