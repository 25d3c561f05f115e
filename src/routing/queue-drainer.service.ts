import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import type { HubConfig } from '../core/config/config.schema';
import { CLOCK, CONFIG, type Clock } from '../core/tokens';
import { ExternalRouterClient } from './external-router.client';
import { chooseAgent, recordAssignment } from './policy/assignment-strategy';
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
 * statement (sb_claim_assignments) that re-checks capacity, so a stale candidate list can cost a
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
    @Inject(CONFIG) private readonly config: HubConfig,
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
    const passedOver = new Set<string>();
    while (pool.length > 0 && passedOver.size < MAX_PASSED_OVER) {
      const heads = await this.queue.queueHead(db, key, HEAD_BATCH, after, {
        previousAgent: team.returningCustomer,
      });
      if (heads.length === 0) return;
      const suggestions =
        team.externalRouter && setup.externalRouter
          ? await this.askExternalRouter(setup.externalRouter, key, heads.slice(0, freeSlots(pool)), pool)
          : new Map<string, string>();
      for (let next = 0; next < heads.length && pool.length > 0;) {
        next = await this.claimNext(db, key, team, heads, next, pool, suggestions, passedOver);
      }
      after = heads[heads.length - 1];
    }
  }

  /**
   * Chooses agents for up to ROUTING_CLAIM_BATCH heads from `from` on (updating the candidates' loads as
   * it goes, as the claims will), claims them in one statement, and answers where to go on: past
   * the batch, or back to the first head whose agent turned out to be full or away (that agent
   * leaves the candidates, and the head is chosen for again before anyone behind it).
   */
  private async claimNext(
    db: EntityManager,
    key: QueueKey,
    team: TeamRoutingSettings,
    heads: QueuedConversation[],
    from: number,
    pool: AgentCandidate[],
    suggestions: Map<string, string>,
    passedOver: Set<string>,
  ): Promise<number> {
    const before = pool.map((agent) => ({
      agent,
      openCount: agent.openCount,
      lastAssignedAt: agent.lastAssignedAt,
    }));
    const batch: { index: number; head: QueuedConversation; choice: AgentChoice }[] = [];
    let next = from;
    for (; next < heads.length && batch.length < this.config.ROUTING_CLAIM_BATCH && pool.length > 0; next++) {
      const head = heads[next];
      const choice = this.choose(team, head, pool, suggestions.get(head.id) ?? null);
      if (!choice) {
        passedOver.add(head.id);
        continue;
      }
      batch.push({ index: next, head, choice });
      this.countAssignment(pool, choice.agentId);
    }
    if (batch.length === 0) return next;
    const assignedAt = this.clock.now().toISOString();
    const { outcomes, outbox } = await this.queue.claimBatch(
      db,
      key.workspaceId,
      batch.map(({ head, choice }) => ({
        conversationId: head.id,
        agentId: choice.agentId,
        reason: { strategy: team.strategy, choice: choice.reason, tier: choice.tier, assignedAt },
      })),
    );
    if (outbox) this.relay.relayCommitted([outbox]);
    if (outcomes.every((o) => o === 'assigned')) return next;
    // Back to the loads before the batch, plus what was really assigned.
    pool.splice(
      0,
      pool.length,
      ...before.map((b) =>
        Object.assign(b.agent, { openCount: b.openCount, lastAssignedAt: b.lastAssignedAt }),
      ),
    );
    batch.forEach((item, k) => outcomes[k] === 'assigned' && this.countAssignment(pool, item.choice.agentId));
    // Heads after the first item that did not go through were chosen for with loads that did not
    // happen: choose for them again, from that item (an agent that is full or away leaves the
    // candidates and its head is tried again; a conversation that left is stepped over).
    const problem = outcomes.findIndex((o) => o !== 'assigned');
    if (outcomes[problem] !== 'agent_unavailable') return batch[problem].index + 1;
    const away = pool.findIndex((c) => c.agentId === batch[problem].choice.agentId);
    if (away >= 0) pool.splice(away, 1);
    return batch[problem].index;
  }

  private countAssignment(pool: AgentCandidate[], agentId: string): void {
    recordAssignment(pool, agentId, this.clock.now().getTime());
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
