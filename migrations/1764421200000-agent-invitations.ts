import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's admin screens (docs/console-api.md, "Admin screens"):
 *
 * - `agents.deactivated_at`: a deactivated agent keeps its history (messages, notes) but cannot
 *   log in, its tokens stop working and routing never picks it (it is OFFLINE, and assignments
 *   lock only active agents).
 * - `agents.session_version`: login tokens carry it, and a deactivation increments it, so
 *   reactivating an agent does not bring back the sessions its deactivation ended.
 * - `agents.password_hash` becomes nullable: an invited agent has no password until they accept
 *   the invitation, and login never matches it.
 * - `agent_invitations`: one pending invitation per agent, found by the SHA-256 of its token (the
 *   token itself is shown once and never stored), deleted when accepted.
 */
export class AgentInvitations1764421200000 implements MigrationInterface {
  name = 'AgentInvitations1764421200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agents ADD COLUMN deactivated_at timestamptz, ADD COLUMN session_version int NOT NULL DEFAULT 0;
      ALTER TABLE agents ALTER COLUMN password_hash DROP NOT NULL;

      CREATE TABLE agent_invitations (
        workspace_id uuid NOT NULL,
        agent_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, agent_id),
        FOREIGN KEY (workspace_id, agent_id) REFERENCES agents (workspace_id, id) ON DELETE CASCADE
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE agent_invitations;
      -- '!' is no argon2 hash: invited agents that never set a password still cannot log in.
      UPDATE agents SET password_hash = '!' WHERE password_hash IS NULL;
      ALTER TABLE agents ALTER COLUMN password_hash SET NOT NULL;
      ALTER TABLE agents DROP COLUMN deactivated_at, DROP COLUMN session_version;
    `);
  }
}
