import type { ReplyWindow } from '../sdk';
import { messengerReplyWindow } from './messenger-reply-window';

const last = new Date('2024-06-01T12:00:00Z');
const hours = (h: number) => new Date(last.getTime() + h * 3600_000);

describe('messengerReplyWindow', () => {
  it.each<[string, Date | null, number, boolean, ReplyWindow['state'], Date | null]>([
    ['never wrote', null, 1, true, 'closed', null],
    ['1 h ago', last, 1, false, 'open', hours(24)],
    ['1 h ago, tag enabled: open until the tag window ends', last, 1, true, 'open', hours(168)],
    ['exactly 24 h ago without the tag', last, 24, false, 'closed', null],
    ['25 h ago without the tag', last, 25, false, 'closed', null],
    ['25 h ago with the tag', last, 25, true, 'tag_required', hours(168)],
    ['6 days 23 h ago with the tag', last, 167, true, 'tag_required', hours(168)],
    ['7 days ago with the tag', last, 168, true, 'closed', null],
  ])('%s', (_name, lastInboundAt, nowHours, humanAgentTag, state, closesAt) => {
    const window = messengerReplyWindow({ lastInboundAt, now: hours(nowHours), settings: { humanAgentTag } });
    expect(window.state).toBe(state);
    expect(window.closesAt).toEqual(closesAt);
    if (state !== 'open') expect(window.reason).toEqual(expect.any(String));
  });

  it('tells the agent how to reach 7 days when the tag is off', () => {
    expect(messengerReplyWindow({ lastInboundAt: last, now: hours(30), settings: {} }).reason).toMatch(
      /HUMAN_AGENT/,
    );
  });
});
