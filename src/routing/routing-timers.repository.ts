import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A conversation a timer moved, with what its events need. */
export interface MovedConversation {
  workspaceId: string;
  id: string;
  teamId: string | null;
  status: 'queued' | 'pending';
}

/** Queues with timer settings, across workspaces: a team's `teams.routing` or a pool's `routing_policies.default_team`. */
export interface TimedQueue {
  workspaceId: string;
  teamId: string | null;
  routing: unknown;
}

/**
 * The SQL of routing's timers. Each method is one statement, so several workers may run the
 * timers at once: a conversation moves once (its WHERE no longer matches after the first).
 * Statements are wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
 */
@Injectable()
export class RoutingTimersRepository {
  /** Queues whose settings name an inactivity, overflow or business-hours rule. */
  async timedQueues(db: EntityManager): Promise<TimedQueue[]> {
    return db.query(
      `SELECT workspace_id AS "workspaceId", id AS "teamId", routing FROM teams
        WHERE routing ?| ARRAY['inactivityReassignSeconds', 'overflowAfterSeconds', 'businessHours']
       UNION ALL
       SELECT workspace_id, NULL, default_team FROM routing_policies
        WHERE default_team ?| ARRAY['inactivityReassignSeconds', 'overflowAfterSeconds', 'businessHours']`,
    );
  }

  /**
   * Back to the queue: conversations of a queue assigned before `assignedBefore` whose agent has
   * not replied since. The agent is excluded from taking it again, and it keeps its place in the
   * queue: queued_at one microsecond before its own arrival, so the re-queue trigger (which stamps
   * an unchanged queued_at) leaves it ahead of everyone who arrived after it.
   */
  async requeueSilentAssignments(
    db: EntityManager,
    queue: { workspaceId: string; teamId: string | null },
    assignedBefore: Date,
  ): Promise<(MovedConversation & { previousAssigneeId: string })[]> {
    const rows: { id: string; teamId: string | null; previousAssigneeId: string }[] = await db.query(
      `WITH u AS (UPDATE conversations c
          SET assignee_id = NULL, status = 'queued', excluded_agent_ids = array_append(c.excluded_agent_ids, c.assignee_id),
              queued_at = c.queued_at - interval '1 microsecond', updated_at = now(),
              routing_reason = COALESCE(c.routing_reason, '{}') || jsonb_build_object('reassigned', 'inactivity',
                'previousAssigneeId', c.assignee_id)
        WHERE c.workspace_id = $1 AND c.team_id IS NOT DISTINCT FROM $2::uuid AND c.status = 'open'
          AND c.assignee_id IS NOT NULL AND c.assigned_at < $3
          AND (c.agent_replied_at IS NULL OR c.agent_replied_at < c.assigned_at)
        RETURNING c.id, c.team_id AS "teamId", c.excluded_agent_ids[array_upper(c.excluded_agent_ids, 1)] AS "previousAssigneeId")
       SELECT * FROM u`,
      [queue.workspaceId, queue.teamId, assignedBefore],
    );
    return rows.map((r) => ({ ...r, workspaceId: queue.workspaceId, status: 'queued' as const }));
  }

  /**
   * Overflow: waiting conversations of a queue that arrived before `queuedBefore` (every one, when
   * the queue's team is closed: pass the current time) move to `toTeamId`, or become offline
   * messages (pending, unassigned) when it is null or they overflowed once already. After an
   * overflow the wait counts again from the move, in `routing_reason.overflowedAt`.
   */
  async overflow(
    db: EntityManager,
    queue: { workspaceId: string; teamId: string | null },
    queuedBefore: Date,
    toTeamId: string | null,
    why: 'timeout' | 'closed',
    now: Date,
  ): Promise<MovedConversation[]> {
    const rows: { id: string; teamId: string | null; status: 'queued' | 'pending' }[] = await db.query(
      `WITH u AS (UPDATE conversations c
          SET team_id = CASE WHEN $4::uuid IS NULL OR c.routing_reason ? 'overflowedAt' THEN c.team_id ELSE $4::uuid END,
              status = CASE WHEN $4::uuid IS NULL OR c.routing_reason ? 'overflowedAt' THEN 'pending' ELSE 'queued' END,
              updated_at = now(),
              routing_reason = COALESCE(c.routing_reason, '{}') || jsonb_build_object('overflow',
                CASE WHEN $4::uuid IS NULL OR c.routing_reason ? 'overflowedAt' THEN 'offline_message' ELSE $5 END,
                'overflowedAt', $6::timestamptz, 'overflowedFrom', c.team_id)
        WHERE c.workspace_id = $1 AND c.team_id IS NOT DISTINCT FROM $2::uuid AND c.status = 'queued'
          AND c.assignee_id IS NULL AND c.routed_at IS NOT NULL
          AND COALESCE((c.routing_reason->>'overflowedAt')::timestamptz, c.queued_at) < $3
        RETURNING c.id, c.team_id AS "teamId", c.status)
       SELECT * FROM u`,
      [queue.workspaceId, queue.teamId, queuedBefore, toTeamId, why, now],
    );
    return rows.map((r) => ({ ...r, workspaceId: queue.workspaceId }));
  }
}
