/**
 * The routing values the admin forms start from, as the hub reports them (`Agent.skills`,
 * `Team.memberTiers`, the `externalRouter` query), and the one check the external router form
 * makes itself: the hub keeps the router's secret write-only, yet wants it on every save.
 */
import type { AgentSkills, AgentTier, ExternalRouter, TeamMemberTier } from '../api/hub-types';

export interface SkillRow {
  name: string;
  level: number;
}

/** The skills as form rows, by name (levels outside 1-5 are clamped to what the select offers). */
export function skillRows(skills: AgentSkills | null | undefined): SkillRow[] {
  return Object.entries(skills ?? {})
    .filter(([name]) => name.trim() !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, level]) => ({
      name,
      level: Number.isFinite(level) ? Math.min(5, Math.max(1, Math.round(level))) : 3,
    }));
}

/** The rows as `setAgentSkills` takes them: names trimmed and lower-cased, blank rows left out. */
export function rowsToSkills(rows: SkillRow[]): AgentSkills {
  return Object.fromEntries(
    rows.filter((row) => row.name.trim() !== '').map((row) => [row.name.trim().toLowerCase(), row.level]),
  );
}

/** Member id → tier. */
export function tiersByAgent(memberTiers: TeamMemberTier[] | null | undefined): Record<string, AgentTier> {
  return Object.fromEntries((memberTiers ?? []).map((row) => [row.agentId, row.tier]));
}

export interface ExternalRouterDraft {
  url: string;
  /** Always starts empty: the hub never returns it. */
  secret: string;
  timeoutMs: string;
}

export const DEFAULT_ROUTER_TIMEOUT_MS = 500;

export function routerDraft(current: ExternalRouter | null): ExternalRouterDraft {
  return {
    url: current?.url ?? '',
    secret: '',
    timeoutMs: String(current?.timeoutMs ?? DEFAULT_ROUTER_TIMEOUT_MS),
  };
}

/**
 * Why the draft cannot be saved as it is, before asking the hub: `setExternalRouter` needs the
 * secret whenever a URL is set, and since the stored one is never shown, changing the URL or the
 * timeout of a router means entering it again.
 */
export function routerSecretProblem(
  draft: ExternalRouterDraft,
  current: ExternalRouter | null,
): 'externalRouterSecretAgain' | 'externalRouterSecretNeeded' | null {
  if (draft.secret.trim() !== '') return null;
  return current ? 'externalRouterSecretAgain' : 'externalRouterSecretNeeded';
}

/** The variables of `setExternalRouter` for a save. */
export function routerVariables(draft: ExternalRouterDraft): {
  url: string;
  secret: string;
  timeoutMs: number;
} {
  return { url: draft.url.trim(), secret: draft.secret.trim(), timeoutMs: Number(draft.timeoutMs) };
}
