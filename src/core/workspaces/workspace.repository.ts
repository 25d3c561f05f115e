import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface WorkspaceRecord {
  id: string;
  name: string;
  createdAt: Date;
}

const COLUMNS = `id, name, created_at AS "createdAt"`;

@Injectable()
export class WorkspaceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(name: string): Promise<WorkspaceRecord> {
    const [row]: WorkspaceRecord[] = await this.db.query(
      `INSERT INTO workspaces (name) VALUES ($1) RETURNING ${COLUMNS}`,
      [name],
    );
    return row;
  }

  /** The workspace id is the tenant key itself, so this lookup is scoped by definition. */
  async findById(workspaceId: string): Promise<WorkspaceRecord | undefined> {
    const rows: WorkspaceRecord[] = await this.db.query(`SELECT ${COLUMNS} FROM workspaces WHERE id = $1`, [
      workspaceId,
    ]);
    return rows[0];
  }
}
