import { GroupCommit, isStatementError } from './group-commit';

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('runs a lone item at once and batches the ones that arrive meanwhile', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return items.map((i) => i * 10);
      },
      { maxInFlight: 1, maxBatchSize: 3 },
    );
    const first = group.submit(1);
    await tick();
    const rest = [2, 3, 4, 5].map((i) => group.submit(i));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('retries the items of a failed shared batch alone, so only the bad one fails', async () => {
    const statementError = Object.assign(new Error('bad row'), { code: '23514' });
    const group = new GroupCommit<number, number>(
      async (items) => {
        if (items.includes(13)) throw statementError;
        return items;
      },
      { maxInFlight: 1, maxBatchSize: 10, retryAlone: isStatementError },
    );
    const blocker = group.submit(0);
    const results = await Promise.allSettled([blocker, group.submit(12), group.submit(13), group.submit(14)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails a whole batch at once when the database is unreachable', async () => {
    let calls = 0;
    const group = new GroupCommit<number, number>(
      async () => {
        calls++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
      { maxInFlight: 1, maxBatchSize: 10, retryAlone: isStatementError },
    );
    const results = await Promise.allSettled([group.submit(1), group.submit(2), group.submit(3)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(calls).toBe(2); // the first alone, then the two that waited, together; no retries
  });

  describe('lingering (lingerMs)', () => {
    // A clock the test moves, with Jest's timers moved alongside.
    let t = 0;
    const advance = async (ms: number) => {
      for (let i = 0; i < ms; i++) {
        t += 1;
        await jest.advanceTimersByTimeAsync(1);
      }
    };
    beforeEach(() => {
      jest.useFakeTimers();
      t = 0;
    });
    afterEach(() => jest.useRealTimers());

    /** Records each batch with the time it started and the arrival time of its oldest item. */
    function recorder(options: { maxBatchSize: number; lingerMs: number }) {
      const arrivals = new Map<number, number>();
      const batches: { items: number[]; startedAt: number; oldestWaitedMs: number }[] = [];
      const group = new GroupCommit<number, number>(
        async (items) => {
          batches.push({ items, startedAt: t, oldestWaitedMs: t - (arrivals.get(items[0]) ?? t) });
          return items;
        },
        { maxInFlight: 1, ...options, now: () => t },
      );
      const submit = (i: number) => {
        arrivals.set(i, t);
        return group.submit(i);
      };
      return { batches, submit };
    }

    it('gathers items into fewer batches while they arrive more often than the linger, none waiting longer than it', async () => {
      const { batches, submit } = recorder({ maxBatchSize: 100, lingerMs: 5 });
      const done: Promise<number>[] = [];
      for (let i = 0; i < 80; i++) {
        done.push(submit(i));
        await advance(1);
      }
      await advance(10);
      expect(await Promise.all(done)).toEqual([...Array(80).keys()]);
      expect(batches.flatMap((b) => b.items)).toEqual([...Array(80).keys()]);
      // Once the stream is steady (the average gap falls under 5 ms), batches hold about five items.
      const steady = batches.filter((b) => b.items[0] >= 40);
      expect(steady.length).toBeGreaterThan(0);
      expect(steady.every((b) => b.items.length >= 4)).toBe(true);
      expect(Math.max(...batches.map((b) => b.oldestWaitedMs))).toBeLessThanOrEqual(5);
    });

    it('without lingerMs, the same stream goes one item per batch', async () => {
      const { batches, submit } = recorder({ maxBatchSize: 100, lingerMs: 0 });
      for (let i = 0; i < 20; i++) {
        void submit(i);
        await advance(1);
      }
      expect(batches.map((b) => b.items.length)).toEqual(Array(20).fill(1));
    });

    it('never holds back a trickle: items further apart than the linger start at once', async () => {
      const { batches, submit } = recorder({ maxBatchSize: 100, lingerMs: 5 });
      for (let i = 0; i < 10; i++) {
        void submit(i);
        await Promise.resolve();
        expect(batches).toHaveLength(i + 1);
        expect(batches[i].oldestWaitedMs).toBe(0);
        await advance(20);
      }
    });

    it('starts a full batch at once, without waiting out the linger', async () => {
      const { batches, submit } = recorder({ maxBatchSize: 3, lingerMs: 50 });
      for (let i = 0; i < 60; i++) {
        void submit(i);
        await advance(1);
      }
      // Once lingering, each batch leaves as its third item arrives, long before 50 ms.
      const steady = batches.filter((b) => b.items[0] >= 30);
      expect(steady.length).toBeGreaterThan(5);
      expect(steady.every((b) => b.items.length === 3 && b.oldestWaitedMs === 2)).toBe(true);
    });

    it('stops lingering at a pause: callers that wait for their answers send nothing more', async () => {
      // A closed loop: 8 callers, each sending again as soon as it has its answer.
      const { batches, submit } = recorder({ maxBatchSize: 100, lingerMs: 20 });
      const caller = async (c: number) => {
        for (let k = 0; k < 30; k++) await submit(c * 1000 + k);
      };
      const callers = Promise.all([...Array(8).keys()].map(caller));
      for (let i = 0; i < 400 && batches.flatMap((b) => b.items).length < 240; i++) await advance(1);
      await callers;
      expect(batches.flatMap((b) => b.items)).toHaveLength(240);
      // Past the first few (the average gap still falling from the idle time before), no batch
      // waits out the 20 ms: it leaves at the first pause of a millisecond or two.
      expect(Math.max(...batches.slice(5).map((b) => b.oldestWaitedMs))).toBeLessThanOrEqual(2);
    });

    it('turns lingering off when it gains nothing: one caller posting one item after another', async () => {
      const { batches, submit } = recorder({ maxBatchSize: 100, lingerMs: 10 });
      const serial = (async () => {
        for (let k = 0; k < 100; k++) {
          await submit(k);
          await advance(2); // the caller's round trip
        }
      })();
      for (let i = 0; i < 2000 && batches.length < 100; i++) await advance(1);
      await serial;
      expect(batches.map((b) => b.items.length)).toEqual(Array(100).fill(1));
      // Lingering is tried again now and then, and turned off for longer each time it gains nothing.
      const lingered = batches.filter((b) => b.oldestWaitedMs > 0).length;
      expect(lingered).toBeLessThanOrEqual(5);
    });
  });

  it.each([
    ['23505', true],
    ['40P01', true],
    ['08006', false],
    ['57P01', false],
    ['ECONNREFUSED', false],
    [undefined, false],
  ])('isStatementError(%s) is %s', (code, expected) => {
    expect(isStatementError(Object.assign(new Error('x'), { code }))).toBe(expected);
  });
});
