import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface FileRecord {
  id: string;
  workspaceId: string;
  integrationId: string | null;
  storageKey: string;
  name: string;
  mimeType: string;
  sizeBytes: number;
  uploadedByKind: 'contact' | 'agent';
  uploadedBy: string;
  createdAt: Date;
}

const COLUMNS = `id, workspace_id AS "workspaceId", integration_id AS "integrationId", storage_key AS "storageKey", name,
  mime_type AS "mimeType", size_bytes::int AS "sizeBytes", uploaded_by_kind AS "uploadedByKind", uploaded_by AS "uploadedBy",
  created_at AS "createdAt"`;

@Injectable()
export class FileRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(file: Omit<FileRecord, 'createdAt'>): Promise<FileRecord> {
    const rows: FileRecord[] = await this.db.query(
      `INSERT INTO files (id, workspace_id, integration_id, storage_key, name, mime_type, size_bytes, uploaded_by_kind, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        file.id,
        file.workspaceId,
        file.integrationId,
        file.storageKey,
        file.name,
        file.mimeType,
        file.sizeBytes,
        file.uploadedByKind,
        file.uploadedBy,
      ],
    );
    return rows[0];
  }

  /** Only for ids whose URL signature the hub checked: the signature is the authorisation. */
  async findById(id: string): Promise<FileRecord | undefined> {
    const rows: FileRecord[] = await this.db.query(`SELECT ${COLUMNS} FROM files WHERE id = $1`, [id]);
    return rows[0];
  }

  async findManyInWorkspace(workspaceId: string, ids: string[]): Promise<FileRecord[]> {
    if (ids.length === 0) return [];
    return this.db.query(`SELECT ${COLUMNS} FROM files WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [
      workspaceId,
      ids,
    ]);
  }
}
