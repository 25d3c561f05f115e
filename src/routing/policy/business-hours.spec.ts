import { isOpen, nextOpening } from './business-hours';
import type { BusinessHours } from './routing-policy.types';

const weekdays = (timeZone: string, from: string, to: string, closedDates?: string[]): BusinessHours => ({
  timeZone,
  weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from, to })),
  closedDates,
});
const berlin = weekdays('Europe/Berlin', '09:00', '17:00', ['2024-12-25']);
const newYork = weekdays('America/New_York', '09:00', '17:00');
const kiritimati = weekdays('Pacific/Kiritimati', '09:00', '17:00');
const stJohns = weekdays('America/St_Johns', '09:00', '17:00');
const berlinEvenings: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: [{ day: 1, from: '18:00', to: '24:00' }],
};
// Sunday intervals that sit on the DST transitions of 2024.
const berlinSpringNight: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: [{ day: 0, from: '02:30', to: '04:00' }],
};
const berlinAutumnNight: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: [{ day: 0, from: '02:00', to: '03:00' }],
};
const newYorkAutumnNight: BusinessHours = {
  timeZone: 'America/New_York',
  weekly: [{ day: 0, from: '01:00', to: '02:00' }],
};
const newYorkInsideGap: BusinessHours = {
  timeZone: 'America/New_York',
  weekly: [{ day: 0, from: '02:00', to: '02:30' }],
};
const newYorkSpringNight: BusinessHours = {
  timeZone: 'America/New_York',
  weekly: [{ day: 0, from: '02:30', to: '05:00' }],
};

describe('isOpen', () => {
  it.each<[string, BusinessHours | null, string, boolean]>([
    ['no hours: always open', null, '2024-01-07T03:00:00Z', true],
    ['Berlin winter, 08:59 local', berlin, '2024-01-08T07:59:00Z', false],
    ['Berlin winter, 09:00 local (UTC+1)', berlin, '2024-01-08T08:00:00Z', true],
    ['Berlin winter, 16:59 local', berlin, '2024-01-08T15:59:59Z', true],
    ['Berlin winter, 17:00 local: the end is exclusive', berlin, '2024-01-08T16:00:00Z', false],
    ['Berlin summer, 09:00 local (UTC+2)', berlin, '2024-07-08T07:00:00Z', true],
    ['Berlin summer, 08:00 UTC is 10:00 local', berlin, '2024-07-08T08:00:00Z', true],
    ['Berlin summer, 17:00 local', berlin, '2024-07-08T15:00:00Z', false],
    ['Berlin, the Monday after spring forward, 09:00 CEST', berlin, '2024-04-01T07:00:00Z', true],
    ['Berlin, the Monday after spring forward, 08:59 CEST', berlin, '2024-04-01T06:59:00Z', false],
    ['Berlin, Saturday', berlin, '2024-01-13T10:00:00Z', false],
    ['Berlin, closed date (a Wednesday)', berlin, '2024-12-25T10:00:00Z', false],
    ['Berlin, the day after the closed date', berlin, '2024-12-26T10:00:00Z', true],
    ['Berlin spring forward: 01:59 CET, before the gap', berlinSpringNight, '2024-03-31T00:59:00Z', false],
    [
      'Berlin spring forward: the clock jumps to 03:00, past 02:30',
      berlinSpringNight,
      '2024-03-31T01:00:00Z',
      true,
    ],
    ['Berlin spring forward: 03:59 CEST', berlinSpringNight, '2024-03-31T01:59:00Z', true],
    ['Berlin spring forward: 04:00 CEST', berlinSpringNight, '2024-03-31T02:00:00Z', false],
    ['Berlin fall back: first 02:30 (CEST)', berlinAutumnNight, '2024-10-27T00:30:00Z', true],
    ['Berlin fall back: second 02:30 (CET)', berlinAutumnNight, '2024-10-27T01:30:00Z', true],
    ['Berlin fall back: 03:00 CET', berlinAutumnNight, '2024-10-27T02:00:00Z', false],
    ['Berlin fall back: 01:59 CEST', berlinAutumnNight, '2024-10-26T23:59:00Z', false],
    ['New York winter, 09:00 EST', newYork, '2024-01-08T14:00:00Z', true],
    ['New York winter, 08:59 EST', newYork, '2024-01-08T13:59:00Z', false],
    ['New York summer, 09:00 EDT', newYork, '2024-07-08T13:00:00Z', true],
    ['New York, Monday 09:00 EDT right after spring forward', newYork, '2024-03-11T13:00:00Z', true],
    ['New York, Monday 09:00 EST right after fall back', newYork, '2024-11-04T14:00:00Z', true],
    ['New York, Monday 08:00 EST right after fall back', newYork, '2024-11-04T13:00:00Z', false],
    ['New York fall back: 01:30 EDT', newYorkAutumnNight, '2024-11-03T05:30:00Z', true],
    ['New York fall back: 01:30 EST (the repeated hour)', newYorkAutumnNight, '2024-11-03T06:30:00Z', true],
    ['New York fall back: 02:00 EST', newYorkAutumnNight, '2024-11-03T07:00:00Z', false],
    [
      'New York: an interval inside the spring gap never opens',
      newYorkInsideGap,
      '2024-03-10T07:00:00Z',
      false,
    ],
    ['Kiritimati (UTC+14): Monday 09:00 is Sunday 19:00 UTC', kiritimati, '2024-01-07T19:00:00Z', true],
    ['Kiritimati: Sunday 18:59 UTC is Monday 08:59', kiritimati, '2024-01-07T18:59:00Z', false],
    ['Kiritimati: Monday 03:00 UTC is Monday 17:00', kiritimati, '2024-01-08T03:00:00Z', false],
    ['Kiritimati: Friday 10:00 UTC is Saturday', kiritimati, '2024-01-12T10:00:00Z', false],
    ['St Johns winter (UTC-3:30): 09:00 NST', stJohns, '2024-01-08T12:30:00Z', true],
    ['St Johns winter: 08:59 NST', stJohns, '2024-01-08T12:29:00Z', false],
    ['St Johns summer (UTC-2:30): 09:00 NDT', stJohns, '2024-07-08T11:30:00Z', true],
    ['St Johns summer: 16:59 NDT', stJohns, '2024-07-08T19:29:00Z', true],
    ['St Johns summer: 17:00 NDT', stJohns, '2024-07-08T19:30:00Z', false],
    ['24:00 end: 23:59 local is open', berlinEvenings, '2024-01-08T22:59:00Z', true],
    ['24:00 end: midnight belongs to the next day', berlinEvenings, '2024-01-08T23:00:00Z', false],
    ['no weekly intervals: always closed', { timeZone: 'UTC', weekly: [] }, '2024-01-08T12:00:00Z', false],
  ])('%s', (_name, hours, now, open) => {
    expect(isOpen(hours, new Date(now))).toBe(open);
  });
});

