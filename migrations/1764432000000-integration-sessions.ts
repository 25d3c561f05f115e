import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Long-lived connector sessions (WhatsApp Web): which worker holds each one (a lease it renews,
 * so a crashed worker's session is taken over once the lease runs out), the state admins see,
 * with the QR code to scan while linking, and an admin's request to restart it.
 */
export class IntegrationSessions1764432000000 implements MigrationInterface {
  name = 'IntegrationSessions1764432000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration_sessions (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'CONNECTING'
          CHECK (state IN ('CONNECTING', 'QR_REQUIRED', 'READY', 'NEEDS_RELINKING', 'ERROR')),
        detail text,
        qr text,
        needs_relinking boolean NOT NULL DEFAULT false,
        holder text,
        lease_until timestamptz,
        relink_requested_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, integration_id),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE integration_sessions`);
  }
}
