import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PrechatAnswer } from '../connectors/sdk';
import type { OutboxRecord } from '../core/outbox/outbox.repository';
import type { OutboxPayload } from '../core/outbox/outbox.types';
import type { AgentCandidate, AgentTier, RoutingContext } from './policy/routing-policy.types';

/** A conversation as routing first sees it: where it came from and who it is with. */
export interface UnroutedConversation {
  id: string;
  context: RoutingContext;
}

/** Where a conversation stands when a routing job looks at it. */
export interface RoutingState {
  id: string;
  status: string;
  assigneeId: string | null;
  teamId: string | null;
  /** Queued without an agent. */
  waiting: boolean;
  /** What rules look at, when it waits and was never routed (else null). */
  context: RoutingContext | null;
  /** queued_at at microsecond precision: its place among those that arrive with the same priority. */
  queuedAtKey: string;
  /** The contact's last agent, when it waits and was never routed (returning customers). */
  previousAgentId: string | null;
  /** Agents it must not go to again (an inactivity reassignment). */
  excludedAgentIds: string[];
}

/** A waiting conversation at the head of a queue, with what its assignment must respect. */
export interface QueuedConversation {
  id: string;
  contactId: string;
  priority: number;
  /** queued_at at full microsecond precision (a JS Date keeps only milliseconds), for paging. */
  queuedAtKey: string;
  requiredSkills: string[];
  preferredAgentId: string | null;
  excludedAgentIds: string[];
  previousAgentId: string | null;
}

/** What rules decided for a conversation, written before it waits for an agent. */
export interface QueuePlacement {
  conversationId: string;
  teamId: string | null;
  priority: number;
  requiredSkills: string[];
  preferredAgentId: string | null;
  /** A bot that takes the chat at once, ahead of the queue, when it accepts chats and has room. */
  botAgentId: string | null;
  reason: Record<string, unknown>;
  /** 'queued': waits for an agent; 'pending': an offline message nobody is routed to. */
  status: 'queued' | 'pending';
}

/** What admission did with one conversation: assigned at once, placed to wait (or as an offline message), or left alone. */
export type AdmitOutcome = 'assigned' | 'placed' | 'gone';

/** What happened to one item of a claim batch. */
export type ClaimOutcome = 'assigned' | 'gone' | 'agent_unavailable' | 'not_tried';

export type ClaimResult =
  { outcome: 'assigned'; outbox: OutboxRecord } | { outcome: 'agent_unavailable' } | { outcome: 'gone' };

/** A queue: one team's waiting conversations, or the workspace pool's (teamId null). */
export interface QueueKey {
  workspaceId: string;
  teamId: string | null;
}

const QUEUE_COLUMNS = `c.id, c.contact_id AS "contactId", c.priority, c.queued_at::text AS "queuedAtKey",
  c.required_skills AS "requiredSkills", c.preferred_agent_id AS "preferredAgentId",
  c.excluded_agent_ids AS "excludedAgentIds"`;
/**
 * The contact's last agent: one probe of conversations_by_contact. Queue heads read it only for
 * teams that route returning customers back; routing states read it for conversations never
 * routed (their team is not known until the rules ran).
 */
const PREVIOUS_AGENT = `(SELECT p.assignee_id FROM conversations p
    WHERE p.workspace_id = c.workspace_id AND p.contact_id = c.contact_id AND p.id <> c.id AND p.assignee_id IS NOT NULL
    ORDER BY p.last_message_at DESC NULLS LAST LIMIT 1)`;

function prechatRecord(answers: PrechatAnswer[] | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of answers ?? []) out[a.fieldId] = String(a.value);
  return out;
}

function scalarAttributes(
  source: Record<string, unknown> | null,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(source ?? {})) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/**
 * The routing engine's SQL. Every method takes the workspace id (rule 5). Capacity holds across
 * processes through sb_claim_assignments (migrations/1764417600000-routing-engine.ts); queue order
 * holds because one router at a time drains a queue (QueueLock).
 */
