import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxPayload } from './outbox.types';

/** One outbox row: every side effect of one transaction in one workspace, relayed together. */
export interface OutboxRecord {
  id: string;
  workspaceId: string;
  payloads: OutboxPayload[];
}

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appends the side effects inside the caller's transaction, as ONE row (one insert now, one
   * delete after the relay, however many jobs and events). Returns it for the post-commit relay.
   */
  async append(tx: EntityManager, workspaceId: string, payloads: OutboxPayload[]): Promise<OutboxRecord[]> {
    if (payloads.length === 0) return [];
    const [row]: { id: string }[] = await tx.query(
      'INSERT INTO outbox (workspace_id, payload) VALUES ($1, $2::jsonb) RETURNING id',
      [workspaceId, JSON.stringify(payloads)],
    );
    return [{ id: String(row.id), workspaceId, payloads }];
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
      const rows: { id: string; workspace_id: string; payload: OutboxPayload[] }[] = await tx.query(
        `SELECT id, workspace_id, payload FROM outbox
          WHERE created_at < now() - make_interval(secs => $1::float8 / 1000)
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [olderThanMs, limit],
      );
      if (rows.length === 0) return 0;
      await relay(rows.map((r) => ({ id: String(r.id), workspaceId: r.workspace_id, payloads: r.payload })));
      await tx.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
