import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a failed delivery is next due. The recovery sweeper re-enqueues pending replies whose job
 * was lost (Redis restarted without persistence, or retries exhausted during a long outage), and
 * must not cut short a wait the retry policy chose (a provider's Retry-After).
 */
export class DeliveryNotBefore1764396000000 implements MigrationInterface {
  name = 'DeliveryNotBefore1764396000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages ADD COLUMN delivery_not_before timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN delivery_not_before`);
  }
}