@Injectable()
export class RoutingQueueRepository {
  /**
   * Where each conversation of the list stands, and for those that wait and were never routed,
   * what rules look at: one query for a routing job. `withValue`, an SQL expression of one JSON
   * value of the workspace ($1), rides along in the same round trip (RoutingService passes the
   * routing setup, SETUP_JSON).
   */
  async routingStates(
    db: EntityManager,
    workspaceId: string,
    ids: string[],
    withValue: string,
  ): Promise<{ states: RoutingState[]; value: unknown }> {
    type Row = {
      id: string;
      status: string;
      assigneeId: string | null;
      teamId: string | null;
      routed: boolean;
      integrationId: string;
      channel: string;
      prechat: PrechatAnswer[] | null;
      tags: string[];
      attributes: Record<string, unknown> | null;
      name: string | null;
      email: string | null;
      locale: string | null;
      sessionVariables: Record<string, unknown> | null;
      pageUrl: string | null;
      visitorLocale: string | null;
      queuedAtKey: string;
      previousAgentId: string | null;
      excludedAgentIds: string[];
    };
    const [result]: { rows: Row[]; value: unknown }[] = await db.query(
      `SELECT COALESCE((SELECT json_agg(s) FROM (
       SELECT c.id, c.status, c.queued_at::text AS "queuedAtKey", c.excluded_agent_ids AS "excludedAgentIds",
              CASE WHEN c.routed_at IS NULL THEN ${PREVIOUS_AGENT} END AS "previousAgentId",
              c.assignee_id AS "assigneeId", c.team_id AS "teamId", c.routed_at IS NOT NULL AS routed,
              c.integration_id AS "integrationId", i.connector_id AS channel, c.prechat, c.tags,
              ct.attributes, ct.name, ct.email, ct.locale, v.session_variables AS "sessionVariables",
              v.current_page->>'url' AS "pageUrl", v.locale AS "visitorLocale"
         FROM conversations c
         JOIN integrations i ON i.workspace_id = c.workspace_id AND i.id = c.integration_id
         JOIN contacts ct ON ct.workspace_id = c.workspace_id AND ct.id = c.contact_id
         LEFT JOIN LATERAL (
           SELECT wv.session_variables, wv.current_page, wv.locale FROM contact_identities ci
             JOIN widget_visitors wv ON wv.workspace_id = ci.workspace_id AND wv.integration_id = ci.integration_id
                                    AND wv.external_id = ci.external_id
            WHERE c.routed_at IS NULL AND ci.workspace_id = c.workspace_id AND ci.contact_id = c.contact_id
              AND ci.integration_id = c.integration_id
            ORDER BY wv.last_seen_at DESC LIMIT 1) v ON true
        WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])) s), '[]') AS rows, ${withValue} AS value`,
      [workspaceId, ids],
    );
    const states = result.rows.map((r): RoutingState => {
      const waiting = r.status === 'queued' && r.assigneeId === null;
      return {
        id: r.id,
        status: r.status,
        assigneeId: r.assigneeId,
        teamId: r.teamId,
        waiting,
        queuedAtKey: r.queuedAtKey,
        previousAgentId: r.previousAgentId,
        excludedAgentIds: r.excludedAgentIds,
        context:
          waiting && !r.routed
            ? {
                integrationId: r.integrationId,
                channel: r.channel,
                prechat: prechatRecord(r.prechat),
                contact: {
                  ...scalarAttributes(r.sessionVariables),
                  ...scalarAttributes(r.attributes),
                  name: r.name,
                  email: r.email,
                  locale: r.locale ?? r.visitorLocale,
                },
                pageUrl: r.pageUrl,
                language: r.locale ?? r.visitorLocale,
                tags: r.tags,
              }
            : null,
      };
    });
    return { states, value: result.value };
  }

