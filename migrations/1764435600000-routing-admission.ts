import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admission: a routing job places its new conversations in their queue and, when nobody already
 * waits in that queue, assigns the agents its strategy chose, in one self-committing statement
 * (sb_admit_to_queue) instead of a placement transaction followed by one claim per conversation.
 * Docs: docs/routing.md, "Admission".
 *
 * The queue index now holds placed conversations only (routed_at set), so reading a queue's head,
 * or asking whether anyone waits in it, never walks past conversations that are still being
 * placed; those have an index of their own for recovery.
 */
export class RoutingAdmission1764435600000 implements MigrationInterface {
  name = 'RoutingAdmission1764435600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX conversations_queue;
      CREATE INDEX conversations_queue ON conversations (workspace_id, team_id, priority DESC, queued_at, id)
        WHERE status = 'queued' AND assignee_id IS NULL AND routed_at IS NOT NULL;
      CREATE INDEX conversations_unrouted ON conversations (workspace_id, queued_at)
        WHERE status = 'queued' AND assignee_id IS NULL AND routed_at IS NULL;

      -- p_items, in queue order: [{idx, id, team_id, priority, skills, preferred, reason, status, agent_id?, claim_reason?}].
      -- Every item still waiting and never routed is placed (team, priority, skills, reason); an
      -- item with an agent is also assigned to it in the same row update, if claims are allowed
      -- (nobody placed earlier waits in this queue) and the agent still accepts and has room. The
      -- first agent that cannot take its item stops the claims: later items are only placed, and
      -- the queue's drain serves them in order. Outcomes: 'assigned', 'placed', 'gone' (routed or
      -- assigned meanwhile); one outbox row (o_idx -1) carries every event.
      CREATE FUNCTION sb_admit_to_queue(p_ws uuid, p_team uuid, p_items jsonb)
      RETURNS TABLE (o_idx int, o_outcome text, o_outbox_id bigint, o_payload jsonb) LANGUAGE plpgsql AS $$
      DECLARE
        v_ids uuid[];
        v_ready uuid[];
        v_agents uuid[];
        v_claims boolean := false;
        v_stop int := 2147483647;
        v_events jsonb;
        v_outbox bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('routing:' || p_ws::text || ':' || COALESCE(p_team::text, 'pool'), 0));
        SELECT array_agg(x.id ORDER BY x.id), array_agg(DISTINCT x.agent_id) FILTER (WHERE x.agent_id IS NOT NULL)
          INTO v_ids, v_agents FROM jsonb_to_recordset(p_items) AS x(id uuid, agent_id uuid);
        -- Locked by key alone, then checked: a status predicate here would let the planner pick the
        -- small partial indexes and walk every waiting conversation for each item.
        SELECT COALESCE(array_agg(l.id) FILTER (WHERE l.status = 'queued' AND l.assignee_id IS NULL AND l.routed_at IS NULL), '{}')
          INTO v_ready
          FROM (SELECT id, status, assignee_id, routed_at FROM conversations
                 WHERE workspace_id = p_ws AND id = ANY(v_ids) ORDER BY id FOR NO KEY UPDATE) l;
        IF v_agents IS NOT NULL THEN
          IF p_team IS NULL THEN
            v_claims := NOT EXISTS (SELECT 1 FROM conversations WHERE workspace_id = p_ws AND team_id IS NULL
                          AND status = 'queued' AND assignee_id IS NULL AND routed_at IS NOT NULL);
          ELSE
            v_claims := NOT EXISTS (SELECT 1 FROM conversations WHERE workspace_id = p_ws AND team_id = p_team
                          AND status = 'queued' AND assignee_id IS NULL AND routed_at IS NOT NULL);
          END IF;
        END IF;
        IF v_claims THEN
          -- The first item whose agent cannot take it (away, or out of room counting the items
          -- before it) stops the claims there.
          SELECT COALESCE(min(t.idx), 2147483647) INTO v_stop FROM (
            SELECT x.idx, row_number() OVER (PARTITION BY x.agent_id ORDER BY x.idx) AS n, a.room
              FROM jsonb_to_recordset(p_items) AS x(idx int, id uuid, agent_id uuid, status text)
              LEFT JOIN (SELECT id, CASE WHEN status = 'accepting' THEN capacity - open_count ELSE 0 END AS room
                           FROM agents WHERE workspace_id = p_ws AND id = ANY(v_agents)
                          ORDER BY id FOR NO KEY UPDATE) a ON a.id = x.agent_id
             WHERE x.agent_id IS NOT NULL AND x.status = 'queued' AND x.id = ANY(v_ready)) t
           WHERE t.n > COALESCE(t.room, 0);
        END IF;
        WITH items AS (
          SELECT x.*, (v_claims AND x.agent_id IS NOT NULL AND x.status = 'queued' AND x.idx < v_stop) AS claim
            FROM jsonb_to_recordset(p_items) AS x(idx int, id uuid, team_id uuid, priority int, skills text[],
                   preferred uuid, reason jsonb, status text, agent_id uuid, claim_reason jsonb)
           WHERE x.id = ANY(v_ready)),
        changed AS (
          UPDATE conversations c SET team_id = i.team_id, priority = i.priority, required_skills = COALESCE(i.skills, '{}'),
                 preferred_agent_id = i.preferred, routed_at = now(), updated_at = now(),
                 routing_reason = CASE WHEN i.claim THEN i.reason || i.claim_reason ELSE i.reason END,
                 status = CASE WHEN i.claim THEN 'open' ELSE i.status END,
                 assignee_id = CASE WHEN i.claim THEN i.agent_id END,
                 assigned_at = CASE WHEN i.claim THEN now() END
            FROM items i
           WHERE c.workspace_id = p_ws AND c.id = ANY(v_ready) AND c.id = i.id
          RETURNING i.idx, i.id, i.claim, i.status, i.team_id, i.agent_id)
        SELECT jsonb_agg(jsonb_build_object('kind', 'event', 'event',
                 CASE WHEN claim THEN jsonb_build_object('type', 'conversation.assigned', 'workspaceId', p_ws,
                        'conversationId', id, 'assigneeId', agent_id, 'teamId', team_id)
                      WHEN status = 'pending' THEN jsonb_build_object('type', 'conversation.status_changed',
                        'workspaceId', p_ws, 'conversationId', id, 'status', 'pending')
                      ELSE jsonb_build_object('type', 'conversation.assigned', 'workspaceId', p_ws,
                        'conversationId', id, 'assigneeId', NULL, 'teamId', team_id) END) ORDER BY idx)
          INTO v_events FROM changed;
        IF v_events IS NOT NULL THEN
          INSERT INTO outbox (workspace_id, payload) VALUES (p_ws, v_events) RETURNING id INTO v_outbox;
        END IF;
        RETURN QUERY
          SELECT x.idx,
                 CASE WHEN NOT x.id = ANY(v_ready) THEN 'gone'
                      WHEN v_claims AND x.agent_id IS NOT NULL AND x.status = 'queued' AND x.idx < v_stop THEN 'assigned'
                      ELSE 'placed' END,
                 NULL::bigint, NULL::jsonb
            FROM jsonb_to_recordset(p_items) AS x(idx int, id uuid, agent_id uuid, status text);
        IF v_outbox IS NOT NULL THEN
          RETURN QUERY SELECT -1, 'outbox'::text, v_outbox, v_events;
        END IF;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION sb_admit_to_queue(uuid, uuid, jsonb);
      DROP INDEX conversations_unrouted;
      DROP INDEX conversations_queue;
      CREATE INDEX conversations_queue ON conversations (workspace_id, team_id, priority DESC, queued_at, id)
        WHERE status = 'queued' AND assignee_id IS NULL;
    `);
  }
}
