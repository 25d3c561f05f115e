import { z } from 'zod';
import { RoutingPolicyError } from './routing-policy.error';
import type {
  BusinessHours,
  NumberOperator,
  PolicyIssue,
  RoutingPolicy,
  StringOperator,
  Weekday,
} from './routing-policy.types';
import { clockToMinutes, isValidTimeZone } from './zoned-time';

/** How many rules a workspace may have: evaluation is linear, and an admin can read 200. */
export const MAX_RULES = 200;

const STRING_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'startsWith',
  'endsWith',
  'in',
  'notIn',
  'exists',
  'notExists',
  'matches',
] as const satisfies readonly StringOperator[];
const NUMBER_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const satisfies readonly NumberOperator[];

const id = (what: string) =>
  z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:-]{0,63}$/, `${what} must be 1 to 64 letters, digits, _ . : or -`);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const valueList = z
  .array(text(500))
  .min(1, 'must list at least one value')
  .max(100, 'must list at most 100 values');

const timeZone = z.string().refine(isValidTimeZone, (zone) => ({
  message: `"${zone}" is not a known IANA time zone (e.g. "Europe/Berlin")`,
}));
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time "HH:MM" from 00:00 to 23:59');
const endClock = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time "HH:MM" from 00:01 to 24:00 (end of day)');
const weekday = z
  .number()
  .int()
  .min(0, 'must be a weekday 0 (Sunday) to 6 (Saturday)')
  .max(6, 'must be a weekday 0 (Sunday) to 6 (Saturday)')
  .transform((day) => day as Weekday);
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date "YYYY-MM-DD"')
  .refine((date) => {
    const parsed = new Date(`${date}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
  }, 'is not a real calendar date');

export const businessHoursSchema = z
  .object({
    timeZone,
    weekly: z
      .array(
        z
          .object({ day: weekday, from: clock, to: endClock })
          .strict()
          .refine((interval) => clockToMinutes(interval.from) < clockToMinutes(interval.to), {
            message:
              'from must be before to (split a night shift into 22:00-24:00 and 00:00-06:00 of the next day)',
            path: ['to'],
          }),
      )
      .max(70, 'must have at most 70 intervals'),
    closedDates: z.array(localDate).max(1000, 'must list at most 1000 dates').optional(),
  })
  .strict();

const conditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('integration'), operator: z.enum(['in', 'notIn']), values: valueList }).strict(),
  z.object({ type: z.literal('channel'), operator: z.enum(['in', 'notIn']), values: valueList }).strict(),
  z
    .object({
      type: z.literal('prechat'),
      field: z
        .string()
        .regex(
          /^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/,
          'must be a pre-chat field id (1 to 40 letters, digits, _ or -)',
        ),
      operator: z.enum(STRING_OPERATORS),
      value: text(1000).optional(),
      values: valueList.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('contactAttribute'),
      attribute: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
      operator: z.enum([...STRING_OPERATORS, ...NUMBER_OPERATORS]),
      value: z.union([text(1000), z.number().finite()]).optional(),
      values: valueList.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('pageUrl'),
      operator: z.enum(STRING_OPERATORS),
      value: text(2000).optional(),
      values: valueList.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('language'),
      operator: z.enum(['in', 'notIn']),
      values: z
        .array(
          z
            .string()
            .regex(
              /^[a-zA-Z]{2,8}([-_][a-zA-Z0-9]{1,8})*$/,
              'must be a language tag such as "ar" or "en-GB"',
            ),
        )
        .min(1, 'must list at least one language')
        .max(100, 'must list at most 100 languages'),
    })
    .strict(),
  z
    .object({
      type: z.literal('tag'),
      operator: z.enum(['includesAny', 'includesAll', 'excludesAll']),
      values: valueList,
    })
    .strict(),
  z
    .object({
      type: z.literal('timeOfDay'),
      timeZone,
      from: clock,
      to: endClock,
      days: z
        .array(weekday)
        .min(1, 'must list at least one day (or leave days out for every day)')
        .max(7)
        .refine((days) => new Set(days).size === days.length, 'must not repeat a day')
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('businessHours'), teamId: id('teamId'), open: z.boolean() }).strict(),
]);

type Operands = { operator: string; value?: string | number; values?: string[] };

/** `value` vs `values` per operator, with a message that says which one to write. */
function checkOperands(condition: Operands, ctx: z.RefinementCtx): void {
  const { operator, value, values } = condition;
  const problem = (path: 'value' | 'values', message: string) =>
    ctx.addIssue({ code: 'custom', path: [path], message });
  if (operator === 'exists' || operator === 'notExists') {
    if (value !== undefined) problem('value', `operator "${operator}" takes no value`);
    if (values !== undefined) problem('values', `operator "${operator}" takes no values`);
  } else if (operator === 'in' || operator === 'notIn') {
    if (values === undefined) problem('values', `operator "${operator}" needs "values", a list`);
    if (value !== undefined) problem('value', `operator "${operator}" takes "values" (a list), not "value"`);
  } else {
    const numeric = (NUMBER_OPERATORS as readonly string[]).includes(operator);
    if (values !== undefined) problem('values', `operator "${operator}" takes one "value", not "values"`);
    if (numeric && typeof value !== 'number')
      problem('value', `operator "${operator}" needs a number "value"`);
    if (!numeric && typeof value !== 'string')
      problem(
        'value',
        typeof value === 'number'
          ? `operator "${operator}" needs a string "value" (use "eq", "gt"... to compare numbers)`
          : `operator "${operator}" needs a string "value"`,
      );
    if (operator === 'matches' && value === '') problem('value', 'a "matches" pattern must not be empty');
  }
}

export const ruleConditionSchema = conditionSchema.superRefine((condition, ctx) => {
  if (condition.type === 'prechat' || condition.type === 'contactAttribute' || condition.type === 'pageUrl')
    checkOperands(condition, ctx);
  if (condition.type === 'timeOfDay' && condition.from === condition.to)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'from and to must differ (leave the condition out for all day)',
    });
});

export const ruleActionSchema = z
  .object({
    teamId: id('teamId').nullable().optional(),
    requiredSkills: z
      .array(z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'))
      .max(50, 'must list at most 50 skills')
      .refine((skills) => new Set(skills).size === skills.length, 'must not repeat a skill')
      .optional(),
    priority: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 to 100')
      .max(100, 'must be 0 to 100')
      .optional(),
    preferredAgentId: id('preferredAgentId').nullable().optional(),
    botAgentId: id('botAgentId').nullable().optional(),
  })
  .strict();

export const routingRuleSchema = z
  .object({
    id: id('id'),
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    enabled: z.boolean().default(true),
    conditions: z.array(ruleConditionSchema).max(50, 'must have at most 50 conditions'),
    action: ruleActionSchema,
  })
  .strict();

export const routingPolicySchema = z
  .object({
    rules: z
      .array(routingRuleSchema)
      .max(MAX_RULES, `must have at most ${MAX_RULES} rules`)
      .superRefine((rules, ctx) => {
        const seen = new Set<string>();
        rules.forEach((rule, index) => {
          if (seen.has(rule.id))
            ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id "${rule.id}"` });
          seen.add(rule.id);
        });
      }),
    defaultAction: ruleActionSchema.default({}),
  })
  .strict();