  /**
   * Admission (sb_admit_to_queue): places `items` (in queue order) in one queue and assigns the
   * agents chosen for them, in one statement that commits on its own. Claims happen only when
   * nobody placed earlier waits in the queue, and stop at the first agent that cannot take its
   * item (it and those after it are only placed, for the queue's drain). A conversation routed or
   * assigned meanwhile is left alone ('gone').
   */
  async admit(
    db: EntityManager,
    key: QueueKey,
    items: {
      placement: QueuePlacement;
      agentId: string | null;
      claimReason: Record<string, unknown> | null;
    }[],
  ): Promise<{ outcomes: AdmitOutcome[]; outbox: OutboxRecord | null }> {
    if (items.length === 0) return { outcomes: [], outbox: null };
    const rows: {
      o_idx: number;
      o_outcome: AdmitOutcome | 'outbox';
      o_outbox_id: string | null;
      o_payload: OutboxPayload[] | null;
    }[] = await db.query('SELECT * FROM sb_admit_to_queue($1, $2::uuid, $3::jsonb)', [
      key.workspaceId,
      key.teamId,
      JSON.stringify(
        items.map(({ placement: p, agentId, claimReason }, idx) => ({
          idx,
          id: p.conversationId,
          team_id: p.teamId,
          priority: p.priority,
          skills: p.requiredSkills,
          preferred: p.preferredAgentId,
          reason: p.reason,
          status: p.status,
          agent_id: agentId,
          claim_reason: claimReason,
        })),
      ),
    ]);
    const outcomes: AdmitOutcome[] = new Array(items.length);
    let outbox: OutboxRecord | null = null;
    for (const r of rows) {
      if (r.o_outcome === 'outbox')
        outbox = { id: String(r.o_outbox_id), workspaceId: key.workspaceId, payloads: r.o_payload ?? [] };
      else outcomes[r.o_idx] = r.o_outcome;
    }
    return { outcomes, outbox };
  }

  /** Agents who could take a chat of this queue now: accepting, with room; a team's members with their tier. */
  async candidates(db: EntityManager, key: QueueKey): Promise<AgentCandidate[]> {
    const rows: {
      id: string;
      openCount: number;
      capacity: number;
      lastAssignedAt: Date | null;
      skills: Record<string, number>;
      tier: AgentTier;
    }[] =
      key.teamId === null
        ? await db.query(
            `SELECT a.id, a.open_count AS "openCount", a.capacity, a.last_assigned_at AS "lastAssignedAt", a.skills,
                    'normal' AS tier
               FROM agents a
              WHERE a.workspace_id = $1 AND a.status = 'accepting' AND a.open_count < a.capacity`,
            [key.workspaceId],
          )
        : await db.query(
            `SELECT a.id, a.open_count AS "openCount", a.capacity, a.last_assigned_at AS "lastAssignedAt", a.skills, tm.tier
               FROM team_members tm
               JOIN agents a ON a.workspace_id = tm.workspace_id AND a.id = tm.agent_id
              WHERE tm.workspace_id = $1 AND tm.team_id = $2 AND a.status = 'accepting' AND a.open_count < a.capacity`,
            [key.workspaceId, key.teamId],
          );
    return rows.map((r) => ({
      agentId: r.id,
      accepting: true,
      openCount: r.openCount,
      capacity: r.capacity,
      lastAssignedAt: r.lastAssignedAt ? r.lastAssignedAt.getTime() : null,
      tier: r.tier,
      skills: r.skills,
    }));
  }

