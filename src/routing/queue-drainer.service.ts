import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { CLOCK, type Clock } from '../core/tokens';
import { ExternalRouterClient } from './external-router.client';
import { chooseAgent } from './policy/assignment-strategy';
import type { AgentCandidate, AgentChoice } from './policy/routing-policy.types';
import { QueueLock } from './queue-lock';
import { QueueKey, QueuedConversation, RoutingQueueRepository } from './routing-queue.repository';
import {
  RoutingSettingsRepository,
  type ExternalRouterConfig,
  type WorkspaceRouting,
} from './routing-settings.repository';
import type { TeamRoutingSettings } from './team-routing-settings';

/** Waiting conversations read per round; the scan stops once nobody with room is left. */
const HEAD_BATCH = 50;
/**
 * A drain stops after passing over this many conversations nobody eligible could take (a skill
 * nobody online has), so a queue full of them is not re-read end to end on every drain.
 */
const MAX_PASSED_OVER = 1000;

/**
 * Serves one queue: while agents have room, the next waiting conversation (priority, then
 * arrival) goes to the agent its team's strategy chooses. A conversation nobody eligible can take
 * (a skill nobody online has) is passed over, and since nobody could take it, the agents later
 * ones get were never its to take: order holds among conversations that compete for agents.
 *
 * One drain per queue at a time across processes (QueueLock); every assignment is its own
 * statement (sb_claim_assignment) that re-checks capacity, so a stale candidate list can cost a
 * retry but never an over-capacity agent.
 */
@Injectable()
export class QueueDrainer {
  private readonly lock: QueueLock;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly queue: RoutingQueueRepository,
    private readonly settings: RoutingSettingsRepository,
    private readonly relay: OutboxRelay,
    private readonly externalRouter: ExternalRouterClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.lock = new QueueLock(db);
  }

  /**
   * Assigns what it can in this queue; resolves when done (or when the drain under way, which it
   * joined, is done). `setup` saves reloading the workspace's settings when the caller just did.
   */
  async drain(key: QueueKey, setup?: WorkspaceRouting): Promise<void> {
    let preloaded = setup;
    await this.lock.run(key, async (db) => {
      const current = preloaded ?? (await this.settings.load(db, key.workspaceId));
      preloaded = undefined; // a rerun reloads: the settings may have changed meanwhile
      await this.drainLocked(db, key, current);
    });
  }

  private async drainLocked(db: EntityManager, key: QueueKey, setup: WorkspaceRouting): Promise<void> {
    const team = key.teamId === null ? setup.pool : setup.teams.get(key.teamId);
    if (!team || team.strategy === 'manual') return;
    // Loaded once per drain: claims re-check capacity atomically, so a stale entry costs a retry,
    // and capacity freed meanwhile starts another drain (assign-queued).
    const pool = await this.queue.candidates(db, key);
    let after: QueuedConversation | undefined;
    for (let passedOver = 0; pool.length > 0 && passedOver < MAX_PASSED_OVER;) {
      const heads = await this.queue.queueHead(db, key, HEAD_BATCH, after);
      if (heads.length === 0) return;
      const suggestions =
        team.externalRouter && setup.externalRouter
          ? await this.askExternalRouter(setup.externalRouter, key, heads.slice(0, freeSlots(pool)), pool)
          : new Map<string, string>();
      for (const head of heads) {
        if (!(await this.assignOne(db, key, team, head, pool, suggestions.get(head.id) ?? null)))
          passedOver++;
        if (pool.length === 0) return;
      }
      after = heads[heads.length - 1];
    }
  }

  /** Tries agents in the strategy's order until a claim holds or nobody eligible is left. */
  private async assignOne(
    db: EntityManager,
    key: QueueKey,
    team: TeamRoutingSettings,
    head: QueuedConversation,
    pool: AgentCandidate[],
    suggested: string | null,
  ): Promise<boolean> {
    for (;;) {
      const choice = this.choose(team, head, pool, suggested);
      if (!choice) return false;
      const reason = {
        ...(head.routingReason ?? {}),
        strategy: team.strategy,
        choice: choice.reason,
        tier: choice.tier,
        assignedAt: this.clock.now().toISOString(),
      };
      const claim = await this.queue.claim(db, key.workspaceId, head.id, choice.agentId, reason);
      if (claim.outcome === 'gone') return false;
      const i = pool.findIndex((c) => c.agentId === choice.agentId);
      if (claim.outcome === 'agent_unavailable') {
        pool.splice(i, 1);
        continue;
      }
      this.relay.relayCommitted([claim.outbox]);
      const agent = pool[i];
      agent.openCount++;
      agent.lastAssignedAt = this.clock.now().getTime();
      if (agent.openCount >= agent.capacity) pool.splice(i, 1);
      return true;
    }
  }

  private choose(
    team: TeamRoutingSettings,
    head: QueuedConversation,
    pool: AgentCandidate[],
    suggested: string | null,
  ): AgentChoice | null {
    const request = {
      requiredSkills: head.requiredSkills,
      previousAgentId: head.previousAgentId,
      excludedAgentIds: head.excludedAgentIds,
    };
    if (suggested) {
      const viaRouter = chooseAgent(team, pool, { ...request, preferredAgentId: suggested });
      if (viaRouter?.agentId === suggested) return { ...viaRouter, reason: 'external_router' };
    }
    return chooseAgent(team, pool, { ...request, preferredAgentId: head.preferredAgentId });
  }

  private async askExternalRouter(
    router: ExternalRouterConfig,
    key: QueueKey,
    heads: QueuedConversation[],
    pool: AgentCandidate[],
  ): Promise<Map<string, string>> {
    const candidates = pool.map((c) => ({
      agentId: c.agentId,
      openCount: c.openCount,
      capacity: c.capacity,
    }));
    const answers = await Promise.all(
      heads.map((h) =>
        this.externalRouter.suggest(router, {
          workspaceId: key.workspaceId,
          conversationId: h.id,
          teamId: key.teamId,
          priority: h.priority,
          contactId: h.contactId,
          candidates,
        }),
      ),
    );
    return new Map(heads.flatMap((h, i) => (answers[i] ? [[h.id, answers[i]] as [string, string]] : [])));
  }
}

function freeSlots(pool: AgentCandidate[]): number {
  return pool.reduce((n, c) => n + Math.max(0, c.capacity - c.openCount), 0);
}
