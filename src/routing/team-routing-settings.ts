import { z } from 'zod';
import { DomainError } from '../core/errors/domain-error';
import { businessHoursSchema } from './policy/routing-policy.schema';
import type { BusinessHours, RoutingStrategy, TeamRouting } from './policy/routing-policy.types';

/**
 * How one queue is served: a team's `teams.routing`, or the workspace pool's
 * `routing_policies.default_team` (conversations whose rule names no team). Every field is
 * optional in storage; `parseTeamRoutingSettings` fills the defaults.
 */
export interface TeamRoutingSettings extends TeamRouting {
  /** Target wait: the simulator and the queue view count a longer wait as an SLA breach. */
  slaSeconds: number;
  /** Reassign when the assigned agent has not replied this long after the assignment (LiveChat's inactivity transfer); null: never. */
  inactivityReassignSeconds: number | null;
  /** A chat queued this long (or arriving while the team is closed) overflows; null: it waits. */
  overflowAfterSeconds: number | null;
  /** Where an overflowing chat goes; null: it becomes an offline message (pending, unassigned). */
  overflowTeamId: string | null;
  /** Ask the workspace's external router first (routing_policies.external_router_url). */
  externalRouter: boolean;
}

export const DEFAULT_TEAM_ROUTING: TeamRoutingSettings = {
  strategy: 'least_busy',
  returningCustomer: false,
  businessHours: null,
  slaSeconds: 60,
  inactivityReassignSeconds: null,
  overflowAfterSeconds: null,
  overflowTeamId: null,
  externalRouter: false,
};

const STRATEGIES = [
  'round_robin',
  'least_busy',
  'skills_weighted',
  'manual',
] as const satisfies readonly RoutingStrategy[];

const seconds = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 3600);

export const teamRoutingSettingsSchema = z
  .object({
    strategy: z.enum(STRATEGIES),
    returningCustomer: z.boolean(),
    businessHours: businessHoursSchema.nullable(),
    slaSeconds: seconds,
    inactivityReassignSeconds: seconds.nullable(),
    overflowAfterSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .nullable(),
    overflowTeamId: z.string().uuid().nullable(),
    externalRouter: z.boolean(),
  })
  .partial()
  .strict();

/** Stored JSON (or an admin's input) to settings with defaults; INVALID_INPUT lists every problem with its path. */
export function parseTeamRoutingSettings(input: unknown): TeamRoutingSettings {
  const parsed = teamRoutingSettingsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : 'settings'}: ${i.message}`,
    );
    throw new DomainError('INVALID_INPUT', `Invalid team routing settings: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    ...DEFAULT_TEAM_ROUTING,
    ...Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)),
    businessHours: (value.businessHours ?? null) as BusinessHours | null,
  };
}
