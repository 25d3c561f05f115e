import { z } from 'zod';
import { DomainError } from '../../core/errors/domain-error';
import { businessHoursSchema, routingPolicySchema } from '../policy/routing-policy.schema';
import type { RoutingContext } from '../policy/routing-policy.types';
import type { SimTeam, SimulationInput } from './simulation.types';
import { generateArrivals } from './traffic-generator';

const id = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:-]{0,63}$/, 'must be 1 to 64 letters, digits, _ . : or -');
const seconds = z.number().finite().min(0, 'must be 0 or more seconds');
const positiveSeconds = z.number().finite().positive('must be more than 0 seconds');

const contextSchema = z
  .object({
    integrationId: z.string().max(200).default('simulated'),
    channel: z.string().max(100).default('widget'),
    prechat: z.record(z.string().max(40), z.string().max(2000)).default({}),
    contact: z
      .record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
      .default({}),
    pageUrl: z.string().max(2000).nullable().default(null),
    language: z.string().max(35).nullable().default(null),
    tags: z.array(z.string().max(100)).max(100).default([]),
  })
  .strict()
  .default({});

const priority = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 to 100')
  .max(100, 'must be 0 to 100');
const shift = z
  .object({ from: seconds, to: seconds })
  .strict()
  .refine((s) => s.from < s.to, { message: 'from must be before to', path: ['to'] });

const agentSchema = z
  .object({
    id,
    capacity: z.number().int('must be a whole number').min(0).max(1000),
    tier: z.enum(['first', 'normal', 'last']).default('normal'),
    skills: z
      .record(
        z.string().min(1).max(100),
        z.number().int().min(1, 'levels are 1 to 5').max(5, 'levels are 1 to 5'),
      )
      .default({}),
    teams: z.array(id).max(100).optional(),
    online: z.union([shift.transform((s) => [s]), z.array(shift).max(1000)]).optional(),
  })
  .strict();

const arrivalSchema = z
  .object({
    id: id.optional(),
    at: seconds,
    handleSeconds: positiveSeconds,
    context: contextSchema,
    priority: priority.optional(),
    contactId: z.string().min(1).max(200).optional(),
    patienceSeconds: positiveSeconds.optional(),
  })
  .strict();

