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