describe('nextOpening', () => {
  it.each<[string, BusinessHours | null, string, string | null]>([
    ['no hours: now', null, '2024-01-07T03:00:00Z', '2024-01-07T03:00:00.000Z'],
    ['open: now', berlin, '2024-01-08T10:00:00Z', '2024-01-08T10:00:00.000Z'],
    ['before opening, same day', berlin, '2024-01-08T06:00:00Z', '2024-01-08T08:00:00.000Z'],
    ['Friday evening: Monday morning', berlin, '2024-01-12T17:00:00Z', '2024-01-15T08:00:00.000Z'],
    ['over the spring DST weekend: 09:00 CEST', berlin, '2024-03-29T17:00:00Z', '2024-04-01T07:00:00.000Z'],
    ['over the autumn DST weekend: 09:00 CET', berlin, '2024-10-25T17:00:00Z', '2024-10-28T08:00:00.000Z'],
    ['skips a closed date', berlin, '2024-12-24T17:00:00Z', '2024-12-26T08:00:00.000Z'],
    [
      'Berlin: an opening inside the spring gap opens when the clock jumps',
      berlinSpringNight,
      '2024-03-31T00:00:00Z',
      '2024-03-31T01:00:00.000Z',
    ],
    [
      'Berlin: the first of two 02:00s',
      berlinAutumnNight,
      '2024-10-26T23:00:00Z',
      '2024-10-27T00:00:00.000Z',
    ],
    [
      'Berlin: after the doubled hour, next week',
      berlinAutumnNight,
      '2024-10-27T02:00:00Z',
      '2024-11-03T01:00:00.000Z',
    ],
    [
      'New York: the first 01:00, EDT',
      newYorkAutumnNight,
      '2024-11-03T04:00:00Z',
      '2024-11-03T05:00:00.000Z',
    ],
    [
      'New York: opening in the gap, at 03:00 EDT',
      newYorkSpringNight,
      '2024-03-10T06:00:00Z',
      '2024-03-10T07:00:00.000Z',
    ],
    [
      'New York: an interval inside the gap is skipped that week',
      newYorkInsideGap,
      '2024-03-10T06:00:00Z',
      '2024-03-17T06:00:00.000Z',
    ],
    [
      'New York: Friday evening to Monday 09:00 EDT over spring forward',
      newYork,
      '2024-03-08T23:00:00Z',
      '2024-03-11T13:00:00.000Z',
    ],
    [
      'Kiritimati: Saturday local to Monday 09:00 local',
      kiritimati,
      '2024-01-12T10:00:00Z',
      '2024-01-14T19:00:00.000Z',
    ],
    ['St Johns: Monday 09:00 NST', stJohns, '2024-01-08T03:00:00Z', '2024-01-08T12:30:00.000Z'],
    ['24:00 end: next Monday 18:00', berlinEvenings, '2024-01-08T23:00:00Z', '2024-01-15T17:00:00.000Z'],
    ['never opens: null', { timeZone: 'UTC', weekly: [] }, '2024-01-08T12:00:00Z', null],
    [
      'every opening day closed for weeks: the first free one',
      {
        timeZone: 'UTC',
        weekly: [{ day: 1, from: '09:00', to: '10:00' }],
        closedDates: ['2024-01-08', '2024-01-15', '2024-01-22'],
      },
      '2024-01-06T00:00:00Z',
      '2024-01-29T09:00:00.000Z',
    ],
  ])('%s', (_name, hours, now, expected) => {
    const opening = nextOpening(hours, new Date(now));
    expect(opening?.toISOString() ?? null).toBe(expected);
    if (opening) expect(isOpen(hours, opening)).toBe(true);
  });
});
