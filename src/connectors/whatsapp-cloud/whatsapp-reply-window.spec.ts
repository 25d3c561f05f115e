import type { ReplyWindow } from '../sdk';
import { whatsappReplyWindow } from './whatsapp-reply-window';

const last = new Date('2024-06-01T12:00:00Z');
const hours = (h: number) => new Date(last.getTime() + h * 3600_000);

describe('whatsappReplyWindow', () => {
  const closed = (why: RegExp): ReplyWindow => ({
    state: 'closed',
    closesAt: null,
    templatesAllowed: true,
    reason: expect.stringMatching(why) as string,
  });
  it.each<[string, Date | null, Date, ReplyWindow]>([
    ['never wrote', null, hours(1), closed(/not written.*template/)],
    ['1 h ago', last, hours(1), { state: 'open', closesAt: hours(24), templatesAllowed: true }],
    ['23 h 59 ago', last, hours(23.99), { state: 'open', closesAt: hours(24), templatesAllowed: true }],
    ['exactly 24 h ago', last, hours(24), closed(/24 hours.*template/)],
    ['25 h ago', last, hours(25), closed(/24 hours.*template/)],
  ])('%s', (_name, lastInboundAt, now, expected) => {
    expect(whatsappReplyWindow({ lastInboundAt, now, settings: {} })).toEqual(expected);
  });
});
