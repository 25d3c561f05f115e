import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A contact's conversations, newest activity first: the console's "earlier conversations"
 * (`conversations(filter: { contactId })`) and the widget's lookup of a visitor's latest
 * conversation, which also reads resolved ones (the unique index on active threads skips them).
 */
export class ConversationsByContact1764414000000 implements MigrationInterface {
  name = 'ConversationsByContact1764414000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX conversations_by_contact ON conversations (workspace_id, contact_id, last_message_at DESC, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX conversations_by_contact`);
  }
}
