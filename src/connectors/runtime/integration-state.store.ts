import type { DataSource } from 'typeorm';
import type { StateStore } from '../sdk';

/** The per-integration StateStore connectors get, backed by the integration_state table. */
export class IntegrationStateStore implements StateStore {
  constructor(
    private readonly db: DataSource,
    private readonly workspaceId: string,
    private readonly integrationId: string,
  ) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const rows: { value: T }[] = await this.db.query(
      `SELECT value FROM integration_state
        WHERE workspace_id = $1 AND integration_id = $2 AND key = $3 AND (expires_at IS NULL OR expires_at > now())`,
      [this.workspaceId, this.integrationId, key],
    );
    return rows[0]?.value;
  }

  async set(key: string, value: unknown, opts: { ttlSeconds?: number } = {}): Promise<void> {
    await this.db.query(
      `INSERT INTO integration_state (workspace_id, integration_id, key, value, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(secs => $5::int) END)
       ON CONFLICT (workspace_id, integration_id, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      [this.workspaceId, this.integrationId, key, JSON.stringify(value ?? null), opts.ttlSeconds ?? null],
    );
  }

  async delete(key: string): Promise<void> {
    await this.db.query(
      'DELETE FROM integration_state WHERE workspace_id = $1 AND integration_id = $2 AND key = $3',
      [this.workspaceId, this.integrationId, key],
    );
  }
}
