/**
 * A queue's routing settings (docs/routing.md: strategy, returning customer, SLA, timers,
 * overflow, external router, business hours) as the form holds them, and the checks the console
 * makes before sending them (the hub checks again and has the last word).
 */
import type { Json } from './rule-form';

export const STRATEGIES = ['round_robin', 'least_busy', 'skills_weighted', 'manual'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface IntervalForm {
  day: number;
  from: string;
  to: string;
}

export interface BusinessHoursForm {
  timeZone: string;
  weekly: IntervalForm[];
  closedDates: string[];
}

export interface TeamRoutingForm {
  strategy: Strategy;
  returningCustomer: boolean;
  slaSeconds: string;
  /** Empty: never. */
  inactivityReassignSeconds: string;
  /** Empty: chats wait. */
  overflowAfterSeconds: string;
  overflowTeamId: string;
  externalRouter: boolean;
  /** Null: always open. */
  businessHours: BusinessHoursForm | null;
}

/** One problem the form found: where, and which admin string says it. */
export interface FormProblem {
  path: string;
  key:
    | 'problemTimeZone'
    | 'problemClock'
    | 'problemEndClock'
    | 'problemFromBeforeTo'
    | 'problemOverlap'
    | 'problemDate'
    | 'problemDateRepeated'
    | 'problemSeconds';
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SECONDS = 7 * 24 * 3600;

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const str = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? String(value) : '');

export function isRealDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

export function settingsToForm(settings: Json): TeamRoutingForm {
  const strategy = (STRATEGIES as readonly unknown[]).includes(settings.strategy)
    ? (settings.strategy as Strategy)
    : 'least_busy';
  const hours = settings.businessHours as Json | null | undefined;
  return {
    strategy,
    returningCustomer: settings.returningCustomer === true,
    slaSeconds: str(settings.slaSeconds ?? 60),
    inactivityReassignSeconds: str(settings.inactivityReassignSeconds ?? ''),
    overflowAfterSeconds: str(settings.overflowAfterSeconds ?? ''),
    overflowTeamId: str(settings.overflowTeamId ?? ''),
    externalRouter: settings.externalRouter === true,
    businessHours: hours
      ? {
          timeZone: str(hours.timeZone),
          weekly: Array.isArray(hours.weekly)
            ? hours.weekly.map((i) => ({
                day: Number((i as Json).day),
                from: str((i as Json).from),
                to: str((i as Json).to),
              }))
            : [],
          closedDates: Array.isArray(hours.closedDates) ? hours.closedDates.map(str) : [],
        }
      : null,
  };
}

function seconds(text: string): number | string | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

export function formToSettings(form: TeamRoutingForm): Json {
  return {
    strategy: form.strategy,
    returningCustomer: form.returningCustomer,
    slaSeconds: seconds(form.slaSeconds) ?? 60,
    inactivityReassignSeconds: seconds(form.inactivityReassignSeconds),
    overflowAfterSeconds: seconds(form.overflowAfterSeconds),
    overflowTeamId: form.overflowTeamId || null,
    externalRouter: form.externalRouter,
    businessHours: form.businessHours
      ? {
          timeZone: form.businessHours.timeZone,
          weekly: [...form.businessHours.weekly]
            .sort((a, b) => a.day - b.day || a.from.localeCompare(b.from))
            .map(({ day, from, to }) => ({ day, from: from.trim(), to: to.trim() })),
          closedDates: [...new Set(form.businessHours.closedDates)].sort(),
        }
      : null,
  };
}

/**
 * What is wrong with the hours before they are sent: a zone the browser does not know, clocks
 * that are not HH:MM, an interval that ends before it starts (a night shift is two intervals),
 * intervals of one day that overlap, dates that are not real or are listed twice.
 */
export function businessHoursProblems(form: BusinessHoursForm, zones: ReadonlySet<string>): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!zones.has(form.timeZone)) problems.push({ path: 'timeZone', key: 'problemTimeZone' });
  form.weekly.forEach((interval, i) => {
    const fromOk = CLOCK.test(interval.from);
    const toOk = END_CLOCK.test(interval.to);
    if (!fromOk) problems.push({ path: `weekly.${i}.from`, key: 'problemClock' });
    if (!toOk) problems.push({ path: `weekly.${i}.to`, key: 'problemEndClock' });
    if (fromOk && toOk && minutes(interval.from) >= minutes(interval.to))
      problems.push({ path: `weekly.${i}.to`, key: 'problemFromBeforeTo' });
  });
  form.weekly.forEach((a, i) => {
    const overlaps = form.weekly.some(
      (b, j) =>
        j < i &&
        a.day === b.day &&
        CLOCK.test(a.from) &&
        CLOCK.test(b.from) &&
        END_CLOCK.test(a.to) &&
        END_CLOCK.test(b.to) &&
        minutes(a.from) < minutes(b.to) &&
        minutes(b.from) < minutes(a.to),
    );
    if (overlaps) problems.push({ path: `weekly.${i}.from`, key: 'problemOverlap' });
  });
  form.closedDates.forEach((date, i) => {
    if (!isRealDate(date)) problems.push({ path: `closedDates.${i}`, key: 'problemDate' });
    else if (form.closedDates.indexOf(date) !== i)
      problems.push({ path: `closedDates.${i}`, key: 'problemDateRepeated' });
  });
  return problems;
}

/** Seconds fields: whole numbers from 1 (0 allowed for overflow) to a week, or empty where optional. */
export function settingsProblems(form: TeamRoutingForm, zones: ReadonlySet<string>): FormProblem[] {
  const problems: FormProblem[] = [];
  const check = (path: keyof TeamRoutingForm, text: string, min: number, optional: boolean) => {
    if (optional && text.trim() === '') return;
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > MAX_SECONDS)
      problems.push({ path, key: 'problemSeconds' });
  };
  check('slaSeconds', form.slaSeconds, 1, false);
  check('inactivityReassignSeconds', form.inactivityReassignSeconds, 1, true);
  check('overflowAfterSeconds', form.overflowAfterSeconds, 0, true);
  if (form.businessHours)
    for (const p of businessHoursProblems(form.businessHours, zones))
      problems.push({ ...p, path: `businessHours.${p.path}` });
  return problems;
}

/** The IANA zones this browser knows (UTC included, which some browsers leave out of the list). */
export function knownTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
