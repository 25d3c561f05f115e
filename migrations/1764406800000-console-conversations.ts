import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the agent console needs on conversations (docs/console-api.md):
 *
 * - `messages.private`: an agent's note. It is stored like a reply (next seq, outbound, by the
 *   agent) but never delivered (delivery_status stays NULL, no delivery job) and never shown to
 *   the contact: the widget's queries and the connectors' delivery only ever read pending or
 *   sent replies, and the widget also filters on this column.
 * - `conversations.tags`: lowercase labels. The GIN index leads with workspace_id (btree_gin
 *   gives uuid a GIN operator class), so `workspace_id = $1 AND tags @> ARRAY[$2]` is one index
 *   scan inside the tenant instead of a scan of every tagged conversation of every workspace.
 *   btree_gin is a trusted extension (PostgreSQL 13+): the database owner may create it.
 * - `conversation_reads`: each agent's read mark per conversation. Unread counts are computed
 *   from it and the messages' unique (workspace_id, conversation_id, seq) key, bounded by the
 *   conversation's last_seq, so nothing is counted on the ingest path.
 */
export class ConsoleConversations1764406800000 implements MigrationInterface {
  name = 'ConsoleConversations1764406800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gin;

      ALTER TABLE messages ADD COLUMN private boolean NOT NULL DEFAULT false;
      -- A note is never delivered: nothing may ever pick it up as pending. NOT VALID because every
      -- existing row has private = false (the column is new): validating would only hold the
      -- lock on messages for a full scan. New and updated rows are checked.
      ALTER TABLE messages ADD CONSTRAINT messages_private_not_delivered
        CHECK (NOT private OR (direction = 'outbound' AND delivery_status IS NULL)) NOT VALID;

      ALTER TABLE conversations ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
      CREATE INDEX conversations_by_tag ON conversations USING gin (workspace_id, tags);

      CREATE TABLE conversation_reads (
        workspace_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        agent_id uuid NOT NULL,
        read_seq int NOT NULL CHECK (read_seq >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, conversation_id, agent_id),
        FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversations (workspace_id, id) ON DELETE CASCADE,
        FOREIGN KEY (workspace_id, agent_id) REFERENCES agents (workspace_id, id) ON DELETE CASCADE
      );
      -- For the cascade when an agent is deleted.
      CREATE INDEX conversation_reads_by_agent ON conversation_reads (workspace_id, agent_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE conversation_reads;
      DROP INDEX conversations_by_tag;
      ALTER TABLE conversations DROP COLUMN tags;
      ALTER TABLE messages DROP CONSTRAINT messages_private_not_delivered;
      ALTER TABLE messages DROP COLUMN private;
    `);
  }
}
