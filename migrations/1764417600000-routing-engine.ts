import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routing engine (docs/routing.md): a workspace's ordered rules, per-team routing settings,
 * agent skills and priority tiers, and on each conversation what routing decided and why.
 *
 * - `conversations.queued_at` is the place in the queue: the arrival (clock_timestamp per row, so
 *   a batch insert keeps its order) or the moment it went back to the queue. A BEFORE trigger
 *   stamps it on every change to 'queued' unless the statement set it itself (an inactivity
 *   reassignment keeps the conversation's place).
 * - The queue index serves "next waiting conversation of a team by priority, then arrival".
 * - `agent_replied_at` is stamped by a trigger on an agent's public message, so the inactivity
 *   timer can tell an assigned-but-silent agent; the WHEN clause keeps inbound inserts free.
 * - The agent-load trigger stamps last_assigned_at with clock_timestamp(): several assignments in
 *   one transaction get distinct times, which round robin orders by.
 */
export class RoutingEngine1764417600000 implements MigrationInterface {
  name = 'RoutingEngine1764417600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversations
        ADD COLUMN priority smallint NOT NULL DEFAULT 50 CHECK (priority BETWEEN 0 AND 100),
        ADD COLUMN queued_at timestamptz DEFAULT clock_timestamp(),
        ADD COLUMN routed_at timestamptz,
        ADD COLUMN required_skills text[] NOT NULL DEFAULT '{}',
        ADD COLUMN preferred_agent_id uuid,
        ADD COLUMN excluded_agent_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN routing_reason jsonb,
        ADD COLUMN agent_replied_at timestamptz;
      UPDATE conversations SET queued_at = created_at, routed_at = created_at;

      DROP INDEX conversations_queue;
      CREATE INDEX conversations_queue ON conversations (workspace_id, team_id, priority DESC, queued_at, id)
        WHERE status = 'queued' AND assignee_id IS NULL;

      ALTER TABLE agents ADD COLUMN skills jsonb NOT NULL DEFAULT '{}';
      ALTER TABLE team_members ADD COLUMN tier text NOT NULL DEFAULT 'normal' CHECK (tier IN ('first', 'normal', 'last'));
      ALTER TABLE teams ADD COLUMN routing jsonb NOT NULL DEFAULT '{}';

      CREATE TABLE routing_policies (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        rules jsonb NOT NULL DEFAULT '[]',
        default_action jsonb NOT NULL DEFAULT '{}',
        default_team jsonb NOT NULL DEFAULT '{}',
        external_router_url text,
        external_router_secret_ciphertext bytea,
        external_router_timeout_ms int NOT NULL DEFAULT 500 CHECK (external_router_timeout_ms BETWEEN 50 AND 5000),
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE FUNCTION sb_stamp_queued_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.queued_at IS NOT DISTINCT FROM OLD.queued_at THEN
          NEW.queued_at := clock_timestamp();
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER conversations_stamp_queued_at BEFORE UPDATE OF status ON conversations
        FOR EACH ROW WHEN (NEW.status = 'queued' AND OLD.status <> 'queued') EXECUTE FUNCTION sb_stamp_queued_at();

      CREATE FUNCTION sb_stamp_agent_reply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE conversations SET agent_replied_at = NEW.created_at
         WHERE workspace_id = NEW.workspace_id AND id = NEW.conversation_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER messages_stamp_agent_reply AFTER INSERT ON messages
        FOR EACH ROW WHEN (NEW.author_kind = 'agent' AND NOT NEW.private) EXECUTE FUNCTION sb_stamp_agent_reply();

      CREATE OR REPLACE FUNCTION sb_track_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.assignee_id IS NOT NULL AND OLD.status <> 'resolved'
           AND (TG_OP = 'DELETE' OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id OR NEW.status = 'resolved') THEN
          UPDATE agents SET open_count = open_count - 1 WHERE workspace_id = OLD.workspace_id AND id = OLD.assignee_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.assignee_id IS NOT NULL AND NEW.status <> 'resolved'
           AND (TG_OP = 'INSERT' OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id OR OLD.status = 'resolved') THEN
          UPDATE agents SET open_count = open_count + 1, last_assigned_at = clock_timestamp()
           WHERE workspace_id = NEW.workspace_id AND id = NEW.assignee_id;
        END IF;
        RETURN NULL;
      END $$;

      -- Assigns waiting conversations to agents, in the given order, only while each agent accepts
      -- chats and has room, and writes one outbox row for all the assignments: one statement that
      -- commits on its own (one WAL flush for the batch). Locks are taken conversations first,
      -- then agents, each set in id order, so concurrent claims and the other assignment paths
      -- (transfer, deactivation: conversation, then agent) never wait on each other in a cycle.
      -- Each agent's open_count is re-checked on its latest version under the lock, and the
      -- agent-load trigger counts every assignment before the locks are released, so no agent is
      -- ever over capacity however many routers run.
      -- o_outcome per item: 'assigned'; 'gone' (no longer waits; skipped); 'agent_unavailable' (full
      -- or not accepting): the batch stops there and the rest are 'not_tried', so the caller can
      -- choose again for that conversation before anyone behind it is served. A last row with
      -- o_idx -1 carries the outbox row.
      CREATE FUNCTION sb_claim_assignments(p_ws uuid, p_conversations uuid[], p_agents uuid[], p_reasons jsonb[])
      RETURNS TABLE (o_idx int, o_outcome text, o_outbox_id bigint, o_payload jsonb) LANGUAGE plpgsql AS $$
      DECLARE
        v_team uuid;
        v_stopped boolean := false;
        v_events jsonb := '[]'::jsonb;
      BEGIN
        PERFORM 1 FROM conversations WHERE workspace_id = p_ws AND id = ANY(p_conversations)
          ORDER BY id FOR NO KEY UPDATE;
        PERFORM 1 FROM agents WHERE workspace_id = p_ws AND id = ANY(p_agents) ORDER BY id FOR NO KEY UPDATE;
        o_outbox_id := NULL;
        o_payload := NULL;
        FOR i IN 1..coalesce(array_length(p_conversations, 1), 0) LOOP
          o_idx := i - 1;
          IF v_stopped THEN
            o_outcome := 'not_tried';
            RETURN NEXT;
            CONTINUE;
          END IF;
          SELECT team_id INTO v_team FROM conversations
           WHERE workspace_id = p_ws AND id = p_conversations[i] AND status = 'queued' AND assignee_id IS NULL;
          IF NOT FOUND THEN
            o_outcome := 'gone';
            RETURN NEXT;
            CONTINUE;
          END IF;
          PERFORM 1 FROM agents WHERE workspace_id = p_ws AND id = p_agents[i]
             AND status = 'accepting' AND open_count < capacity;
          IF NOT FOUND THEN
            o_outcome := 'agent_unavailable';
            v_stopped := true;
            RETURN NEXT;
            CONTINUE;
          END IF;
          UPDATE conversations SET assignee_id = p_agents[i], status = 'open', assigned_at = now(), updated_at = now(),
                 routing_reason = COALESCE(routing_reason, '{}') || p_reasons[i]
           WHERE workspace_id = p_ws AND id = p_conversations[i];
          v_events := v_events || jsonb_build_array(jsonb_build_object('kind', 'event', 'event', jsonb_build_object(
            'type', 'conversation.assigned', 'workspaceId', p_ws, 'conversationId', p_conversations[i],
            'assigneeId', p_agents[i], 'teamId', v_team)));
          o_outcome := 'assigned';
          RETURN NEXT;
        END LOOP;
        IF jsonb_array_length(v_events) > 0 THEN
          INSERT INTO outbox (workspace_id, payload) VALUES (p_ws, v_events) RETURNING id INTO o_outbox_id;
          o_idx := -1;
          o_outcome := 'outbox';
          o_payload := v_events;
          RETURN NEXT;
        END IF;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION sb_claim_assignments(uuid, uuid[], uuid[], jsonb[]);
      CREATE OR REPLACE FUNCTION sb_track_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.assignee_id IS NOT NULL AND OLD.status <> 'resolved'
           AND (TG_OP = 'DELETE' OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id OR NEW.status = 'resolved') THEN
          UPDATE agents SET open_count = open_count - 1 WHERE workspace_id = OLD.workspace_id AND id = OLD.assignee_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.assignee_id IS NOT NULL AND NEW.status <> 'resolved'
           AND (TG_OP = 'INSERT' OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id OR OLD.status = 'resolved') THEN
          UPDATE agents SET open_count = open_count + 1, last_assigned_at = now()
           WHERE workspace_id = NEW.workspace_id AND id = NEW.assignee_id;
        END IF;
        RETURN NULL;
      END $$;
      DROP TRIGGER messages_stamp_agent_reply ON messages;
      DROP FUNCTION sb_stamp_agent_reply();
      DROP TRIGGER conversations_stamp_queued_at ON conversations;
      DROP FUNCTION sb_stamp_queued_at();
      DROP TABLE routing_policies;
      ALTER TABLE teams DROP COLUMN routing;
      ALTER TABLE team_members DROP COLUMN tier;
      ALTER TABLE agents DROP COLUMN skills;
      DROP INDEX conversations_queue;
      CREATE INDEX conversations_queue ON conversations (workspace_id, created_at, id) WHERE status = 'queued' AND assignee_id IS NULL;
      ALTER TABLE conversations DROP COLUMN priority, DROP COLUMN queued_at, DROP COLUMN routed_at,
        DROP COLUMN required_skills, DROP COLUMN preferred_agent_id, DROP COLUMN excluded_agent_ids,
        DROP COLUMN routing_reason, DROP COLUMN agent_replied_at;
    `);
  }
}
