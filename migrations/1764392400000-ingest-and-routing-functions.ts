import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hot-path SQL as PL/pgSQL functions, measured in docs/benchmarks.md:
 *
 * - `agents.open_count`, kept by a trigger on every change of a conversation's assignee or status,
 *   so routing reads an agent's load in O(1) instead of counting its conversations on every
 *   decision (the count grew with every open conversation in the workspace).
 * - `sb_record_inbound_messages`: the ingest transaction for a batch of messages in ONE round trip
 *   (dedupe, contact and identity upsert, find-or-open conversation, next seq, insert).
 * - `sb_route_conversations` / `sb_assign_queued`: routing v0 for a batch of conversations in one
 *   round trip.
 * - The batch functions also write the outbox row of their side effects, so each is a single
 *   statement that commits on its own: no BEGIN and COMMIT round trips on the hot path.
 *
 * Plans of statements inside a function are cached per connection, so these also save the parse
 * and plan work that one-off statements pay on every call.
 */
export class IngestAndRoutingFunctions1764392400000 implements MigrationInterface {
  name = 'IngestAndRoutingFunctions1764392400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agents ADD COLUMN open_count int NOT NULL DEFAULT 0 CHECK (open_count >= 0);
      UPDATE agents a SET open_count = (
        SELECT count(*) FROM conversations c
         WHERE c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status <> 'resolved');
      -- Deliberately no index on open_count or last_assigned_at: a workspace has few agents, and
      -- leaving them unindexed keeps the per-assignment update of the agent row a HOT update.
      ALTER TABLE agents SET (fillfactor = 80);

