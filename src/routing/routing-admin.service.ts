import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isAdmin, type Principal } from '../core/auth/principal';
import { DomainError } from '../core/errors/domain-error';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { OutboxRepository } from '../core/outbox/outbox.repository';
import { parseRoutingPolicy } from './policy/routing-policy.schema';
import type { AgentTier, RoutingPolicy } from './policy/routing-policy.types';
import { RoutingQueueRepository } from './routing-queue.repository';
import { RoutingSettingsRepository } from './routing-settings.repository';
import { parseTeamRoutingSettings, type TeamRoutingSettings } from './team-routing-settings';

/** One queue as supervisors see it. */
export interface QueueStats {
  teamId: string | null;
  teamName: string | null;
  waiting: number;
  oldestWaitSeconds: number | null;
  strategy: string;
  acceptingAgents: number;
  freeSlots: number;
  slaSeconds: number;
  /** Waiting longer than slaSeconds now. */
  overSla: number;
}

const SKILL = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const TIERS: AgentTier[] = ['first', 'normal', 'last'];

function requireAdmin(principal: Principal): void {
  if (!isAdmin(principal)) throw new DomainError('FORBIDDEN', 'Only admins can change routing.');
}

/**
 * Routing as admins edit and supervisors watch it: the rules (validated on save, every problem
 * with its path), team and pool settings, skills, tiers, the external router, queue figures,
 * and picking a chat from a manual queue. Any change that could let waiting chats through
 * enqueues assign-queued in the same transaction.
 */
