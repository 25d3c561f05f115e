import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEMO_WORKSPACE_NAME } from '../core/first-run/demo-seed';

@Injectable()
export class WidgetConfigRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(
    workspaceId: string,
    integrationId: string,
  ): Promise<{ config: unknown; version: number } | undefined> {
    const rows: { config: unknown; version: number }[] = await this.db.query(
      'SELECT config, version FROM widget_configs WHERE workspace_id = $1 AND integration_id = $2',
      [workspaceId, integrationId],
    );
    return rows[0];
  }

  /** Saves the customization and returns its new version. */
  async save(workspaceId: string, integrationId: string, config: unknown): Promise<number> {
    const rows: { version: number }[] = await this.db.query(
      `INSERT INTO widget_configs (workspace_id, integration_id, config) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (workspace_id, integration_id)
       DO UPDATE SET config = EXCLUDED.config, version = widget_configs.version + 1, updated_at = now()
       RETURNING version`,
      [workspaceId, integrationId, JSON.stringify(config)],
    );
    return rows[0].version;
  }

  /** The demo workspace's widget (first-run seed), for the sample page at `/`. */
  async findDemoWidget(): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT i.id FROM integrations i JOIN workspaces w ON w.id = i.workspace_id
        WHERE w.name = $1 AND i.connector_id = 'widget' AND i.enabled ORDER BY i.created_at LIMIT 1`,
      [DEMO_WORKSPACE_NAME],
    );
    return rows[0]?.id;
  }

  async countInvitation(
    workspaceId: string,
    integrationId: string,
    invitationId: string,
    what: 'shown' | 'accepted',
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO widget_invitation_counts (workspace_id, integration_id, invitation_id, day, shown, accepted)
       VALUES ($1, $2, $3, (now() AT TIME ZONE 'utc')::date, $4, $5)
       ON CONFLICT (workspace_id, integration_id, invitation_id, day)
       DO UPDATE SET shown = widget_invitation_counts.shown + EXCLUDED.shown,
                     accepted = widget_invitation_counts.accepted + EXCLUDED.accepted`,
      [workspaceId, integrationId, invitationId, what === 'shown' ? 1 : 0, what === 'accepted' ? 1 : 0],
    );
  }

  async invitationStats(
    workspaceId: string,
    integrationId: string,
  ): Promise<{ invitationId: string; shown: number; accepted: number }[]> {
    return this.db.query(
      `SELECT invitation_id AS "invitationId", sum(shown)::int AS shown, sum(accepted)::int AS accepted
         FROM widget_invitation_counts WHERE workspace_id = $1 AND integration_id = $2
        GROUP BY invitation_id ORDER BY invitation_id`,
      [workspaceId, integrationId],
    );
  }
}
