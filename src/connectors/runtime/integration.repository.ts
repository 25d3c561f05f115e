import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An integration row with its sealed secrets, as only the runtime sees it. */
export interface IntegrationRecord {
  id: string;
  workspaceId: string;
  connectorId: string;
  name: string;
  settings: Record<string, unknown>;
  secretsCiphertext: Buffer;
  enabled: boolean;
  createdAt: Date;
}

const COLUMNS = `id, workspace_id AS "workspaceId", connector_id AS "connectorId", name, settings,
  secrets_ciphertext AS "secretsCiphertext", enabled, created_at AS "createdAt"`;

@Injectable()
export class IntegrationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(row: Omit<IntegrationRecord, 'createdAt' | 'enabled'>): Promise<IntegrationRecord> {
    const [created]: IntegrationRecord[] = await this.db.query(
      `INSERT INTO integrations (id, workspace_id, connector_id, name, settings, secrets_ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        row.id,
        row.workspaceId,
        row.connectorId,
        row.name,
        JSON.stringify(row.settings),
        row.secretsCiphertext,
      ],
    );
    return created;
  }

  async findInWorkspace(workspaceId: string, id: string): Promise<IntegrationRecord | undefined> {
    const rows: IntegrationRecord[] = await this.db.query(
      `SELECT ${COLUMNS} FROM integrations WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return rows[0];
  }

  async listInWorkspace(workspaceId: string): Promise<IntegrationRecord[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM integrations WHERE workspace_id = $1 ORDER BY created_at, id`,
      [workspaceId],
    );
  }

  /**
   * The one lookup not scoped by workspace: a webhook URL carries only the integration id. Every
   * step after it is scoped by the workspace this returns.
   */
  async findForWebhook(id: string): Promise<IntegrationRecord | undefined> {
    const rows: IntegrationRecord[] = await this.db.query(
      `SELECT ${COLUMNS} FROM integrations WHERE id = $1 AND enabled`,
      [id],
    );
    return rows[0];
  }
}
