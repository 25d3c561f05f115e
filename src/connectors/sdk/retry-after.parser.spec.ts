import { parseRetryAfter } from './retry-after.parser';

const clock = { now: () => new Date('2024-06-01T12:00:00Z') };

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 7 ', 7000],
    ['0', 0],
    ['Sat, 01 Jun 2024 12:00:30 GMT', 30_000],
    ['Saturday, 01-Jun-24 12:01:00 GMT', 60_000],
    ['Sat, 01 Jun 2024 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %p as %p ms', (header, expected) => {
    expect(parseRetryAfter(header, clock)).toBe(expected);
  });
});
