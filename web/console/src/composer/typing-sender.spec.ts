import { describe, expect, it } from '@jest/globals';
import { TypingSender, type Timers } from './typing-sender';

/** Timers moved by hand. */
function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
    now: () => now,
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...pending]) {
      if (timer.at <= now) {
        pending.delete(id);
        timer.fn();
      }
    }
  };
  return { timers, advance };
}

describe('TypingSender', () => {
  it('sends true once when typing starts, again every 2 s, and false after 3 s idle', () => {
    const sent: boolean[] = [];
    const { timers, advance } = manualTimers();
    const sender = new TypingSender((typing) => sent.push(typing), timers);
    sender.input('H');
    advance(500);
    sender.input('He');
    expect(sent).toEqual([true]);
    advance(1_600);
    sender.input('Hel');
    expect(sent).toEqual([true, true]);
    advance(3_000);
    expect(sent).toEqual([true, true, false]);
  });

  it('stops at once when the text is cleared, and only once', () => {
    const sent: boolean[] = [];
    const { timers, advance } = manualTimers();
    const sender = new TypingSender((typing) => sent.push(typing), timers);
    sender.input('Hi');
    sender.input('');
    sender.stop();
    advance(5_000);
    expect(sent).toEqual([true, false]);
  });

  it('sends nothing when stopped without typing', () => {
    const sent: boolean[] = [];
    new TypingSender((typing) => sent.push(typing), manualTimers().timers).stop();
    expect(sent).toEqual([]);
  });
});
