import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The canonical model. Every tenant-owned table carries workspace_id and every unique key or
 * index that can be scoped leads with it (ARCHITECTURE.md, rule 5).
 */
export class InitialModel1764388800000 implements MigrationInterface {
  name = 'InitialModel1764388800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
        status text NOT NULL DEFAULT 'offline' CHECK (status IN ('accepting', 'not_accepting', 'offline')),
        capacity int NOT NULL DEFAULT 5 CHECK (capacity BETWEEN 0 AND 1000),
        last_assigned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, email),
        UNIQUE (workspace_id, id)
      );
      CREATE INDEX agents_by_email ON agents (email);

      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, name),
        UNIQUE (workspace_id, id)
      );

      CREATE TABLE team_members (
        workspace_id uuid NOT NULL,
        team_id uuid NOT NULL,
        agent_id uuid NOT NULL,
        PRIMARY KEY (workspace_id, team_id, agent_id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE,
        FOREIGN KEY (workspace_id, agent_id) REFERENCES agents (workspace_id, id) ON DELETE CASCADE
      );
      CREATE INDEX team_members_by_agent ON team_members (workspace_id, agent_id);

      CREATE TABLE integrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        connector_id text NOT NULL,
        name text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        secrets_ciphertext bytea NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, id)
      );

      CREATE TABLE integration_state (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        key text NOT NULL,
        value jsonb NOT NULL,
        expires_at timestamptz,
        PRIMARY KEY (workspace_id, integration_id, key),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE
      );

      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text,
        email text,
        phone text,
        avatar_url text,
        locale text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, id)
      );

      CREATE TABLE contact_identities (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        external_id text NOT NULL,
        contact_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, integration_id, external_id),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE,
        FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE
      );
      CREATE INDEX contact_identities_by_contact ON contact_identities (workspace_id, contact_id);

      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        thread_key text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'open', 'pending', 'resolved')),
        assignee_id uuid,
        team_id uuid,
        last_seq int NOT NULL DEFAULT 0,
        last_message_at timestamptz,
        assigned_at timestamptz,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, id),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE,
        FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id) ON DELETE CASCADE,
        FOREIGN KEY (workspace_id, assignee_id) REFERENCES agents (workspace_id, id) ON DELETE SET NULL (assignee_id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE SET NULL (team_id)
      );
      -- At most one unresolved conversation per contact thread: the ingest upsert relies on it.
      CREATE UNIQUE INDEX conversations_one_active_per_thread
        ON conversations (workspace_id, integration_id, contact_id, thread_key) WHERE status <> 'resolved';
      CREATE INDEX conversations_by_status ON conversations (workspace_id, status, last_message_at DESC, id);
      CREATE INDEX conversations_by_assignee ON conversations (workspace_id, assignee_id, status) WHERE assignee_id IS NOT NULL;
      CREATE INDEX conversations_queue ON conversations (workspace_id, created_at, id) WHERE status = 'queued' AND assignee_id IS NULL;

      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        seq int NOT NULL CHECK (seq > 0),
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        author_kind text NOT NULL CHECK (author_kind IN ('contact', 'agent', 'bot', 'system')),
        author_agent_id uuid,
        text text,
        attachments jsonb NOT NULL DEFAULT '[]',
        external_id text,
        client_message_id text,
        provider_message_id text,
        delivery_status text CHECK (delivery_status IN ('pending', 'sent', 'delivered', 'read', 'failed')),
        failure_reason text,
        delivery_attempts int NOT NULL DEFAULT 0,
        delivery_claimed_until timestamptz,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversations (workspace_id, id) ON DELETE CASCADE,
        UNIQUE (workspace_id, conversation_id, seq)
      );
      -- At-least-once in, exactly-once stored: a provider's redelivery hits this key.
      CREATE UNIQUE INDEX messages_inbound_dedupe ON messages (workspace_id, integration_id, external_id)
        WHERE external_id IS NOT NULL;
      CREATE UNIQUE INDEX messages_client_dedupe ON messages (workspace_id, conversation_id, client_message_id)
        WHERE client_message_id IS NOT NULL;
      CREATE INDEX messages_by_provider_id ON messages (workspace_id, integration_id, provider_message_id)
        WHERE provider_message_id IS NOT NULL;
      CREATE INDEX messages_undelivered ON messages (workspace_id, conversation_id, seq)
        WHERE delivery_status = 'pending';

      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- No index on created_at: rows live milliseconds, so the sweeper scans a tiny table, and
      -- every index here would be paid on each insert and delete of the hot path.
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE outbox, messages, conversations, contact_identities, contacts, integration_state,
        integrations, team_members, teams, agents, workspaces CASCADE;
    `);
  }
}
