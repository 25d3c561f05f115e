import type { Weekday } from './routing-policy.types';

/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl, so business hours and time-of-day
 * rules need no date library. Intl knows the tz database of the Node build (ICU), DST included.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The local calendar date and time of an instant in one zone. */
export interface LocalTime {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  weekday: Weekday;
  /** Minutes since local midnight, 0..1439 (seconds dropped). */
  minuteOfDay: number;
  /** "YYYY-MM-DD", the form `closedDates` uses. */
  date: string;
  /** The local wall time read as if it were UTC, in ms: `localMs - epochMs` is the zone's offset. */
  localMs: number;
}

// Building a DateTimeFormat costs far more than formatting with one; zones come from validated
// policies (a few hundred IANA names at most), so the cache stays small.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false: some ICU versions print midnight as "24" with the latter.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the zone (an IANA name such as "Europe/Berlin", or "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" of a calendar date. */
export function formatLocalDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The local date and time of `epochMs` in `timeZone`; throws RangeError for an unknown zone. */
export function localTime(timeZone: string, epochMs: number): LocalTime {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const hour = fields.hour === 24 ? 0 : fields.hour;
  const localMs = Date.UTC(fields.year, fields.month - 1, fields.day, hour, fields.minute, fields.second);
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    weekday: new Date(localMs).getUTCDay() as Weekday,
    minuteOfDay: hour * 60 + fields.minute,
    date: formatLocalDate(fields.year, fields.month, fields.day),
    localMs,
  };
}

function offsetMsAt(timeZone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return localTime(timeZone, whole).localMs - whole;
}

/**
 * The first instant at which the local clock in `timeZone` reads the given date and minute (or
 * later). When the wall time happens twice (autumn fall-back) it is the earlier one; when it does not
 * happen at all (spring-forward gap, e.g. 02:30 in Berlin on the last Sunday of March) it is the end
 * of the gap, the instant the clock jumps past it - which is when a team opening at 02:30 opens.
 */
export function epochForLocalTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  minuteOfDay: number,
): number {
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // Offsets on both sides of any transition near this wall time. ±36 h also covers the 24 h jumps
  // of zones that moved across the date line (Pacific/Apia in 2011).
  const offsets = new Set([
    offsetMsAt(timeZone, wall - 36 * HOUR_MS),
    offsetMsAt(timeZone, wall),
    offsetMsAt(timeZone, wall + 36 * HOUR_MS),
  ]);
  const candidates = [...offsets].map((offset) => wall - offset).sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (candidate + offsetMsAt(timeZone, candidate) === wall) return candidate;
  }
  // A gap: the local clock is before the wall time at the earliest candidate and past it at the
  // latest; bisect (minute steps: zone transitions fall on whole minutes) for the jump.
  let before = candidates[0];
  let after = candidates[candidates.length - 1];
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (middle + offsetMsAt(timeZone, middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

/** Minutes since midnight of "HH:MM" ("24:00" = 1440); NaN for anything else. */
export function clockToMinutes(clock: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!match) return Number.NaN;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return Number.NaN;
  return hours * 60 + minutes;
}
