import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receipts that arrive before their reply is recorded as sent. WhatsApp reports a reply `sent`
 * or `delivered` by its wamid, which the hub learns only when the delivery worker commits the
 * provider's answer: a status can overtake that commit. It is kept here (the best status seen,
 * and a failure's reason) and applied when DeliveryRepository.markSent records the wamid, like
 * delivery_watermarks does for Messenger's watermarks. Rows for messages the hub never sent
 * (another app on the same number) are dropped after a day.
 *
 * Also: `messages.template`, the approved template an outbound message is sent as (name, language,
 * parameters; GraphQL `sendTemplate`), read by the delivery worker.
 */
export class EarlyReceipts1764428400000 implements MigrationInterface {
  name = 'EarlyReceipts1764428400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE early_receipts (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        provider_message_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, integration_id, provider_message_id),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX early_receipts_created_at ON early_receipts (created_at)`);
    await q.query(`ALTER TABLE messages ADD COLUMN template jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN template`);
    await q.query(`DROP TABLE early_receipts`);
  }
}