      -- An agent's load is the number of its unresolved conversations. Every path that changes an
      -- assignee or a status (routing, transfer, resolve, reopen, an agent's deletion) goes
      -- through this trigger, in the same transaction.
      CREATE FUNCTION sb_track_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$
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
      -- WHEN clauses are checked without calling the function: inserting an unassigned conversation
      -- or updating its last_seq costs nothing here.
      CREATE TRIGGER conversations_agent_load_insert AFTER INSERT ON conversations
        FOR EACH ROW WHEN (NEW.assignee_id IS NOT NULL AND NEW.status <> 'resolved') EXECUTE FUNCTION sb_track_agent_load();
      CREATE TRIGGER conversations_agent_load_delete AFTER DELETE ON conversations
        FOR EACH ROW WHEN (OLD.assignee_id IS NOT NULL AND OLD.status <> 'resolved') EXECUTE FUNCTION sb_track_agent_load();
      CREATE TRIGGER conversations_agent_load_update AFTER UPDATE OF assignee_id, status ON conversations
        FOR EACH ROW WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION sb_track_agent_load();

      -- The contact behind an identity, creating both when new; fills in profile fields it learns.
      CREATE FUNCTION sb_upsert_contact(p_ws uuid, p_integration uuid, p_contact jsonb) RETURNS uuid LANGUAGE plpgsql AS $$
      DECLARE
        v_contact uuid;
        v_external text := p_contact->>'externalId';
      BEGIN
        SELECT ci.contact_id INTO v_contact FROM contact_identities ci
         WHERE ci.workspace_id = p_ws AND ci.integration_id = p_integration AND ci.external_id = v_external;
        IF v_contact IS NOT NULL THEN
          IF p_contact - 'externalId' <> '{}'::jsonb THEN
            UPDATE contacts c SET name = COALESCE(p_contact->>'name', c.name), email = COALESCE(p_contact->>'email', c.email),
                   phone = COALESCE(p_contact->>'phone', c.phone), avatar_url = COALESCE(p_contact->>'avatarUrl', c.avatar_url),
                   locale = COALESCE(p_contact->>'locale', c.locale), updated_at = now()
             WHERE c.workspace_id = p_ws AND c.id = v_contact
               AND (c.name, c.email, c.phone, c.avatar_url, c.locale) IS DISTINCT FROM
                   (COALESCE(p_contact->>'name', c.name), COALESCE(p_contact->>'email', c.email), COALESCE(p_contact->>'phone', c.phone),
                    COALESCE(p_contact->>'avatarUrl', c.avatar_url), COALESCE(p_contact->>'locale', c.locale));
          END IF;
          RETURN v_contact;
        END IF;
        INSERT INTO contacts (workspace_id, name, email, phone, avatar_url, locale)
        VALUES (p_ws, p_contact->>'name', p_contact->>'email', p_contact->>'phone', p_contact->>'avatarUrl', p_contact->>'locale')
        RETURNING id INTO v_contact;
        INSERT INTO contact_identities (workspace_id, integration_id, external_id, contact_id)
        VALUES (p_ws, p_integration, v_external, v_contact) ON CONFLICT DO NOTHING;
        IF FOUND THEN
          RETURN v_contact;
        END IF;
        -- A concurrent transaction created this identity first: use its contact, drop ours.
        DELETE FROM contacts WHERE workspace_id = p_ws AND id = v_contact;
        SELECT ci.contact_id INTO v_contact FROM contact_identities ci
         WHERE ci.workspace_id = p_ws AND ci.integration_id = p_integration AND ci.external_id = v_external;
        RETURN v_contact;
      END $$;

      -- Stores inbound messages, in the order given (callers sort by contact so that concurrent
      -- batches lock conversations in one order), and the outbox rows of their side effects (one
      -- row per workspace: message.created, conversation.created, conversation.status_changed
      -- events and one route-conversations job; shapes of src/core/outbox/outbox.types.ts). One
      -- statement, so it commits on its own: one round trip per batch of webhooks. A replay is
      -- reported as a duplicate and changes nothing: the dedupe index decides under concurrency.
      -- Outbox rows come back as rows with o_outcome 'outbox'.
      CREATE FUNCTION sb_record_inbound_messages(p_items jsonb)
      RETURNS TABLE (o_idx int, o_outcome text, o_message_id uuid, o_seq int, o_conversation_id uuid, o_created boolean,
                     o_reopened boolean, o_outbox_id bigint, o_workspace_id uuid, o_payload jsonb)
      LANGUAGE plpgsql AS $$
      DECLARE
        it jsonb;
        v_ws uuid;
        v_integration uuid;
        v_thread text;
        v_contact uuid;
        v_conversation uuid;
        v_status text;
        v_last_seq int;
        v_message uuid;
        v_at timestamptz;
        v_effects jsonb := '{}'::jsonb;
        v_opened jsonb := '{}'::jsonb;
        v_new jsonb;
        v_key text;
      BEGIN
        FOR it IN SELECT value FROM jsonb_array_elements(p_items) LOOP
          v_ws := (it->>'ws')::uuid;
          v_integration := (it->>'integration')::uuid;
          v_thread := COALESCE(it->>'thread', '');
          v_at := (it->>'occurredAt')::timestamptz;
          o_idx := (it->>'idx')::int;
          o_message_id := NULL; o_seq := NULL; o_conversation_id := NULL; o_created := false; o_reopened := false;
          o_outbox_id := NULL; o_workspace_id := NULL; o_payload := NULL;
          IF EXISTS (SELECT 1 FROM messages m WHERE m.workspace_id = v_ws AND m.integration_id = v_integration
                       AND m.external_id = it->>'externalId') THEN
            o_outcome := 'duplicate';
            RETURN NEXT;
            CONTINUE;
          END IF;
          v_contact := sb_upsert_contact(v_ws, v_integration, it->'contact');
          v_conversation := NULL;
          SELECT c.id INTO v_conversation FROM conversations c
           WHERE c.workspace_id = v_ws AND c.integration_id = v_integration AND c.contact_id = v_contact
             AND c.thread_key = v_thread AND c.status <> 'resolved';
          IF v_conversation IS NULL THEN
            -- A new conversation is inserted already holding its first message's seq: one row
            -- version instead of an insert and an update.
            INSERT INTO conversations (workspace_id, integration_id, contact_id, thread_key, status, last_seq, last_message_at)
            VALUES (v_ws, v_integration, v_contact, v_thread, 'queued', 1, v_at)
            ON CONFLICT (workspace_id, integration_id, contact_id, thread_key) WHERE status <> 'resolved' DO NOTHING
            RETURNING id INTO v_conversation;
            IF v_conversation IS NULL THEN
              SELECT c.id INTO v_conversation FROM conversations c
               WHERE c.workspace_id = v_ws AND c.integration_id = v_integration AND c.contact_id = v_contact
                 AND c.thread_key = v_thread AND c.status <> 'resolved';
            ELSE
              o_created := true;
            END IF;
          END IF;
          IF o_created THEN
            v_last_seq := 0;
            v_status := 'queued';
          ELSE
            -- The row lock serialises writers of one conversation: seqs stay gapless.
            SELECT c.last_seq, c.status INTO v_last_seq, v_status FROM conversations c
             WHERE c.workspace_id = v_ws AND c.id = v_conversation FOR UPDATE;
          END IF;
          v_message := NULL;
          INSERT INTO messages (workspace_id, conversation_id, integration_id, seq, direction, author_kind, text, attachments,
                                external_id, occurred_at)
          VALUES (v_ws, v_conversation, v_integration, v_last_seq + 1, 'inbound', 'contact', it->>'text',
                  COALESCE(it->'attachments', '[]'::jsonb), it->>'externalId', v_at)
          ON CONFLICT (workspace_id, integration_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
          RETURNING id INTO v_message;
          IF v_message IS NULL THEN
            -- A concurrent replay committed it first, into another conversation, after the
            -- pre-check. The conversation opened above must not stay empty: undo the whole
            -- statement; on its retry the pre-check sees the replay.
            IF o_created THEN
              RAISE EXCEPTION 'message % was stored concurrently; retry', it->>'externalId' USING ERRCODE = 'serialization_failure';
            END IF;
            o_outcome := 'duplicate';
            RETURN NEXT;
            CONTINUE;
          END IF;
          IF NOT o_created THEN
            UPDATE conversations c SET last_seq = v_last_seq + 1, last_message_at = v_at, updated_at = now()
             WHERE c.workspace_id = v_ws AND c.id = v_conversation;
          END IF;
          o_reopened := v_status = 'pending';
          -- The customer wrote back: a conversation waiting on them is open again.
          IF o_reopened THEN
            UPDATE conversations c SET status = 'open' WHERE c.workspace_id = v_ws AND c.id = v_conversation;
          END IF;
          v_new := '[]'::jsonb;
          IF o_created THEN
            v_new := v_new || jsonb_build_array(jsonb_build_object('kind', 'event', 'event', jsonb_build_object(
              'type', 'conversation.created', 'workspaceId', v_ws, 'conversationId', v_conversation)));
            v_opened := jsonb_set(v_opened, ARRAY[v_ws::text],
              COALESCE(v_opened->(v_ws::text), '[]'::jsonb) || to_jsonb(v_conversation));
          END IF;
          IF o_reopened THEN
            v_new := v_new || jsonb_build_array(jsonb_build_object('kind', 'event', 'event', jsonb_build_object(
              'type', 'conversation.status_changed', 'workspaceId', v_ws, 'conversationId', v_conversation, 'status', 'open')));
          END IF;
          v_new := v_new || jsonb_build_array(jsonb_build_object('kind', 'event', 'event', jsonb_build_object(
            'type', 'message.created', 'workspaceId', v_ws, 'conversationId', v_conversation, 'messageId', v_message,
            'seq', v_last_seq + 1)));
          v_effects := jsonb_set(v_effects, ARRAY[v_ws::text], COALESCE(v_effects->(v_ws::text), '[]'::jsonb) || v_new);
          o_outcome := 'stored';
          o_message_id := v_message;
          o_seq := v_last_seq + 1;
          o_conversation_id := v_conversation;
          RETURN NEXT;
        END LOOP;

        -- The conversations this call opened are routed by one job per workspace.
        FOR v_key IN SELECT jsonb_object_keys(v_effects) LOOP
          o_payload := v_effects->v_key;
          IF v_opened ? v_key THEN
            o_payload := o_payload || jsonb_build_array(jsonb_build_object('kind', 'job', 'queue', 'routing',
              'name', 'route-conversations', 'data', jsonb_build_object('workspaceId', v_key, 'conversationIds', v_opened->v_key)));
          END IF;
          INSERT INTO outbox (workspace_id, payload) VALUES (v_key::uuid, o_payload) RETURNING id INTO o_outbox_id;
          o_idx := -1; o_outcome := 'outbox'; o_workspace_id := v_key::uuid;
          o_message_id := NULL; o_seq := NULL; o_conversation_id := NULL; o_created := false; o_reopened := false;
          RETURN NEXT;
        END LOOP;
      END $$;

      -- The accepting agent with room, least loaded first, then longest since an assignment.
      -- SKIP LOCKED spreads concurrent routers over agents and never waits on an agent row: a
      -- router that waited while holding agents of its own batch could wait in a cycle. When every
      -- agent with room is held by another router, o_busy says so and the caller retries shortly.
      -- The lock re-checks open_count < capacity on the latest row version, so capacity holds.
      CREATE FUNCTION sb_pick_agent(p_ws uuid, OUT o_agent uuid, OUT o_busy boolean) LANGUAGE plpgsql AS $$
      BEGIN
        SELECT a.id INTO o_agent FROM agents a
         WHERE a.workspace_id = p_ws AND a.status = 'accepting' AND a.open_count < a.capacity
         ORDER BY a.open_count, a.last_assigned_at NULLS FIRST, a.id LIMIT 1 FOR UPDATE SKIP LOCKED;
        o_busy := o_agent IS NULL AND EXISTS (SELECT 1 FROM agents a WHERE a.workspace_id = p_ws
                    AND a.status = 'accepting' AND a.open_count < a.capacity);
      END $$;

      -- The trigger above counts the assignment and stamps the agent's last_assigned_at.
      CREATE FUNCTION sb_assign(p_ws uuid, p_conversation uuid, p_agent uuid) RETURNS void LANGUAGE sql AS $$
        UPDATE conversations SET assignee_id = p_agent, status = 'open', assigned_at = now(), updated_at = now()
         WHERE workspace_id = p_ws AND id = p_conversation;
      $$;

      -- Routes one conversation if it still waits: 'assigned' (with the agent), 'queued',
      -- 'skipped' (assigned or closed meanwhile) or 'busy' (another transaction holds its row:
      -- the caller retries shortly). Never waiting on a conversation row lets routers batch many
      -- conversations in one transaction without lock cycles.
      CREATE FUNCTION sb_route_conversation(p_ws uuid, p_conversation uuid, OUT o_outcome text, OUT o_agent uuid)
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM conversations c WHERE c.workspace_id = p_ws AND c.id = p_conversation
           AND c.status = 'queued' AND c.assignee_id IS NULL FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
          o_outcome := CASE WHEN EXISTS (SELECT 1 FROM conversations c WHERE c.workspace_id = p_ws AND c.id = p_conversation
                                           AND c.status = 'queued' AND c.assignee_id IS NULL)
                            THEN 'busy' ELSE 'skipped' END;
          RETURN;
        END IF;
        SELECT p.o_agent, CASE WHEN p.o_busy THEN 'busy' ELSE 'queued' END INTO o_agent, o_outcome FROM sb_pick_agent(p_ws) p;
        IF o_agent IS NULL THEN
          RETURN;
        END IF;
        PERFORM sb_assign(p_ws, p_conversation, o_agent);
        o_outcome := 'assigned';
      END $$;

      -- Routes conversations in the given order and writes the outbox row of the assignments
      -- (one per workspace, conversation.assigned events). One statement, so it commits on its
      -- own. Outbox rows come back as rows with o_outcome 'outbox'.
      CREATE FUNCTION sb_route_conversations(p_workspaces uuid[], p_conversations uuid[])
      RETURNS TABLE (o_idx int, o_outcome text, o_agent uuid, o_outbox_id bigint, o_workspace_id uuid, o_payload jsonb)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_effects jsonb := '{}'::jsonb;
        v_key text;
        v_ws uuid;
      BEGIN
        FOR i IN 1..coalesce(array_length(p_conversations, 1), 0) LOOP
          v_ws := p_workspaces[i];
          SELECT r.o_outcome, r.o_agent INTO o_outcome, o_agent FROM sb_route_conversation(v_ws, p_conversations[i]) r;
          o_idx := i - 1; o_outbox_id := NULL; o_workspace_id := NULL; o_payload := NULL;
          IF o_outcome = 'assigned' THEN
            v_effects := jsonb_set(v_effects, ARRAY[v_ws::text], COALESCE(v_effects->(v_ws::text), '[]'::jsonb) ||
              jsonb_build_array(jsonb_build_object('kind', 'event', 'event', jsonb_build_object('type', 'conversation.assigned',
                'workspaceId', v_ws, 'conversationId', p_conversations[i], 'assigneeId', o_agent, 'teamId', NULL))));
          END IF;
          RETURN NEXT;
        END LOOP;
        FOR v_key IN SELECT jsonb_object_keys(v_effects) LOOP
          o_payload := v_effects->v_key;
          INSERT INTO outbox (workspace_id, payload) VALUES (v_key::uuid, o_payload) RETURNING id INTO o_outbox_id;
          o_idx := -1; o_outcome := 'outbox'; o_agent := NULL; o_workspace_id := v_key::uuid;
          RETURN NEXT;
        END LOOP;
      END $$;

      -- Assigns up to p_limit waiting conversations, oldest first, while agents have room. A last
      -- row with no conversation means "busy": agents with room were held by other routers, so
      -- the caller should run again shortly.
      CREATE FUNCTION sb_assign_queued(p_ws uuid, p_limit int)
      RETURNS TABLE (o_conversation_id uuid, o_agent uuid) LANGUAGE plpgsql AS $$
      DECLARE
        v_conversation uuid;
        v_busy boolean;
      BEGIN
        FOR i IN 1..p_limit LOOP
          SELECT c.id INTO v_conversation FROM conversations c
           WHERE c.workspace_id = p_ws AND c.status = 'queued' AND c.assignee_id IS NULL
           ORDER BY c.created_at, c.id LIMIT 1 FOR UPDATE SKIP LOCKED;
          EXIT WHEN v_conversation IS NULL;
          SELECT p.o_agent, p.o_busy INTO o_agent, v_busy FROM sb_pick_agent(p_ws) p;
          IF o_agent IS NULL THEN
            IF v_busy THEN
              o_conversation_id := NULL;
              RETURN NEXT;
            END IF;
            EXIT;
          END IF;
          PERFORM sb_assign(p_ws, v_conversation, o_agent);
          o_conversation_id := v_conversation;
          RETURN NEXT;
        END LOOP;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION sb_assign_queued(uuid, int);
      DROP FUNCTION sb_route_conversations(uuid[], uuid[]);
      DROP FUNCTION sb_route_conversation(uuid, uuid);
      DROP FUNCTION sb_assign(uuid, uuid, uuid);
      DROP FUNCTION sb_pick_agent(uuid, OUT uuid, OUT boolean);
      DROP FUNCTION sb_record_inbound_messages(jsonb);
      DROP FUNCTION sb_upsert_contact(uuid, uuid, jsonb);
      DROP TRIGGER conversations_agent_load_insert ON conversations;
      DROP TRIGGER conversations_agent_load_delete ON conversations;
      DROP TRIGGER conversations_agent_load_update ON conversations;
      DROP FUNCTION sb_track_agent_load();
      ALTER TABLE agents RESET (fillfactor);
      ALTER TABLE agents DROP COLUMN open_count;
    `);
  }
}
