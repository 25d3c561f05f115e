import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The website widget: per-integration customization, visitors (pages, session variables),
 * uploaded files, invitation counters, and pre-chat answers on conversations and contacts.
 * `sb_record_inbound_messages` now takes an item's `prechat` answers into the conversation it
 * opens (and the contact), in the same statement, so routing sees them from the first job.
 */
export class Widget1764403200000 implements MigrationInterface {
  name = 'Widget1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversations ADD COLUMN prechat jsonb;
      ALTER TABLE contacts ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
      ALTER TABLE agents ADD COLUMN avatar_url text;

      CREATE TABLE widget_configs (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        config jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, integration_id),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE
      );

      -- A browser (or an identified user) on one widget integration. external_id is the contact
      -- identity the widget reports: v_<uuid> for anonymous visitors, u_<user id> once identified.
      CREATE TABLE widget_visitors (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        external_id text NOT NULL,
        name text,
        email text,
        current_page jsonb,
        recent_pages jsonb NOT NULL DEFAULT '[]',
        visits int NOT NULL DEFAULT 0,
        session_variables jsonb NOT NULL DEFAULT '{}',
        user_agent text,
        locale text,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, integration_id, external_id),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE
      );

      CREATE TABLE files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        integration_id uuid,
        storage_key text NOT NULL,
        name text NOT NULL,
        mime_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        uploaded_by_kind text NOT NULL CHECK (uploaded_by_kind IN ('contact', 'agent')),
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, id)
      );

      CREATE TABLE widget_invitation_counts (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        invitation_id text NOT NULL,
        day date NOT NULL,
        shown int NOT NULL DEFAULT 0,
        accepted int NOT NULL DEFAULT 0,
        PRIMARY KEY (workspace_id, integration_id, invitation_id, day),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE
      );

      CREATE OR REPLACE FUNCTION sb_record_inbound_messages(p_items jsonb)
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
            INSERT INTO conversations (workspace_id, integration_id, contact_id, thread_key, status, last_seq, last_message_at, prechat)
            VALUES (v_ws, v_integration, v_contact, v_thread, 'queued', 1, v_at, it->'prechat')
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
            -- Pre-chat answers open a conversation; the contact keeps the latest ones.
            IF it->'prechat' IS NOT NULL THEN
              UPDATE contacts c SET attributes = c.attributes || jsonb_build_object('prechat', it->'prechat'), updated_at = now()
               WHERE c.workspace_id = v_ws AND c.id = v_contact;
            END IF;
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
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION sb_record_inbound_messages(p_items jsonb)
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
      DROP TABLE widget_invitation_counts, files, widget_visitors, widget_configs;
      ALTER TABLE agents DROP COLUMN avatar_url;
      ALTER TABLE contacts DROP COLUMN attributes;
      ALTER TABLE conversations DROP COLUMN prechat;
    `);
  }
}
