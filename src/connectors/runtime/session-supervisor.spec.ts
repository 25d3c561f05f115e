import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ConnectorError } from '../sdk';
import { SessionSupervisor } from './session-supervisor';

/** A run the test ends by hand, recording when each run started (fake clock). */
function scriptedRuns() {
  const starts: number[] = [];
  const pending: { resolve: () => void; reject: (e: unknown) => void; signal: AbortSignal }[] = [];
  const run = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      starts.push(Date.now());
      pending.push({ resolve, reject, signal });
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  return { starts, pending, run, latest: () => pending[pending.length - 1] };
}

describe('SessionSupervisor', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('restarts a crashed session with exponential backoff and jitter, and resets it after a healthy run', async () => {
    const runs = scriptedRuns();
    const delays: (number | undefined)[] = [];
    const supervisor = new SessionSupervisor({
      run: runs.run,
      onRunFailed: (_e, delayMs) => delays.push(delayMs),
      random: () => 0.5,
      healthyAfterMs: 60_000,
    });
    supervisor.start();
    for (let crash = 0; crash < 4; crash++) {
      await jest.advanceTimersByTimeAsync(0);
      runs.latest().reject(new ConnectorError('transient', 'browser closed'));
      await jest.advanceTimersByTimeAsync(0);
      await jest.advanceTimersByTimeAsync(delays[delays.length - 1]!);
    }
    // 1 s, 2 s, 4 s, 8 s ceilings with "equal jitter" at random 0.5: 75 % of each ceiling.
    expect(delays).toEqual([750, 1500, 3000, 6000]);
    expect(runs.starts).toEqual([0, 750, 2250, 5250, 11250]);

    await jest.advanceTimersByTimeAsync(120_000); // a long healthy run
    runs.latest().reject(new ConnectorError('transient', 'connection lost'));
    await jest.advanceTimersByTimeAsync(0);
    expect(delays[delays.length - 1]).toBe(750);
    await supervisor.stop();
  });

  it('restarts soon after a clean end (a logout) without counting a failure', async () => {
    const runs = scriptedRuns();
    const supervisor = new SessionSupervisor({
      run: runs.run,
      onRunFailed: () => undefined,
      cleanRestartMs: 1000,
    });
    supervisor.start();
    await jest.advanceTimersByTimeAsync(0);
    runs.latest().resolve();
    await jest.advanceTimersByTimeAsync(999);
    expect(runs.starts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs.starts).toEqual([0, 1000]);
    expect(supervisor.failureCount).toBe(0);
    await supervisor.stop();
  });

  it.each(['config', 'auth'] as const)('stops restarting on %s errors until restartNow', async (kind) => {
    const runs = scriptedRuns();
    const delays: (number | undefined)[] = [];
    const supervisor = new SessionSupervisor({ run: runs.run, onRunFailed: (_e, d) => delays.push(d) });
    supervisor.start();
    await jest.advanceTimersByTimeAsync(0);
    runs.latest().reject(new ConnectorError(kind, 'Chromium could not be started'));
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(delays).toEqual([undefined]);
    expect(runs.starts).toHaveLength(1);
    supervisor.restartNow();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs.starts).toHaveLength(2);
    await supervisor.stop();
  });

  it('restartNow aborts the running session and starts a new one at once, backoff reset', async () => {
    const runs = scriptedRuns();
    const supervisor = new SessionSupervisor({
      run: runs.run,
      onRunFailed: () => undefined,
      random: () => 0,
    });
    supervisor.start();
    await jest.advanceTimersByTimeAsync(0);
    runs.latest().reject(new ConnectorError('transient', 'x'));
    await jest.advanceTimersByTimeAsync(500);
    runs.latest().reject(new ConnectorError('transient', 'x'));
    await jest.advanceTimersByTimeAsync(0);
    expect(supervisor.failureCount).toBe(2);
    supervisor.restartNow(); // during the backoff wait
    await jest.advanceTimersByTimeAsync(0);
    expect(runs.starts).toHaveLength(3);
    const third = runs.latest();
    supervisor.restartNow(); // during a run
    await jest.advanceTimersByTimeAsync(0);
    expect(third.signal.aborted).toBe(true);
    expect(runs.starts).toHaveLength(4);
    expect(supervisor.failureCount).toBe(0);
    await supervisor.stop();
  });

  it('stop aborts the run and never restarts', async () => {
    const runs = scriptedRuns();
    const supervisor = new SessionSupervisor({ run: runs.run, onRunFailed: () => undefined });
    supervisor.start();
    await jest.advanceTimersByTimeAsync(0);
    const first = runs.latest();
    await supervisor.stop();
    expect(first.signal.aborted).toBe(true);
    await jest.advanceTimersByTimeAsync(600_000);
    expect(runs.starts).toHaveLength(1);
  });
});
