import { describe, expect, it } from '@jest/globals';
import type { ReplyWindow } from '../api/hub-types';
import { formatRemaining, msUntilNoticeChanges, replyWindowNotice } from './reply-window';

const NOW = Date.parse('2024-06-02T09:00:00Z');
const HOUR = 3600_000;
const at = (ms: number) => new Date(NOW + ms).toISOString();

const open = (closesIn: number | null, extra: Partial<ReplyWindow> = {}): ReplyWindow => ({
  open: true,
  state: 'OPEN',
  closesAt: closesIn === null ? null : at(closesIn),
  reason: null,
  templatesAllowed: false,
  ...extra,
});
const WHATSAPP_CLOSED: ReplyWindow = {
  open: false,
  state: 'CLOSED',
  closesAt: null,
  reason:
    "More than 24 hours since the customer's last message: WhatsApp accepts only an approved template until they write again.",
  templatesAllowed: true,
};
const MESSENGER_TAGGED: ReplyWindow = {
  open: true,
  state: 'TAG_REQUIRED',
  closesAt: '2024-06-08T12:00:00Z',
  reason:
    "More than 24 hours since the customer's last message: replies go out with Messenger's HUMAN_AGENT tag.",
  templatesAllowed: false,
};

describe('replyWindowNotice', () => {
  it.each<[string, ReplyWindow | null, Record<string, unknown> | null]>([
    ['no window (not loaded)', null, null],
    ['a channel without a window (open, never closes)', open(null), null],
    ['open with 20 h left', open(20 * HOUR), null],
    ['open with exactly 4 h left', open(4 * HOUR), null],
    [
      'open with 3 h left',
      open(3 * HOUR),
      {
        kind: 'closingSoon',
        message: { key: 'replyWindowClosesIn', values: { time: '3 hr' } },
        freeTextBlocked: false,
      },
    ],
    [
      'open with 45 min left, templates afterwards (WhatsApp)',
      open(45 * 60_000, { templatesAllowed: true }),
      {
        kind: 'closingSoon',
        message: { key: 'replyWindowClosesInTemplates', values: { time: '45 min' } },
        templatesAllowed: true,
      },
    ],
    [
      'open but closesAt has passed (the hub has not been asked again)',
      open(-1000),
      { kind: 'expired', message: { key: 'replyWindowExpired', values: {} }, freeTextBlocked: false },
    ],
    [
      'tag required (Messenger, Human Agent tag until a date)',
      MESSENGER_TAGGED,
      {
        kind: 'tagRequired',
        message: { key: 'replyWindowTagUntil', values: { until: 'Jun 8, 2024, 12:00 PM' } },
        hubReason: null,
        freeTextBlocked: false,
      },
    ],
    [
      'tag required without an end',
      { ...MESSENGER_TAGGED, closesAt: null },
      { kind: 'tagRequired', message: { key: 'replyWindowTag', values: {} } },
    ],
    [
      'closed, templates allowed (WhatsApp after 24 h)',
      WHATSAPP_CLOSED,
      {
        kind: 'closed',
        message: { key: 'replyWindowClosedTemplates', values: {} },
        hubReason: WHATSAPP_CLOSED.reason,
        freeTextBlocked: true,
        templatesAllowed: true,
      },
    ],
    [
      'closed without templates and without words from the hub (Messenger)',
      { open: false, state: 'CLOSED', closesAt: null, reason: '  ', templatesAllowed: false },
      {
        kind: 'closed',
        message: { key: 'replyWindowClosed', values: {} },
        hubReason: null,
        freeTextBlocked: true,
        templatesAllowed: false,
      },
    ],
  ])('%s', (_name, window, expected) => {
    const notice = replyWindowNotice(window, NOW, 'en-US');
    if (expected === null) expect(notice).toBeNull();
    else expect(notice).toMatchObject(expected);
  });
});

describe('msUntilNoticeChanges', () => {
  it.each<[string, ReplyWindow | null, number | null]>([
    ['nothing loaded', null, null],
    ['never closes', open(null), null],
    ['closed (only a new message reopens it)', WHATSAPP_CLOSED, null],
    ['open with 10 h left: when the countdown starts', open(10 * HOUR), 6 * HOUR],
    ['open with 3 h left: when it closes', open(3 * HOUR), 3 * HOUR],
    ['tagged window: when it ends', MESSENGER_TAGGED, Date.parse('2024-06-08T12:00:00Z') - NOW],
    ['already past', open(-5), null],
  ])('%s → %p', (_name, window, expected) => {
    expect(msUntilNoticeChanges(window, NOW)).toBe(expected);
  });
});

describe('formatRemaining', () => {
  it.each<[number, string, string]>([
    [3 * HOUR, 'en', '3 hr'],
    [3 * HOUR + 20 * 60_000, 'en', '3 hr'],
    [90 * 60_000, 'en', '2 hr'],
    [89 * 60_000, 'en', '89 min'],
    [10_000, 'en', '1 min'],
    [0, 'en', '1 min'],
  ])('%p ms in %s → %p', (ms, locale, expected) => {
    expect(formatRemaining(ms, locale)).toBe(expected);
  });

  it.each(['ar', 'he'])('speaks %s', (locale) => {
    expect(formatRemaining(3 * HOUR, locale)).not.toBe(formatRemaining(3 * HOUR, 'en'));
  });
});
