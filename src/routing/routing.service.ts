import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupCommit, isStatementError } from '../core/database/group-commit';
import { OutboxRelay } from '../core/outbox/outbox-relay.service';
import { QueueProducer } from '../core/queue/queue-producer.service';
import { CLOCK, type Clock } from '../core/tokens';

import { chooseAgent, recordAssignment } from './policy/assignment-strategy';
import { QueueDrainer } from './queue-drainer.service';
import { placementFor } from './queue-placement';
import {
  QueueKey,
  QueuePlacement,
  RoutingQueueRepository,
  type RoutingState,
} from './routing-queue.repository';
import {
  RoutingSettingsRepository,
  SETUP_JSON,
  type StoredSetup,
  type WorkspaceRouting,
} from './routing-settings.repository';

export type RouteOutcome = 'assigned' | 'queued' | 'pending' | 'skipped';

/**
 * The routing engine's entry points (docs/routing.md). A new conversation is first *placed*:
 * the workspace's rules decide its team, priority, required skills and preferred agent, and a
 * closed team overflows at once. *Admission* assigns it in the same statement when an agent has
 * room and nobody waits ahead of it in its queue; whatever still waits is *drained*
 * (QueueDrainer): it gets an agent only if nobody ahead of it in the queue could take that agent.
 * Freed capacity (a resolved chat, an agent accepting again) drains every queue of the workspace
 * (`assignQueued`). All of it is idempotent: a re-run finds the conversation placed or assigned
 * and skips it.
 */
