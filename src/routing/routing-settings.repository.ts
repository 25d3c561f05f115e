import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '../core/crypto/secret-box';
import type { DerivedKeys } from '../core/crypto/master-key';
import { DERIVED_KEYS } from '../core/tokens';
import type { RoutingPolicy } from './policy/routing-policy.types';
import { parseTeamRoutingSettings, type TeamRoutingSettings } from './team-routing-settings';

/** Where the external router lives (routing_policies.external_router_*), with its secret opened. */
export interface ExternalRouterConfig {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** Everything routing reads about a workspace's setup, in one place. */
export interface WorkspaceRouting {
  policy: RoutingPolicy;
  /** Settings of the workspace pool (conversations no rule sends to a team). */
  pool: TeamRoutingSettings;
  teams: Map<string, TeamRoutingSettings>;
  externalRouter: ExternalRouterConfig | null;
}

const EMPTY_POLICY: RoutingPolicy = { rules: [], defaultAction: {} };

/** A workspace's routing setup as SETUP_JSON reads it. */
export interface StoredSetup {
  policy: {
    rules: RoutingPolicy['rules'];
    defaultAction: RoutingPolicy['defaultAction'];
    defaultTeam: unknown;
    url: string | null;
    /** The sealed secret, hex. */
    secret: string | null;
    timeoutMs: number;
  } | null;
  teams: { id: string; routing: unknown }[];
}

/**
 * One JSON value with everything routing reads about the workspace $1 (its policy row, if any,
 * and every team's settings), so it can ride along with another query (RoutingService).
 */
export const SETUP_JSON = `json_build_object(
  'policy', (SELECT json_build_object('rules', rules, 'defaultAction', default_action, 'defaultTeam', default_team,
               'url', external_router_url, 'secret', encode(external_router_secret_ciphertext, 'hex'),
               'timeoutMs', external_router_timeout_ms)
              FROM routing_policies WHERE workspace_id = $1),
  'teams', COALESCE((SELECT json_agg(json_build_object('id', id, 'routing', routing)) FROM teams WHERE workspace_id = $1),
                    '[]'))`;

/**
 * Reads and writes a workspace's routing setup: rules (routing_policies), team settings
 * (teams.routing), agent skills and member tiers. Stored JSON was validated on save; it is
 * parsed again on read so an old row can never feed routing a shape it does not expect.
 * The external router's secret is sealed with the integration-secrets key under its own
 * associated data (`routing-router:<workspace>`), so it cannot be swapped with another secret.
 * Updates are wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
 */
@Injectable()
export class RoutingSettingsRepository {
  private readonly box: SecretBox;

  constructor(@Inject(DERIVED_KEYS) keys: DerivedKeys) {
    this.box = new SecretBox(keys.integrationSecrets);
  }

  async load(db: EntityManager, workspaceId: string): Promise<WorkspaceRouting> {
    const [row]: { setup: StoredSetup }[] = await db.query(`SELECT ${SETUP_JSON} AS setup`, [workspaceId]);
    return this.parse(workspaceId, row.setup);
  }

  /** The setup from the JSON of SETUP_JSON (read along with something else). */
  parse(workspaceId: string, stored: StoredSetup): WorkspaceRouting {
    const row = stored.policy;
    return {
      policy: row ? { rules: row.rules, defaultAction: row.defaultAction } : EMPTY_POLICY,
      pool: parseTeamRoutingSettings(row?.defaultTeam ?? {}),
      teams: new Map(stored.teams.map((t) => [t.id, parseTeamRoutingSettings(t.routing)])),
      externalRouter:
        row?.url && row.secret
          ? {
              url: row.url,
              secret: this.box.open(Buffer.from(row.secret, 'hex'), `routing-router:${workspaceId}`),
              timeoutMs: row.timeoutMs,
            }
          : null,
    };
  }

  async savePolicy(db: EntityManager, workspaceId: string, policy: RoutingPolicy): Promise<void> {
    await db.query(
      `INSERT INTO routing_policies (workspace_id, rules, default_action) VALUES ($1, $2::jsonb, $3::jsonb)
       ON CONFLICT (workspace_id) DO UPDATE SET rules = EXCLUDED.rules, default_action = EXCLUDED.default_action,
              version = routing_policies.version + 1, updated_at = now()`,
      [workspaceId, JSON.stringify(policy.rules), JSON.stringify(policy.defaultAction)],
    );
  }

  async savePoolSettings(
    db: EntityManager,
    workspaceId: string,
    settings: Record<string, unknown>,
  ): Promise<void> {
    await db.query(
      `INSERT INTO routing_policies (workspace_id, default_team) VALUES ($1, $2::jsonb)
       ON CONFLICT (workspace_id) DO UPDATE SET default_team = EXCLUDED.default_team,
              version = routing_policies.version + 1, updated_at = now()`,
      [workspaceId, JSON.stringify(settings)],
    );
  }

  /** False when the team is not in the workspace. */
  async saveTeamSettings(
    db: EntityManager,
    workspaceId: string,
    teamId: string,
    settings: Record<string, unknown>,
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `WITH u AS (UPDATE teams SET routing = $3::jsonb WHERE workspace_id = $1 AND id = $2 RETURNING id) SELECT id FROM u`,
      [workspaceId, teamId, JSON.stringify(settings)],
    );
    return rows.length > 0;
  }

  /** null url clears the router. */
  async saveExternalRouter(
    db: EntityManager,
    workspaceId: string,
    router: { url: string; secret: string; timeoutMs: number } | null,
  ): Promise<void> {
    await db.query(
      `INSERT INTO routing_policies (workspace_id, external_router_url, external_router_secret_ciphertext, external_router_timeout_ms)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id) DO UPDATE SET external_router_url = EXCLUDED.external_router_url,
              external_router_secret_ciphertext = EXCLUDED.external_router_secret_ciphertext,
              external_router_timeout_ms = EXCLUDED.external_router_timeout_ms, version = routing_policies.version + 1,
              updated_at = now()`,
      [
        workspaceId,
        router?.url ?? null,
        router ? this.box.seal(router.secret, `routing-router:${workspaceId}`) : null,
        router?.timeoutMs ?? 500,
      ],
    );
  }

  /** False when the agent is not in the workspace. */
  async saveAgentSkills(
    db: EntityManager,
    workspaceId: string,
    agentId: string,
    skills: Record<string, number>,
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `WITH u AS (UPDATE agents SET skills = $3::jsonb, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING id)
       SELECT id FROM u`,
      [workspaceId, agentId, JSON.stringify(skills)],
    );
    return rows.length > 0;
  }

  /** False when the agent is not a member of the team. */
  async saveMemberTier(
    db: EntityManager,
    workspaceId: string,
    teamId: string,
    agentId: string,
    tier: string,
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `WITH u AS (UPDATE team_members SET tier = $4 WHERE workspace_id = $1 AND team_id = $2 AND agent_id = $3 RETURNING agent_id)
       SELECT agent_id FROM u`,
      [workspaceId, teamId, agentId, tier],
    );
    return rows.length > 0;
  }
}
