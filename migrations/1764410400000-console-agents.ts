import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent console's agent features (docs/console-api.md, "Agents"):
 *
 * - `agents.last_seen_at`: the last console heartbeat. NULL for agents that never sent one
 *   (API-only agents), which the presence sweep leaves alone. Deliberately not indexed, like
 *   open_count: every open console updates it every 20 s, and without an index on it that update
 *   stays HOT; the sweep scans the (small, fillfactor 80) agents table instead.
 * - `canned_responses`: saved replies, shared by the workspace (owner_agent_id NULL) or personal
 *   to one agent. A shortcut is unique per owner, and among the shared ones (NULLS NOT DISTINCT
 *   makes the NULL owner one group); the same key serves the console's list query.
 */
export class ConsoleAgents1764410400000 implements MigrationInterface {
  name = 'ConsoleAgents1764410400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agents ADD COLUMN last_seen_at timestamptz;

      CREATE TABLE canned_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        owner_agent_id uuid,
        shortcut text NOT NULL CHECK (shortcut ~ '^[a-z0-9_-]{1,40}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, id),
        CONSTRAINT canned_responses_shortcut_per_owner UNIQUE NULLS NOT DISTINCT (workspace_id, owner_agent_id, shortcut),
        -- MATCH SIMPLE (the default): a shared response (NULL owner) is not checked against agents.
        FOREIGN KEY (workspace_id, owner_agent_id) REFERENCES agents (workspace_id, id) ON DELETE CASCADE
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE canned_responses;
      ALTER TABLE agents DROP COLUMN last_seen_at;
    `);
  }
}