@Injectable()
export class RoutingAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: RoutingSettingsRepository,
    private readonly queue: RoutingQueueRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async getPolicy(principal: Principal): Promise<RoutingPolicy> {
    requireAdmin(principal);
    return (await this.settings.load(this.db.manager, principal.workspaceId)).policy;
  }

  async setPolicy(principal: Principal, input: unknown): Promise<RoutingPolicy> {
    requireAdmin(principal);
    const policy = parseRoutingPolicy(input);
    const teamIds = new Set(
      [...policy.rules.map((r) => r.action.teamId), policy.defaultAction.teamId].filter(
        (t): t is string => !!t,
      ),
    );
    const agentIds = new Set(
      [...policy.rules, { action: policy.defaultAction }]
        .flatMap((r) => [r.action.preferredAgentId, r.action.botAgentId])
        .filter((a): a is string => !!a),
    );
    await this.requireExisting(principal.workspaceId, 'teams', teamIds, 'Team');
    await this.requireExisting(principal.workspaceId, 'agents', agentIds, 'Agent');
    await this.changeAndRoute(principal.workspaceId, (tx) =>
      this.settings.savePolicy(tx, principal.workspaceId, policy),
    );
    return policy;
  }

  /** A team's settings, or the workspace pool's when teamId is null. */
  async getTeamRouting(principal: Principal, teamId: string | null): Promise<TeamRoutingSettings> {
    const setup = await this.settings.load(this.db.manager, principal.workspaceId);
    if (teamId === null) return setup.pool;
    const team = setup.teams.get(teamId);
    if (!team) throw new DomainError('NOT_FOUND', 'Team not found.');
    return team;
  }

  async setTeamRouting(
    principal: Principal,
    teamId: string | null,
    input: Record<string, unknown>,
  ): Promise<TeamRoutingSettings> {
    requireAdmin(principal);
    const settings = parseTeamRoutingSettings(input);
    if (settings.overflowTeamId) {
      if (settings.overflowTeamId === teamId)
        throw new DomainError(
          'INVALID_INPUT',
          'Invalid team routing settings: overflowTeamId: a team cannot overflow to itself.',
        );
      await this.requireExisting(
        principal.workspaceId,
        'teams',
        new Set([settings.overflowTeamId]),
        'Overflow team',
      );
    }
    await this.changeAndRoute(principal.workspaceId, async (tx) => {
      if (teamId === null) await this.settings.savePoolSettings(tx, principal.workspaceId, input);
      else if (!(await this.settings.saveTeamSettings(tx, principal.workspaceId, teamId, input)))
        throw new DomainError('NOT_FOUND', 'Team not found.');
    });
    return settings;
  }

  async setAgentSkills(
    principal: Principal,
    agentId: string,
    skills: Record<string, unknown>,
  ): Promise<Record<string, number>> {
    requireAdmin(principal);
    const entries = Object.entries(skills);
    if (entries.length > 50) throw new DomainError('INVALID_INPUT', 'An agent can have at most 50 skills.');
    for (const [name, level] of entries) {
      if (!SKILL.test(name))
        throw new DomainError(
          'INVALID_INPUT',
          `Skill "${name.slice(0, 60)}": use 1-40 characters of a-z 0-9 - _.`,
        );
      if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > 5)
        throw new DomainError(
          'INVALID_INPUT',
          `Skill "${name}": the level must be a whole number from 1 to 5.`,
        );
    }
    const clean = Object.fromEntries(entries) as Record<string, number>;
    await this.changeAndRoute(principal.workspaceId, async (tx) => {
      if (!(await this.settings.saveAgentSkills(tx, principal.workspaceId, agentId, clean)))
        throw new DomainError('NOT_FOUND', 'Agent not found.');
    });
    return clean;
  }

  async setMemberTier(principal: Principal, teamId: string, agentId: string, tier: string): Promise<void> {
    requireAdmin(principal);
    if (!TIERS.includes(tier as AgentTier))
      throw new DomainError('INVALID_INPUT', `The tier must be one of ${TIERS.join(', ')}.`);
    await this.changeAndRoute(principal.workspaceId, async (tx) => {
      if (!(await this.settings.saveMemberTier(tx, principal.workspaceId, teamId, agentId, tier)))
        throw new DomainError('NOT_FOUND', 'The agent is not a member of that team.');
    });
  }

  /** null url removes the router. The secret is a Standard Webhooks `whsec_` secret, never returned. */
  async setExternalRouter(
    principal: Principal,
    input: { url: string | null; secret: string | null; timeoutMs: number },
  ): Promise<void> {
    requireAdmin(principal);
    if (input.url === null) {
      await this.settings.saveExternalRouter(this.db.manager, principal.workspaceId, null);
      return;
    }
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new DomainError('INVALID_INPUT', 'The external router URL is not a valid URL.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new DomainError('INVALID_INPUT', 'The external router URL must be http(s).');
    if (!input.secret || !/^whsec_[A-Za-z0-9+/=]{24,}$/.test(input.secret))
      throw new DomainError(
        'INVALID_INPUT',
        'The secret must be a Standard Webhooks secret: "whsec_" and base64 (24+ characters).',
      );
    if (!Number.isInteger(input.timeoutMs) || input.timeoutMs < 50 || input.timeoutMs > 5000)
      throw new DomainError('INVALID_INPUT', 'timeoutMs must be a whole number from 50 to 5000.');
    await this.settings.saveExternalRouter(this.db.manager, principal.workspaceId, {
      url: url.toString(),
      secret: input.secret,
      timeoutMs: input.timeoutMs,
    });
  }

  /**
   * An agent takes a waiting chat themselves (manual queues, or jumping in): only while they are
   * accepting and have room, like any assignment; CONFLICT otherwise.
   */
  async pickConversation(principal: Principal, conversationId: string): Promise<void> {
    const claim = await this.queue.claim(
      this.db.manager,
      principal.workspaceId,
      conversationId,
      principal.agentId,
      {
        choice: 'picked',
        assignedAt: new Date().toISOString(),
      },
    );
    if (claim.outcome === 'agent_unavailable')
      throw new DomainError(
        'CONFLICT',
        'You can pick a chat only while accepting chats and below your capacity.',
      );
    if (claim.outcome === 'gone')
      throw new DomainError('CONFLICT', 'That conversation is no longer waiting in a queue.');
    this.relay.relayCommitted([claim.outbox]);
  }

  /** Each member's tier in a team (for the Teams screen). */
  async memberTiers(workspaceId: string, teamId: string): Promise<{ agentId: string; tier: AgentTier }[]> {
    return this.db.query(
      `SELECT agent_id AS "agentId", tier FROM team_members WHERE workspace_id = $1 AND team_id = $2 ORDER BY agent_id`,
      [workspaceId, teamId],
    );
  }

  /** Where the external router is (its secret is never returned), or null. */
  async externalRouter(principal: Principal): Promise<{ url: string; timeoutMs: number } | null> {
    requireAdmin(principal);
    const router = (await this.settings.load(this.db.manager, principal.workspaceId)).externalRouter;
    return router ? { url: router.url, timeoutMs: router.timeoutMs } : null;
  }

  /** The workspace pool and every team (and any queue with someone waiting): length, oldest wait, who could serve it. */
  async queueStats(principal: Principal): Promise<QueueStats[]> {
    const setup = await this.settings.load(this.db.manager, principal.workspaceId);
    const sla = {
      pool: setup.pool.slaSeconds,
      ...Object.fromEntries([...setup.teams].map(([id, t]) => [id, t.slaSeconds])),
    };
    const rows: {
      teamId: string | null;
      teamName: string | null;
      waiting: number;
      oldestWaitSeconds: number | null;
      overSla: number;
      acceptingAgents: number;
      freeSlots: number;
    }[] = await this.db.query(
      `WITH queues AS (
         SELECT team_id, count(*)::int AS waiting, extract(epoch FROM now() - min(queued_at))::int AS oldest,
                count(*) FILTER (WHERE queued_at < now() - make_interval(secs =>
                  COALESCE(($2::jsonb ->> COALESCE(team_id::text, 'pool'))::int, 60)))::int AS over_sla
           FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL GROUP BY team_id),
       keys AS (SELECT id AS team_id FROM teams WHERE workspace_id = $1 UNION SELECT team_id FROM queues UNION SELECT NULL::uuid)
       SELECT k.team_id AS "teamId", t.name AS "teamName", COALESCE(q.waiting, 0) AS waiting, q.oldest AS "oldestWaitSeconds",
              COALESCE(q.over_sla, 0) AS "overSla",
              COALESCE(s.accepting, 0)::int AS "acceptingAgents", COALESCE(s.free, 0)::int AS "freeSlots"
         FROM keys k
         LEFT JOIN teams t ON t.workspace_id = $1 AND t.id = k.team_id
         LEFT JOIN queues q ON q.team_id IS NOT DISTINCT FROM k.team_id
         LEFT JOIN LATERAL (
           SELECT count(*) AS accepting, sum(greatest(a.capacity - a.open_count, 0)) AS free FROM agents a
            WHERE a.workspace_id = $1 AND a.status = 'accepting'
              AND (k.team_id IS NULL OR EXISTS (SELECT 1 FROM team_members m WHERE m.workspace_id = $1
                     AND m.team_id = k.team_id AND m.agent_id = a.id))) s ON true
        ORDER BY t.name NULLS FIRST`,
      [principal.workspaceId, JSON.stringify(sla)],
    );
    return rows.map((r) => {
      const settings = r.teamId === null ? setup.pool : (setup.teams.get(r.teamId) ?? setup.pool);
      return { ...r, strategy: settings.strategy, slaSeconds: settings.slaSeconds };
    });
  }

  /** Why a conversation was routed where it was (rule, strategy, choice), and its place if it waits. */
  async routingOf(
    workspaceId: string,
    conversationId: string,
  ): Promise<{
    reason: Record<string, unknown> | null;
    priority: number;
    queuePosition: number | null;
    etaSeconds: number | null;
  }> {
    const [row]: { reason: Record<string, unknown> | null; priority: number }[] = await this.db.query(
      `SELECT routing_reason AS reason, priority FROM conversations WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId],
    );
    if (!row) throw new DomainError('NOT_FOUND', 'Conversation not found.');
    const place = (await this.queue.queuePositions(this.db.manager, workspaceId, [conversationId])).get(
      conversationId,
    );
    return { ...row, queuePosition: place?.position ?? null, etaSeconds: place?.etaSeconds ?? null };
  }

  private async requireExisting(
    workspaceId: string,
    table: 'teams' | 'agents',
    ids: Set<string>,
    what: string,
  ): Promise<void> {
    if (ids.size === 0) return;
    const list = [...ids];
    if (list.some((id) => !/^[0-9a-f-]{36}$/i.test(id)))
      throw new DomainError('INVALID_INPUT', `${what} ids must be UUIDs.`);
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM ${table} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, list],
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = list.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw new DomainError('INVALID_INPUT', `${what} not found: ${missing.join(', ')}.`);
  }

  private async changeAndRoute(
    workspaceId: string,
    change: (tx: EntityManager) => Promise<void>,
  ): Promise<void> {
    const rows = await this.db.transaction(async (tx) => {
      await change(tx);
      return this.outbox.append(tx, workspaceId, [
        { kind: 'job', queue: 'routing', name: 'assign-queued', data: { workspaceId } },
      ]);
    });
    this.relay.relayCommitted(rows);
  }
}