/** Zod issues as `{ path, message }`, paths dotted ("rules.3.conditions.0.value"). */
export function toPolicyIssues(error: z.ZodError, prefix: (string | number)[] = []): PolicyIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].join('.'),
    message: issue.message,
  }));
}

/**
 * Validates a workspace's routing policy as saved through GraphQL (or read from a simulator file)
 * and fills the defaults (`enabled: true`, an empty default action). Throws a RoutingPolicyError
 * (INVALID_INPUT) listing every problem with its path.
 *
 * @example
 * parseRoutingPolicy({ rules: [{ id: 'vip', name: 'VIP', conditions: [
 *   { type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'vip' }],
 *   action: { teamId: 'vip-desk', priority: 90 } }] })
 */
export function parseRoutingPolicy(input: unknown): RoutingPolicy {
  const result = routingPolicySchema.safeParse(input);
  if (!result.success) throw new RoutingPolicyError(toPolicyIssues(result.error));
  return result.data;
}

/** Validates a team's business hours; throws a RoutingPolicyError like parseRoutingPolicy. */
export function parseBusinessHours(input: unknown): BusinessHours {
  const result = businessHoursSchema.safeParse(input);
  if (!result.success) throw new RoutingPolicyError(toPolicyIssues(result.error), 'business hours');
  return result.data;
}
