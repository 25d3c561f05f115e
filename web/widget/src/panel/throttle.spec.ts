import { describe, expect, it } from '@jest/globals';
import { manualTimers } from './manual-timers.testing';
import { throttle } from './throttle';

describe('throttle', () => {
  it.each([
    // [description, call times in ms, expected fire times]
    ['a single call fires at once', [0], [0]],
    ['calls 250 ms apart all fire', [0, 250, 500], [0, 250, 500]],
    ['a burst fires once at once and once trailing', [0, 10, 20, 30], [0, 250]],
    [
      'steady typing fires every 250 ms, never more than 4 per second',
      [0, 50, 100, 150, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
      [0, 250, 500, 750, 1000, 1250],
    ],
    ['a call after a quiet spell fires at once', [0, 1000], [0, 1000]],
  ])('%s', (_name, calls, expected) => {
    const timers = manualTimers();
    const fired: number[] = [];
    const run = throttle(() => fired.push(timers.now()), 250, timers);
    let at = 0;
    for (const t of calls) {
      timers.advance(t - at);
      at = t;
      run();
    }
    timers.advance(2000);
    expect(fired).toEqual(expected);
  });

  it('the trailing call carries the latest arguments', () => {
    const timers = manualTimers();
    const drafts: string[] = [];
    const run = throttle((draft: string) => drafts.push(draft), 250, timers);
    run('h');
    run('he');
    run('hel');
    timers.advance(250);
    expect(drafts).toEqual(['h', 'hel']);
  });

  it('cancel drops the pending trailing call', () => {
    const timers = manualTimers();
    const drafts: string[] = [];
    const run = throttle((draft: string) => drafts.push(draft), 250, timers);
    run('a');
    run('ab');
    run.cancel();
    timers.advance(1000);
    expect(drafts).toEqual(['a']);
  });
});