@Injectable()
export class RoutingService {
  /**
   * One flight at a time per process (a few statements for every job that joined it): flights of
   * one queue serialise on its lock anyway, and jobs that arrive meanwhile wait for the next
   * flight instead of each holding a connection, so flights grow with the load.
   */
  private readonly admissions = new GroupCommit<AdmissionRequest, Admitted>(
    (batch) => this.admitBatch(batch),
    {
      maxInFlight: 1,
      maxBatchSize: 500,
      weight: (r) => r.conversationIds.length,
      retryAlone: isStatementError,
    },
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: RoutingQueueRepository,
    private readonly settings: RoutingSettingsRepository,
    private readonly drainer: QueueDrainer,
    private readonly relay: OutboxRelay,
    private readonly queues: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One conversation: how its routing ended for now ('skipped' when it was not waiting for routing). */
  async routeConversation(workspaceId: string, conversationId: string): Promise<RouteOutcome> {
    const { placed, waiting } = await this.routeConversations(workspaceId, [conversationId]);
    if (!placed.has(conversationId) && !waiting.has(conversationId)) return 'skipped';
    const [row]: { status: string; assigneeId: string | null }[] = await this.db.query(
      `SELECT status, assignee_id AS "assigneeId" FROM conversations WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId],
    );
    if (!row) return 'skipped';
    if (row.assigneeId) return 'assigned';
    return row.status === 'queued' ? 'queued' : row.status === 'pending' ? 'pending' : 'skipped';
  }

  /**
   * A routing job: admits the conversations that were never routed to their queues (placed by
   * the rules and, where nobody waits ahead, assigned at once), then drains the queues where some
   * still wait. Answers which ones it placed and which waited for an agent. Concurrent jobs share
   * admissions (GroupCommit): under load one set of statements serves many jobs.
   */
  async routeConversations(
    workspaceId: string,
    conversationIds: string[],
  ): Promise<{ placed: Set<string>; waiting: Set<string> }> {
    const admitted = await this.admissions.submit({ workspaceId, conversationIds });
    for (const teamId of admitted.toDrain) await this.drainer.drain({ workspaceId, teamId }, admitted.setup);
    return { placed: admitted.placed, waiting: admitted.waiting };
  }

  /** Freed capacity: drains every queue of the workspace that has someone waiting. */
  async assignQueued(workspaceId: string): Promise<void> {
    const unrouted = await this.queue.unroutedIds(this.db.manager, workspaceId, 500);
    if (unrouted.length > 0) await this.routeConversations(workspaceId, unrouted);
    for (const teamId of await this.queue.queuesWithWaiting(this.db.manager, workspaceId))
      await this.drainer.drain({ workspaceId, teamId });
  }

  /**
   * Enqueues assign-queued for workspaces whose conversations have waited longer than `ageMs`
   * (their routing job may be lost); returns how many workspaces. One job per workspace per age
   * window, however often the sweep runs.
   */
  async requeueStalled(ageMs: number): Promise<number> {
    const workspaces = await this.queue.workspacesWithStalledQueue(this.db.manager, ageMs, 500);
    const window = Math.floor(Date.now() / Math.max(ageMs, 1000));
    await this.queues.addBulk(
      'routing',
      workspaces.map((workspaceId) => ({
        name: 'assign-queued' as const,
        data: { workspaceId },
        opts: { jobId: `recover-${workspaceId}-${window}` },
      })),
    );
    return workspaces.length;
  }

  /** One admission flight: the jobs' conversations, merged per workspace. */
  private async admitBatch(batch: AdmissionRequest[]): Promise<Admitted[]> {
    const idsOf = new Map<string, Set<string>>();
    for (const r of batch) {
      const ids = idsOf.get(r.workspaceId) ?? new Set<string>();
      for (const id of r.conversationIds) ids.add(id);
      idsOf.set(r.workspaceId, ids);
    }
    const results = new Map<string, WorkspaceAdmission>();
    for (const [workspaceId, ids] of idsOf)
      results.set(workspaceId, await this.admitAll(workspaceId, [...ids]));
    return batch.map((r) => {
      const all = results.get(r.workspaceId)!;
      const mine = r.conversationIds;
      return {
        placed: new Set(mine.filter((id) => all.placed.has(id))),
        waiting: new Set(mine.filter((id) => all.waiting.has(id))),
        toDrain: new Set(mine.flatMap((id) => (all.drainFor.has(id) ? [all.drainFor.get(id) ?? null] : []))),
        setup: all.setup,
      };
    });
  }

  /** Places and admits a workspace's conversations; says which of them still wait for a drain, and where. */
  private async admitAll(workspaceId: string, conversationIds: string[]): Promise<WorkspaceAdmission> {
    // The setup rides along (one round trip); it is used only when someone was never routed.
    const { states, value } = await this.queue.routingStates(
      this.db.manager,
      workspaceId,
      conversationIds,
      SETUP_JSON,
    );
    const placed = new Set<string>();
    const waiting = new Set<string>();
    const drainFor = new Map<string, string | null>();
    for (const s of states) {
      if (s.context || !s.waiting) continue;
      waiting.add(s.id);
      drainFor.set(s.id, s.teamId);
    }
    const unrouted = states.filter((s) => s.context !== null);
    const setup = unrouted.length > 0 ? this.settings.parse(workspaceId, value as StoredSetup) : undefined;
    if (setup) {
      const now = this.clock.now();
      const byQueue = new Map<string | null, Admission[]>();
      for (const state of unrouted) {
        const placement = placementFor(setup, { id: state.id, context: state.context! }, now, state.teamId);
        const queue = byQueue.get(placement.teamId) ?? [];
        queue.push({ state, placement });
        byQueue.set(placement.teamId, queue);
      }
      for (const [teamId, admissions] of byQueue) {
        const admitted = await this.admit({ workspaceId, teamId }, setup, admissions, now);
        for (const id of admitted.placed) placed.add(id);
        for (const id of admitted.waiting) waiting.add(id);
        for (const id of admitted.toDrain) drainFor.set(id, teamId);
      }
    }
    return { placed, waiting, drainFor, setup };
  }

  /**
   * Places one queue's new conversations and, where its strategy can choose now (not manual, no
   * external router to ask, no rule's bot to try first), assigns the agents chosen for them in the
   * same statement (docs/routing.md, "Admission"): a conversation that finds an agent with room is
   * stored once, assigned, with no claim round trip of its own. The statement claims only when
   * nobody placed earlier waits in the queue; whatever is left waiting is drained in order.
   */
  private async admit(
    key: QueueKey,
    setup: WorkspaceRouting,
    admissions: Admission[],
    now: Date,
  ): Promise<{ placed: string[]; waiting: string[]; toDrain: string[] }> {
    const team = key.teamId === null ? setup.pool : (setup.teams.get(key.teamId) ?? setup.pool);
    const ordered = [...admissions].sort(
      (a, b) =>
        b.placement.priority - a.placement.priority ||
        compareText(a.state.queuedAtKey, b.state.queuedAtKey) ||
        compareText(a.state.id, b.state.id),
    );
    const chooses =
      team.strategy !== 'manual' &&
      !(team.externalRouter && setup.externalRouter) &&
      ordered.every((a) => a.placement.botAgentId === null) &&
      ordered.some((a) => a.placement.status === 'queued');
    const pool = chooses ? await this.queue.candidates(this.db.manager, key) : [];
    const assignedAt = now.toISOString();
    const items = ordered.map(({ state, placement }) => {
      const choice =
        placement.status === 'queued' && pool.length > 0
          ? chooseAgent(team, pool, {
              requiredSkills: placement.requiredSkills,
              preferredAgentId: placement.preferredAgentId,
              previousAgentId: state.previousAgentId,
              excludedAgentIds: state.excludedAgentIds,
            })
          : null;
      if (!choice) return { placement, agentId: null, claimReason: null };
      recordAssignment(pool, choice.agentId, now.getTime());
      return {
        placement,
        agentId: choice.agentId,
        claimReason: { strategy: team.strategy, choice: choice.reason, tier: choice.tier, assignedAt },
      };
    });
    const { outcomes, outbox } = await this.queue.admit(this.db.manager, key, items);
    if (outbox) this.relay.relayCommitted([outbox]);
    const placed: string[] = [];
    const waiting: string[] = [];
    const toDrain: string[] = [];
    for (const [i, { placement }] of items.entries()) {
      if (outcomes[i] === 'gone') continue;
      placed.push(placement.conversationId);
      if (placement.status !== 'queued') continue;
      waiting.push(placement.conversationId);
      if (outcomes[i] === 'placed') toDrain.push(placement.conversationId);
    }
    // Bots greet first: straight to the rule's bot, ahead of the queue, if it accepts and has room.
    for (const [i, { placement: p }] of items.entries()) {
      if (!p.botAgentId || p.status !== 'queued' || outcomes[i] !== 'placed') continue;
      const claim = await this.queue.claim(this.db.manager, key.workspaceId, p.conversationId, p.botAgentId, {
        choice: 'bot',
        assignedAt,
      });
      if (claim.outcome === 'assigned') this.relay.relayCommitted([claim.outbox]);
    }
    return { placed, waiting, toDrain };
  }
}

/** A routing job's share of an admission flight. */
interface AdmissionRequest {
  workspaceId: string;
  conversationIds: string[];
}

/** What a flight did for one job: which it placed, which waited, the queues left to drain. */
interface Admitted {
  placed: Set<string>;
  waiting: Set<string>;
  toDrain: Set<string | null>;
  setup: WorkspaceRouting | undefined;
}

interface WorkspaceAdmission {
  placed: Set<string>;
  waiting: Set<string>;
  /** Conversation → its queue, for those still waiting there after admission. */
  drainFor: Map<string, string | null>;
  setup: WorkspaceRouting | undefined;
}

/** A conversation routing sees for the first time, and where the rules put it. */
interface Admission {
  state: RoutingState;
  placement: QueuePlacement;
}

/** Code-unit order (queued_at keys share one format, so it is time order). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
