import { KeyedCoalescer } from './keyed-coalescer';

describe('KeyedCoalescer', () => {
  let runs: string[];
  let errors: string[];
  let release: (() => void) | undefined;
  let blocking: boolean;
  let coalescer: KeyedCoalescer;

  beforeEach(() => {
    jest.useFakeTimers();
    runs = [];
    errors = [];
    blocking = false;
    release = undefined;
    coalescer = new KeyedCoalescer(
      250,
      async (key) => {
        runs.push(key);
        if (key === 'broken') throw new Error('query failed');
        if (blocking) await new Promise<void>((resolve) => (release = resolve));
      },
      (key) => errors.push(key),
    );
  });
  afterEach(() => {
    coalescer.stop();
    jest.useRealTimers();
  });

  it('runs a burst of 150 requests once, after the interval (trailing)', async () => {
    for (let i = 0; i < 150; i++) coalescer.request('ws1');
    await jest.advanceTimersByTimeAsync(249);
    expect(runs).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(['ws1']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toEqual(['ws1']);
  });

  it('keeps keys apart', async () => {
    coalescer.request('ws1');
    coalescer.request('ws2');
    coalescer.request('ws1');
    await jest.advanceTimersByTimeAsync(250);
    expect(runs.sort()).toEqual(['ws1', 'ws2']);
  });

  it('runs again after the interval when asked while running, never overlapping', async () => {
    blocking = true;
    coalescer.request('ws1');
    await jest.advanceTimersByTimeAsync(250);
    expect(runs).toEqual(['ws1']);
    coalescer.request('ws1'); // a change the running task may not have seen
    coalescer.request('ws1');
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(['ws1']); // still running: no second run beside it
    blocking = false;
    release?.();
    await jest.advanceTimersByTimeAsync(249);
    expect(runs).toEqual(['ws1']);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(['ws1', 'ws1']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toEqual(['ws1', 'ws1']);
  });

  it('starts afresh after a quiet run: a later request runs again', async () => {
    coalescer.request('ws1');
    await jest.advanceTimersByTimeAsync(250);
    coalescer.request('ws1');
    await jest.advanceTimersByTimeAsync(250);
    expect(runs).toEqual(['ws1', 'ws1']);
  });

  it('reports a failed run and keeps serving the key', async () => {
    coalescer.request('broken');
    await jest.advanceTimersByTimeAsync(250);
    expect(errors).toEqual(['broken']);
    coalescer.request('broken');
    await jest.advanceTimersByTimeAsync(250);
    expect(runs).toEqual(['broken', 'broken']);
  });

  it('drops armed timers and ignores requests once stopped', async () => {
    coalescer.request('ws1');
    coalescer.stop();
    coalescer.request('ws2');
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual([]);
  });
});
