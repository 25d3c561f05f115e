import { describe, expect, it } from '@jest/globals';
import type { ClientFrame } from '../shared/protocol';
import { manualTimers } from './manual-timers.testing';
import { TypingSender } from './typing-sender';

type Step = [atMs: number, action: string];

/** Runs input/send steps on a hand-driven clock and returns the frames sent, with their times. */
function run(steps: Step[], sneakPeek: boolean, untilMs = 10_000): Array<[number, string]> {
  const timers = manualTimers();
  const sent: Array<[number, string]> = [];
  const describeFrame = (f: Extract<ClientFrame, { type: 'typing' }>): string =>
    f.on ? `on${f.draft === undefined ? '' : `:${f.draft}`}` : 'off';
  const typing = new TypingSender(
    (f) => sent.push([timers.now(), describeFrame(f)]),
    () => sneakPeek,
    timers,
  );
  let now = 0;
  for (const [at, action] of steps) {
    timers.advance(at - now);
    now = at;
    if (action === 'send') typing.stop();
    else typing.input(action);
  }
  timers.advance(untilMs - now);
  return sent;
}

describe('TypingSender', () => {
  it.each<[string, Step[], boolean, Array<[number, string]>]>([
    [
      'sneak peek: drafts at most every 250 ms, then off after 3 s idle',
      [
        [0, 'h'],
        [100, 'he'],
        [200, 'hel'],
        [300, 'hell'],
      ],
      true,
      [
        [0, 'on:h'],
        [250, 'on:hel'],
        [500, 'on:hell'],
        [3300, 'off'],
      ],
    ],
    [
      'no sneak peek: no draft, one on:true per 2 s',
      [
        [0, 'h'],
        [500, 'he'],
        [1000, 'hel'],
        [2500, 'hell'],
      ],
      false,
      [
        [0, 'on'],
        [2000, 'on'],
        [4000, 'on'],
        [5500, 'off'],
      ],
    ],
    [
      'sending stops typing at once and drops the pending draft',
      [
        [0, 'hi'],
        [100, 'hi!'],
        [150, 'send'],
      ],
      true,
      [
        [0, 'on:hi'],
        [150, 'off'],
      ],
    ],
    [
      'clearing the text stops typing',
      [
        [0, 'x'],
        [1000, ''],
      ],
      true,
      [
        [0, 'on:x'],
        [1000, 'off'],
      ],
    ],
    ['sending without having typed sends nothing', [[0, 'send']], true, []],
  ])('%s', (_name, steps, sneakPeek, expected) => {
    expect(run(steps, sneakPeek)).toEqual(expected);
  });

  it('cuts a long draft to 2,000 characters', () => {
    const frames: Array<Extract<ClientFrame, { type: 'typing' }>> = [];
    new TypingSender(
      (f) => frames.push(f),
      () => true,
      manualTimers(),
    ).input('x'.repeat(5000));
    expect(frames[0].draft).toHaveLength(2000);
  });
});
