import { isOpen } from './business-hours';
import { matchesGlob } from './glob-pattern';
import type {
  BusinessHours,
  NumberOperator,
  RoutingContext,
  RoutingPolicy,
  RuleAction,
  RuleCondition,
  RuleDecision,
  StringOperator,
  Weekday,
} from './routing-policy.types';
import { clockToMinutes, localTime } from './zoned-time';

/** The priority of a conversation whose rule (or default) sets none. */
export const DEFAULT_RULE_PRIORITY = 50;

/** Business hours of a team by id; null/undefined: the team has none (always open) or is unknown. */
export type TeamHoursLookup = (teamId: string) => BusinessHours | null | undefined;

/**
 * Decides what happens to a conversation: the first enabled rule whose conditions all hold wins,
 * otherwise the policy's default action. Pure: no I/O, time comes from `now`. Never throws on a
 * missing or oddly typed context field; such a field simply does not match (see `matchesString`).
 *
 * @example
 * evaluateRules(policy, { ...ctx, language: 'ar-EG' }, new Date(), (id) => teams.get(id)?.hours)
 * // { action: { teamId: 'arabic', priority: 50 }, ruleId: 'arabic-speakers', ruleName: 'Arabic' }
 */
export function evaluateRules(
  policy: RoutingPolicy,
  ctx: RoutingContext,
  now: Date,
  teamHours: TeamHoursLookup,
): RuleDecision {
  for (const rule of policy.rules) {
    if (!rule.enabled) continue;
    if (rule.conditions.every((condition) => matchesCondition(condition, ctx, now, teamHours))) {
      return { action: withDefaults(rule.action), ruleId: rule.id, ruleName: rule.name };
    }
  }
  return { action: withDefaults(policy.defaultAction), ruleId: null, ruleName: null };
}

function withDefaults(action: RuleAction): RuleDecision['action'] {
  return { ...action, priority: action.priority ?? DEFAULT_RULE_PRIORITY };
}

/** Whether one condition holds for the context at `now`. */
export function matchesCondition(
  condition: RuleCondition,
  ctx: RoutingContext,
  now: Date,
  teamHours: TeamHoursLookup,
): boolean {
  switch (condition.type) {
    case 'integration':
      return matchesString(ctx.integrationId, condition.operator, undefined, condition.values);
    case 'channel':
      return matchesString(ctx.channel, condition.operator, undefined, condition.values);
    case 'prechat':
      return matchesString(
        ownValue(ctx.prechat, condition.field),
        condition.operator,
        condition.value,
        condition.values,
      );
    case 'contactAttribute':
      return matchesContactAttribute(ownValue(ctx.contact, condition.attribute), condition);
    case 'pageUrl':
      return matchesString(ctx.pageUrl, condition.operator, condition.value, condition.values);
    case 'language':
      return matchesLanguage(ctx.language, condition.operator, condition.values);
    case 'tag':
      return matchesTags(ctx.tags, condition.operator, condition.values);
    case 'timeOfDay':
      return matchesTimeOfDay(condition, now);
    case 'businessHours':
      return isOpen(teamHours(condition.teamId) ?? null, now) === condition.open;
  }
}

/** A record's own property only: a field named "constructor" or "__proto__" must not reach Object.prototype. */
function ownValue<T>(record: Record<string, T> | null | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function fold(value: string): string {
  return value.toLowerCase();
}

/**
 * String operators, case-insensitive. A missing value (undefined, null, or "" once trimmed - an
 * unanswered optional pre-chat field arrives as "") matches only the negative operators:
 * `notExists`, `notEquals` and `notIn` hold ("not VIP" includes "tier unknown"); everything else is
 * false.
 */
export function matchesString(
  actual: string | null | undefined,
  operator: StringOperator,
  value: string | undefined,
  values: readonly string[] | undefined,
): boolean {
  const present = typeof actual === 'string' && actual.trim().length > 0;
  if (operator === 'exists') return present;
  if (operator === 'notExists') return !present;
  if (!present) return operator === 'notEquals' || operator === 'notIn';
  const subject = fold(actual);
  const expected = fold(value ?? '');
  switch (operator) {
    case 'equals':
      return value !== undefined && subject === expected;
    case 'notEquals':
      return value === undefined || subject !== expected;
    case 'contains':
      return value !== undefined && subject.includes(expected);
    case 'startsWith':
      return value !== undefined && subject.startsWith(expected);
    case 'endsWith':
      return value !== undefined && subject.endsWith(expected);
    case 'in':
      return (values ?? []).some((candidate) => fold(candidate) === subject);
    case 'notIn':
      return !(values ?? []).some((candidate) => fold(candidate) === subject);
    case 'matches':
      return value !== undefined && matchesGlob(expected, subject);
  }
}

const NUMBER_OPERATORS: ReadonlySet<string> = new Set<NumberOperator>(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);
// A plain decimal, optionally signed, with an exponent: what a CRM export writes for a number.
// Number('') is 0 and Number('0x10') is 16, so Number() alone is too lenient.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A contact attribute as a number: numbers as they are, strings that are plain decimals ("3",
 * " 2.5 ", "-1e3") as their value; booleans, null, missing and other strings are not numbers.
 */
