import type { BusinessHours } from './routing-policy.types';
import { clockToMinutes, epochForLocalTime, formatLocalDate, localTime } from './zoned-time';

const DAY_MS = 86_400_000;

/**
 * Whether a team is inside its business hours at `now`. Hours are read on the team's local wall
 * clock, so DST needs no special case: at 09:00 local the team opens, whatever the UTC offset that
 * day. `null` (no hours configured) means always open. A `closedDates` entry closes the whole local
 * date, including the after-midnight part of a night shift written as 00:00-06:00 on that date.
 */
export function isOpen(hours: BusinessHours | null, now: Date): boolean {
  if (!hours) return true;
  const local = localTime(hours.timeZone, now.getTime());
  if (hours.closedDates?.includes(local.date)) return false;
  return hours.weekly.some(
    (interval) =>
      interval.day === local.weekday &&
      clockToMinutes(interval.from) <= local.minuteOfDay &&
      local.minuteOfDay < clockToMinutes(interval.to),
  );
}

/**
 * The first instant at or after `now` at which the team is open: `now` itself when open (or when
 * there are no hours), null when it never opens (no weekly intervals, or every one of them closed).
 * Used for "we open again at ..." and to schedule re-evaluation.
 *
 * An interval whose start falls in a spring-forward gap opens when the clock jumps past the gap; an
 * interval entirely inside a gap never opens that day.
 */
export function nextOpening(hours: BusinessHours | null, now: Date): Date | null {
  if (!hours || isOpen(hours, now)) return now;
  if (hours.weekly.length === 0) return null;
  const closed = new Set(hours.closedDates ?? []);
  const byStart = [...hours.weekly].sort((a, b) => clockToMinutes(a.from) - clockToMinutes(b.from));
  const today = localTime(hours.timeZone, now.getTime());
  const todayUtc = Date.UTC(today.year, today.month - 1, today.day);
  // Every week has at least one interval day, and each closed date blocks at most one day: after
  // (closed dates + 1) weeks an opening must have come, or there is none.
  const horizonDays = 7 * (closed.size + 1) + 1;
  for (let offset = 0; offset <= horizonDays; offset += 1) {
    const calendar = new Date(todayUtc + offset * DAY_MS);
    const [year, month, day] = [calendar.getUTCFullYear(), calendar.getUTCMonth() + 1, calendar.getUTCDate()];
    if (closed.has(formatLocalDate(year, month, day))) continue;
    const weekday = calendar.getUTCDay();
    for (const interval of byStart) {
      if (interval.day !== weekday) continue;
      const start = epochForLocalTime(hours.timeZone, year, month, day, clockToMinutes(interval.from));
      if (start > now.getTime() && isOpen(hours, new Date(start))) return new Date(start);
    }
  }
  return null;
}
