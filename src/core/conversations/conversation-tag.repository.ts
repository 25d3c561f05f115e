import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A tag and how many conversations of the workspace carry it. */
export interface TagUsage {
  name: string;
  conversations: number;
}

/**
 * Workspace-wide tag changes. Tags are stored sorted in byte order (COLLATE "C", which is also
 * JavaScript's order for a-z 0-9 - _), so a changed array is rebuilt sorted and deduplicated.
 * The tags column is not one the agent-load trigger watches, so these updates stay cheap.
 */
@Injectable()
export class ConversationTagRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async usage(workspaceId: string): Promise<TagUsage[]> {
    const rows: { name: string; conversations: string }[] = await this.db.query(
      `SELECT t.tag COLLATE "C" AS name, count(*) AS conversations
         FROM conversations c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)
        WHERE c.workspace_id = $1 AND c.tags <> '{}' GROUP BY 1 ORDER BY 1`,
      [workspaceId],
    );
    return rows.map((r) => ({ name: r.name, conversations: Number(r.conversations) }));
  }

  /** Replaces `from` by `to` on every conversation carrying `from` (merging when both are there); the changed ids. */
  async rename(tx: EntityManager, workspaceId: string, from: string, to: string): Promise<string[]> {
    return this.rewrite(
      tx,
      workspaceId,
      from,
      `(SELECT array_agg(DISTINCT t COLLATE "C" ORDER BY t COLLATE "C") FROM unnest(array_replace(c.tags, $2, $3)) AS t)`,
      [to],
    );
  }

  /** Removes `tag` from every conversation carrying it; the changed ids. */
  async remove(tx: EntityManager, workspaceId: string, tag: string): Promise<string[]> {
    return this.rewrite(tx, workspaceId, tag, 'array_remove(c.tags, $2)', []);
  }

  private async rewrite(
    tx: EntityManager,
    workspaceId: string,
    tag: string,
    newTags: string,
    extra: unknown[],
  ): Promise<string[]> {
    // Rows locked in id order, like every batch locker, so two tag changes never deadlock.
    const rows: { id: string }[] = await tx.query(
      `WITH target AS (
         SELECT id FROM conversations WHERE workspace_id = $1 AND tags @> ARRAY[$2::text] ORDER BY id FOR UPDATE
       ), u AS (
         UPDATE conversations c SET tags = COALESCE(${newTags}, '{}'), updated_at = now()
           FROM target WHERE c.workspace_id = $1 AND c.id = target.id RETURNING c.id
       ) SELECT id FROM u ORDER BY id`,
      [workspaceId, tag, ...extra],
    );
    return rows.map((r) => r.id);
  }
}
