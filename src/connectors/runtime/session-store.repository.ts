import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SessionState, SessionView } from './session-state';

/** An integration whose connector keeps a session, with who holds it now. */
export interface SessionCandidate {
  workspaceId: string;
  integrationId: string;
  connectorId: string;
  relinkRequestedAt: Date | null;
}

const VIEW = `integration_id AS "integrationId", state, detail, qr, updated_at AS "updatedAt"`;

/**
 * integration_sessions: the lease that makes one worker the only holder of a session, the state
 * admins see, and relink requests. Every statement is scoped by workspace except the holder's scan
 * of the integrations it may run, which is the worker's own bookkeeping across tenants.
 */
@Injectable()
export class SessionStoreRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Enabled integrations of these connectors: the sessions some worker should run. */
  async listCandidates(connectorIds: string[]): Promise<SessionCandidate[]> {
    if (connectorIds.length === 0) return [];
    return this.db.query(
      `SELECT i.workspace_id AS "workspaceId", i.id AS "integrationId", i.connector_id AS "connectorId",
              s.relink_requested_at AS "relinkRequestedAt"
         FROM integrations i
         LEFT JOIN integration_sessions s ON s.workspace_id = i.workspace_id AND s.integration_id = i.id
        WHERE i.enabled AND i.connector_id = ANY($1::text[])
        ORDER BY i.created_at, i.id`,
      [connectorIds],
    );
  }

  /**
   * Takes or renews the lease: succeeds when nobody holds it, when it ran out, or when `holder`
   * already has it. One statement, so two workers racing for it cannot both win.
   */
  async acquireLease(
    workspaceId: string,
    integrationId: string,
    holder: string,
    ttlMs: number,
  ): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO integration_sessions (workspace_id, integration_id, holder, lease_until)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8 / 1000))
       ON CONFLICT (workspace_id, integration_id) DO UPDATE
          SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
        WHERE integration_sessions.holder = EXCLUDED.holder
           OR integration_sessions.holder IS NULL
           OR integration_sessions.lease_until < now()
       RETURNING integration_id`,
      [workspaceId, integrationId, holder, ttlMs],
    );
    return rows.length === 1;
  }

  async releaseLease(workspaceId: string, integrationId: string, holder: string): Promise<void> {
    await this.db.query(
      `UPDATE integration_sessions SET holder = NULL, lease_until = NULL
        WHERE workspace_id = $1 AND integration_id = $2 AND holder = $3`,
      [workspaceId, integrationId, holder],
    );
  }

  /**
   * Records a new state, written only while `holder` holds the lease (a worker that lost it must
   * not overwrite its successor). After a logout the session shows NEEDS_RELINKING (with the new
   * QR code, and through reconnects) until it is READY again.
   * Returns the stored view, or undefined when the lease is gone.
   */
  async recordState(
    workspaceId: string,
    integrationId: string,
    holder: string,
    state: SessionState,
    detail: string | null,
    qr: string | null,
  ): Promise<SessionView | undefined> {
    // Wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
    const rows: SessionView[] = await this.db.query(
      `WITH updated AS (
       UPDATE integration_sessions
          SET needs_relinking = CASE WHEN $4 = 'READY' THEN false
                                     WHEN $4 = 'NEEDS_RELINKING' THEN true ELSE needs_relinking END,
              state = CASE WHEN $4 IN ('CONNECTING', 'QR_REQUIRED') AND needs_relinking THEN 'NEEDS_RELINKING' ELSE $4 END,
              detail = CASE WHEN $4 IN ('CONNECTING', 'QR_REQUIRED') AND needs_relinking THEN detail ELSE $5 END,
              qr = $6, updated_at = now()
        WHERE workspace_id = $1 AND integration_id = $2 AND holder = $3
        RETURNING *)
       SELECT ${VIEW} FROM updated`,
      [workspaceId, integrationId, holder, state, detail, qr],
    );
    return rows[0];
  }

  async findView(workspaceId: string, integrationId: string): Promise<SessionView | undefined> {
    const rows: SessionView[] = await this.db.query(
      `SELECT ${VIEW} FROM integration_sessions WHERE workspace_id = $1 AND integration_id = $2`,
      [workspaceId, integrationId],
    );
    return rows[0];
  }

  async findViews(workspaceId: string, integrationIds: string[]): Promise<SessionView[]> {
    return this.db.query(
      `SELECT ${VIEW} FROM integration_sessions WHERE workspace_id = $1 AND integration_id = ANY($2::uuid[])`,
      [workspaceId, integrationIds],
    );
  }

  /** An admin asked for a restart; the holder picks it up on its next tick. */
  async requestRelink(workspaceId: string, integrationId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO integration_sessions (workspace_id, integration_id, relink_requested_at)
       VALUES ($1, $2, now())
       ON CONFLICT (workspace_id, integration_id) DO UPDATE SET relink_requested_at = now()`,
      [workspaceId, integrationId],
    );
  }

  /** Clears a request the holder has acted on (not one made since). */
  async clearRelink(workspaceId: string, integrationId: string, requestedAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE integration_sessions SET relink_requested_at = NULL
        WHERE workspace_id = $1 AND integration_id = $2 AND relink_requested_at <= $3`,
      [workspaceId, integrationId, requestedAt],
    );
  }
}