export function attributeAsNumber(value: string | number | boolean | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
  return null;
}

/**
 * Number operators compare numerically (so "10" > 9, which a string comparison gets wrong) and hold
 * only when the attribute reads as a number: a missing or non-numeric attribute fails every number
 * operator, `ne` included (use `notExists` to catch a missing one). String operators see numbers and
 * booleans as their text ("3", "true").
 */
function matchesContactAttribute(
  actual: string | number | boolean | null | undefined,
  condition: Extract<RuleCondition, { type: 'contactAttribute' }>,
): boolean {
  const { operator, value, values } = condition;
  if (NUMBER_OPERATORS.has(operator)) {
    const subject = attributeAsNumber(actual);
    const expected = typeof value === 'number' ? value : attributeAsNumber(value);
    if (subject === null || expected === null) return false;
    switch (operator as NumberOperator) {
      case 'eq':
        return subject === expected;
      case 'ne':
        return subject !== expected;
      case 'gt':
        return subject > expected;
      case 'gte':
        return subject >= expected;
      case 'lt':
        return subject < expected;
      case 'lte':
        return subject <= expected;
    }
  }
  const text = actual === null || actual === undefined ? actual : String(actual);
  return matchesString(
    text,
    operator as StringOperator,
    value === undefined ? undefined : String(value),
    values,
  );
}

/**
 * RFC 4647 basic filtering: "ar" matches "ar", "ar-EG" and "AR_eg"; "en-GB" matches "en-GB" and
 * "en-GB-oxendict" but not "en-US". An unknown language is "not in" every list.
 */
function matchesLanguage(
  language: string | null | undefined,
  operator: 'in' | 'notIn',
  values: readonly string[],
): boolean {
  const tag = typeof language === 'string' ? fold(language.trim().replace(/_/g, '-')) : '';
  const matched =
    tag.length > 0 &&
    values.some((range) => {
      const wanted = fold(range.trim().replace(/_/g, '-'));
      return tag === wanted || tag.startsWith(`${wanted}-`);
    });
  return operator === 'in' ? matched : !matched;
}

function matchesTags(
  tags: readonly string[] | null | undefined,
  operator: 'includesAny' | 'includesAll' | 'excludesAll',
  values: readonly string[],
): boolean {
  const have = new Set((tags ?? []).map(fold));
  switch (operator) {
    case 'includesAny':
      return values.some((tag) => have.has(fold(tag)));
    case 'includesAll':
      return values.every((tag) => have.has(fold(tag)));
    case 'excludesAll':
      return !values.some((tag) => have.has(fold(tag)));
  }
}

/**
 * [from, to) on the zone's wall clock. A window with from > to wraps midnight, and `days` names the
 * day the window starts: { from: "22:00", to: "06:00", days: [5] } is Friday night, so it holds on
 * Saturday at 02:00 and not on Friday at 02:00.
 */
function matchesTimeOfDay(condition: Extract<RuleCondition, { type: 'timeOfDay' }>, now: Date): boolean {
  const from = clockToMinutes(condition.from);
  const to = clockToMinutes(condition.to);
  const local = localTime(condition.timeZone, now.getTime());
  const minute = local.minuteOfDay;
  const onDay = (day: number) => !condition.days || condition.days.includes(day as Weekday);
  if (from < to) return from <= minute && minute < to && onDay(local.weekday);
  if (from > to) {
    if (minute >= from) return onDay(local.weekday);
    if (minute < to) return onDay((local.weekday + 6) % 7);
  }
  return false;
}