const generatorSchema = z
  .object({
    count: z.number().int().min(1).max(1_000_000, 'must be at most 1,000,000 chats'),
    arrivalsPerMinute: z.number().finite().positive('must be more than 0').max(100_000),
    handleSecondsMean: positiveSeconds,
    seed: z.number().int('must be a whole number'),
    /** Weighted contexts; each arrival picks one. */
    contexts: z
      .array(
        z
          .object({
            weight: z.number().finite().positive('must be more than 0'),
            context: contextSchema,
            priority: priority.optional(),
            handleSecondsMean: positiveSeconds.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(100)
      .optional(),
    /** Draw contact ids from a pool of this many contacts, so some chats are returning customers. */
    contacts: z.number().int().min(1).optional(),
    /** Mean visitor patience (exponential); absent: visitors wait forever. */
    patienceSecondsMean: positiveSeconds.optional(),
  })
  .strict();

export type TrafficGenerator = z.infer<typeof generatorSchema>;
export type TrafficContext = z.infer<typeof contextSchema>;

export const trafficFileSchema = z
  .object({
    startAt: z
      .string()
      .datetime({ offset: true, message: 'must be an ISO date-time like 2025-01-06T09:00:00Z' })
      .default('2025-01-06T09:00:00Z'),
    agents: z
      .array(agentSchema)
      .min(1, 'must list at least one agent')
      .max(10_000)
      .superRefine((agents, ctx) => {
        const seen = new Set<string>();
        agents.forEach((agent, index) => {
          if (seen.has(agent.id))
            ctx.addIssue({
              code: 'custom',
              path: [index, 'id'],
              message: `duplicate agent id "${agent.id}"`,
            });
          seen.add(agent.id);
        });
      }),
    arrivals: z.array(arrivalSchema).max(1_000_000).optional(),
    generate: generatorSchema.optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    if ((file.arrivals === undefined) === (file.generate === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'must have exactly one of "arrivals" (a list) or "generate" (a generator spec)',
      });
  });

const teamSchema = z
  .object({
    strategy: z.enum(['round_robin', 'least_busy', 'skills_weighted', 'manual']).default('least_busy'),
    returningCustomer: z.boolean().default(false),
    businessHours: businessHoursSchema.nullable().default(null),
    slaSeconds: positiveSeconds.default(60),
    overflowAfterSeconds: positiveSeconds.nullable().default(null),
    fallbackTeamId: id.nullable().default(null),
  })
  .strict();

export const policyFileSchema = z
  .object({
    policy: routingPolicySchema,
    teams: z.record(id, teamSchema).default({}),
    defaultTeam: teamSchema.default({}),
  })
  .strict()
  .superRefine((file, ctx) => {
    const known = (teamId: string | null | undefined) =>
      teamId === null || teamId === undefined || teamId in file.teams;
    const unknown = (path: (string | number)[], teamId: string) =>
      ctx.addIssue({ code: 'custom', path, message: `unknown team "${teamId}" (not in "teams")` });
    file.policy.rules.forEach((rule, r) => {
      if (!known(rule.action.teamId))
        unknown(['policy', 'rules', r, 'action', 'teamId'], rule.action.teamId ?? '');
      rule.conditions.forEach((condition, c) => {
        if (condition.type === 'businessHours' && !known(condition.teamId))
          unknown(['policy', 'rules', r, 'conditions', c, 'teamId'], condition.teamId);
      });
    });
    if (!known(file.policy.defaultAction.teamId))
      unknown(['policy', 'defaultAction', 'teamId'], file.policy.defaultAction.teamId ?? '');
    for (const [teamId, team] of Object.entries(file.teams)) {
      if (team.fallbackTeamId !== null && (!known(team.fallbackTeamId) || team.fallbackTeamId === teamId))
        ctx.addIssue({
          code: 'custom',
          path: ['teams', teamId, 'fallbackTeamId'],
          message: `must name another team in "teams" (got "${team.fallbackTeamId}")`,
        });
    }
    if (file.defaultTeam.fallbackTeamId !== null && !known(file.defaultTeam.fallbackTeamId))
      unknown(['defaultTeam', 'fallbackTeamId'], file.defaultTeam.fallbackTeamId);
  });

/** One problem in one input file. */
export interface SimulationInputIssue {
  file: string;
  path: string;
  message: string;
}

/** Invalid simulator input: INVALID_INPUT, each line "file: path: message". */
export class SimulationInputError extends DomainError {
  constructor(readonly issues: SimulationInputIssue[]) {
    super(
      'INVALID_INPUT',
      issues
        .map((issue) => [issue.file, issue.path, issue.message].filter((part) => part !== '').join(': '))
        .join('\n'),
    );
    this.name = 'SimulationInputError';
  }
}

function issuesOf(file: string, error: z.ZodError): SimulationInputIssue[] {
  return error.issues.map((issue) => ({ file, path: issue.path.join('.'), message: issue.message }));
}

export function toRoutingContext(context: TrafficContext): RoutingContext {
  return { ...context };
}

/**
 * Validates a traffic file and a policy file (already parsed from JSON) into one simulation input,
 * generating arrivals from a generator spec. Throws SimulationInputError listing every problem of
 * both files, including agents that name a team the policy file does not define.
 */
export function parseSimulationInput(
  traffic: unknown,
  policy: unknown,
  names: { traffic: string; policy: string } = { traffic: 'traffic', policy: 'policy' },
): SimulationInput {
  const trafficResult = trafficFileSchema.safeParse(traffic);
  const policyResult = policyFileSchema.safeParse(policy);
  const issues: SimulationInputIssue[] = [
    ...(trafficResult.success ? [] : issuesOf(names.traffic, trafficResult.error)),
    ...(policyResult.success ? [] : issuesOf(names.policy, policyResult.error)),
  ];
  if (trafficResult.success && policyResult.success) {
    trafficResult.data.agents.forEach((agent, a) =>
      agent.teams?.forEach((teamId, t) => {
        if (!(teamId in policyResult.data.teams))
          issues.push({
            file: names.traffic,
            path: `agents.${a}.teams.${t}`,
            message: `unknown team "${teamId}" (not in the policy file's "teams")`,
          });
      }),
    );
  }
  if (!trafficResult.success || !policyResult.success || issues.length > 0)
    throw new SimulationInputError(issues);

  const file = trafficResult.data;
  const teams: Record<string, SimTeam> = policyResult.data.teams;
  return {
    startAt: Date.parse(file.startAt),
    agents: file.agents.map((agent) => ({
      id: agent.id,
      capacity: agent.capacity,
      tier: agent.tier,
      skills: agent.skills,
      teams: agent.teams ?? null,
      online: agent.online ?? null,
    })),
    arrivals: file.generate
      ? generateArrivals(file.generate)
      : (file.arrivals ?? []).map((arrival, index) => ({
          id: arrival.id ?? `chat-${index + 1}`,
          at: arrival.at,
          handleSeconds: arrival.handleSeconds,
          context: toRoutingContext(arrival.context),
          priority: arrival.priority ?? null,
          contactId: arrival.contactId ?? null,
          patienceSeconds: arrival.patienceSeconds ?? null,
        })),
    policy: policyResult.data.policy,
    teams,
    defaultTeam: policyResult.data.defaultTeam,
  };
}
