import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxPayload } from './outbox.types';

/** A row as the relay sees it. */
export interface OutboxRecord {
  id: string;
  workspaceId: string;
  payload: OutboxPayload;
}

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends rows inside the caller's transaction; returns them with their ids for the post-commit relay. */
  async append(tx: EntityManager, workspaceId: string, payloads: OutboxPayload[]): Promise<OutboxRecord[]> {
    if (payloads.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO outbox (workspace_id, payload) SELECT $1, p FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(p, n) ORDER BY n RETURNING id`,
      [workspaceId, JSON.stringify(payloads)],
    );
    return rows.map((r, i) => ({ id: String(r.id), workspaceId, payload: payloads[i] }));
  }

  async deleteRelayed(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.db.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
  }

  /**
   * Rows older than `olderThanMs` are ones whose post-commit relay never happened (a crash). Locks
   * them with SKIP LOCKED so several sweepers share the work, relays them through `relay` inside
   * the same transaction and deletes them.
   */
  async sweep(
    olderThanMs: number,
    limit: number,
    relay: (rows: OutboxRecord[]) => Promise<void>,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string; workspace_id: string; payload: OutboxPayload }[] = await tx.query(
        `SELECT id, workspace_id, payload FROM outbox
          WHERE created_at < now() - make_interval(secs => $1::float8 / 1000)
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [olderThanMs, limit],
      );
      if (rows.length === 0) return 0;
      await relay(rows.map((r) => ({ id: String(r.id), workspaceId: r.workspace_id, payload: r.payload })));
      await tx.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
