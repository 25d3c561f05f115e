import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery and read watermarks per contact (Messenger's `delivery.watermark` / `read.watermark`:
 * everything sent up to then is delivered or read). Kept, not only applied, because Meta can
 * report a reply delivered before the delivery worker has recorded it as sent: marking it sent
 * then applies the watermark it missed. `thread_key` '' covers every thread of the contact.
 */
export class ReplyWindow1764424800000 implements MigrationInterface {
  name = 'ReplyWindow1764424800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_watermarks (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        contact_external_id text NOT NULL,
        thread_key text NOT NULL,
        delivered_until timestamptz,
        read_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, integration_id, contact_external_id, thread_key),
        FOREIGN KEY (workspace_id, integration_id) REFERENCES integrations (workspace_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delivery_watermarks`);
  }
}