  /**
   * The next waiting conversations of a queue in serving order (priority, then arrival), after
   * `after` when paging. Not locked: the claim re-checks that each still waits. Every branch is
   * one range of the conversations_queue index in its order (team_id leads the ORDER BY so the
   * pool's `team_id IS NULL` reads the index in order too; the page after a position is two
   * ranges, the rest of its priority and the lower priorities), so a page costs the same with
   * 10 or 10,000 waiting.
   */
  async queueHead(
    db: EntityManager,
    key: QueueKey,
    limit: number,
    after?: Pick<QueuedConversation, 'priority' | 'queuedAtKey' | 'id'>,
    opts: { previousAgent?: boolean } = {},
  ): Promise<QueuedConversation[]> {
    const columns = `${QUEUE_COLUMNS}, ${opts.previousAgent ? PREVIOUS_AGENT : 'NULL::uuid'} AS "previousAgentId"`;
    const params: unknown[] = [key.workspaceId, limit];
    let queue = `c.workspace_id = $1 AND c.status = 'queued' AND c.assignee_id IS NULL AND c.routed_at IS NOT NULL`;
    if (key.teamId === null) queue += ' AND c.team_id IS NULL';
    else {
      params.push(key.teamId);
      queue += ` AND c.team_id = $${params.length}`;
    }
    const order = 'ORDER BY c.team_id, c.priority DESC, c.queued_at, c.id LIMIT $2';
    const select = (where: string) =>
      `(SELECT ${columns} FROM conversations c WHERE ${queue}${where} ${order})`;
    if (!after) return db.query(select(''), params);
    params.push(after.priority, after.queuedAtKey, after.id);
    const n = params.length;
    return db.query(
      `SELECT * FROM (
         ${select(` AND c.priority = $${n - 2} AND (c.queued_at, c.id) > ($${n - 1}::timestamptz, $${n}::uuid)`)}
         UNION ALL
         ${select(` AND c.priority < $${n - 2}`)}
       ) page ORDER BY priority DESC, "queuedAtKey"::timestamptz, id LIMIT $2`,
      params,
    );
  }

  /**
   * Assigns conversations to agents in the given order, each only while its agent still accepts
   * and has room and the conversation still waits, with one outbox row for all of them, in one
   * statement that commits on its own (sb_claim_assignments). Stops at the first agent that
   * cannot take its conversation: that item is 'agent_unavailable' and the rest 'not_tried'.
   */
  async claimBatch(
    db: EntityManager,
    workspaceId: string,
    items: { conversationId: string; agentId: string; reason: Record<string, unknown> }[],
  ): Promise<{ outcomes: ClaimOutcome[]; outbox: OutboxRecord | null }> {
    const rows: {
      o_idx: number;
      o_outcome: ClaimOutcome | 'outbox';
      o_outbox_id: string | null;
      o_payload: OutboxPayload[] | null;
    }[] = await db.query('SELECT * FROM sb_claim_assignments($1, $2::uuid[], $3::uuid[], $4::jsonb[])', [
      workspaceId,
      items.map((i) => i.conversationId),
      items.map((i) => i.agentId),
      items.map((i) => JSON.stringify(i.reason)),
    ]);
    const outcomes: ClaimOutcome[] = new Array(items.length);
    let outbox: OutboxRecord | null = null;
    for (const r of rows) {
      if (r.o_outcome === 'outbox')
        outbox = { id: String(r.o_outbox_id), workspaceId, payloads: r.o_payload ?? [] };
      else outcomes[r.o_idx] = r.o_outcome;
    }
    return { outcomes, outbox };
  }

  /** One assignment (an agent picking a chat, a rule's bot): a batch of one. */
  async claim(
    db: EntityManager,
    workspaceId: string,
    conversationId: string,
    agentId: string,
    reason: Record<string, unknown>,
  ): Promise<ClaimResult> {
    const { outcomes, outbox } = await this.claimBatch(db, workspaceId, [
      { conversationId, agentId, reason },
    ]);
    if (outcomes[0] === 'assigned' && outbox) return { outcome: 'assigned', outbox };
    return outcomes[0] === 'gone' ? { outcome: 'gone' } : { outcome: 'agent_unavailable' };
  }

  /**
   * Where waiting conversations stand: 1 = next in their queue, and an estimated wait: the
   * position times the queue's average handling time (its last 50 chats resolved in 30 days,
   * 5 minutes when it has none) divided by the chats its accepting agents can hold at once
   * (null when nobody is accepting: no honest estimate). Conversations that no longer wait are
   * absent from the answer.
   */
  async queuePositions(
    db: EntityManager,
    workspaceId: string,
    conversationIds: string[],
  ): Promise<Map<string, { position: number; etaSeconds: number | null }>> {
    if (conversationIds.length === 0) return new Map();
    const rows: { id: string; position: number; etaSeconds: number | null }[] = await db.query(
      `SELECT m.id, pos.position,
              CASE WHEN slots.total > 0 THEN ceil(pos.position * COALESCE(handle.avg_seconds, 300) / slots.total)::int END AS "etaSeconds"
         FROM conversations m
         CROSS JOIN LATERAL (
           SELECT count(*)::int + 1 AS position FROM conversations o
            WHERE o.workspace_id = m.workspace_id AND o.status = 'queued' AND o.assignee_id IS NULL
              AND o.routed_at IS NOT NULL AND o.team_id IS NOT DISTINCT FROM m.team_id
              AND (o.priority > m.priority OR (o.priority = m.priority AND (o.queued_at, o.id) < (m.queued_at, m.id)))) pos
         CROSS JOIN LATERAL (
           SELECT avg(extract(epoch FROM r.resolved_at - r.assigned_at)) AS avg_seconds FROM (
             SELECT resolved_at, assigned_at FROM conversations r
              WHERE r.workspace_id = m.workspace_id AND r.team_id IS NOT DISTINCT FROM m.team_id AND r.status = 'resolved'
                AND r.assigned_at IS NOT NULL AND r.resolved_at > now() - interval '30 days'
              ORDER BY r.resolved_at DESC LIMIT 50) r) handle
         CROSS JOIN LATERAL (
           SELECT sum(a.capacity) AS total FROM agents a
            WHERE a.workspace_id = m.workspace_id AND a.status = 'accepting'
              AND (m.team_id IS NULL OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.workspace_id = a.workspace_id
                     AND tm.team_id = m.team_id AND tm.agent_id = a.id))) slots
        WHERE m.workspace_id = $1 AND m.id = ANY($2::uuid[]) AND m.status = 'queued' AND m.assignee_id IS NULL`,
      [workspaceId, conversationIds],
    );
    return new Map(rows.map((r) => [r.id, { position: r.position, etaSeconds: r.etaSeconds }]));
  }

  /** The queues of a workspace that have someone waiting. */
  async queuesWithWaiting(db: EntityManager, workspaceId: string): Promise<(string | null)[]> {
    const rows: { teamId: string | null }[] = await db.query(
      `SELECT DISTINCT team_id AS "teamId" FROM conversations
        WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL AND routed_at IS NOT NULL`,
      [workspaceId],
    );
    return rows.map((r) => r.teamId);
  }

  /** Waiting conversations never routed (their job may be lost), for recovery. */
  async unroutedIds(db: EntityManager, workspaceId: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM conversations WHERE workspace_id = $1 AND status = 'queued' AND assignee_id IS NULL
          AND routed_at IS NULL ORDER BY queued_at LIMIT $2`,
      [workspaceId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Workspaces with a conversation waiting longer than `ageMs` (its routing job may be lost). Two
   * branches, one per partial index: never routed (conversations_unrouted) and placed
   * (conversations_queue); both hold only waiting conversations, so the sweep stays small.
   */
  async workspacesWithStalledQueue(db: EntityManager, ageMs: number, limit: number): Promise<string[]> {
    const rows: { workspace_id: string }[] = await db.query(
      `SELECT DISTINCT workspace_id FROM conversations
        WHERE status = 'queued' AND assignee_id IS NULL AND routed_at IS NULL AND queued_at < now() - make_interval(secs => $1::float8 / 1000)
       UNION
       SELECT workspace_id FROM conversations
        WHERE status = 'queued' AND assignee_id IS NULL AND routed_at IS NOT NULL AND queued_at < now() - make_interval(secs => $1::float8 / 1000)
        LIMIT $2`,
      [ageMs, limit],
    );
    return rows.map((r) => r.workspace_id);
  }
}
