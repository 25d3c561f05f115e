import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ContactRecord {
  id: string;
  workspaceId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  avatarUrl: string | null;
  locale: string | null;
  /** Facts from channels and integrations, such as the latest pre-chat answers (`prechat`). */
  attributes: Record<string, unknown>;
  createdAt: Date;
}

/** Shared with the conversation queries, which embed the contact to avoid one query per row. */
export const CONTACT_JSON = `json_build_object('id', ct.id, 'workspaceId', ct.workspace_id, 'name', ct.name, 'email', ct.email,
  'phone', ct.phone, 'avatarUrl', ct.avatar_url, 'locale', ct.locale, 'attributes', ct.attributes, 'createdAt', ct.created_at)`;

/** How one integration of the workspace knows a contact. */
export interface ContactIdentityRecord {
  integrationId: string;
  integrationName: string;
  connectorId: string;
  externalId: string;
}

@Injectable()
export class ContactRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(workspaceId: string, contactId: string): Promise<ContactRecord | undefined> {
    const rows: { contact: ContactRecord }[] = await this.db.query(
      `SELECT ${CONTACT_JSON} AS contact FROM contacts ct WHERE ct.workspace_id = $1 AND ct.id = $2`,
      [workspaceId, contactId],
    );
    return rows[0] && reviveContact(rows[0].contact);
  }

  /** The contact's identities with their integration, oldest first; none for another workspace's contact. */
  async identitiesOf(workspaceId: string, contactId: string): Promise<ContactIdentityRecord[]> {
    return this.db.query(
      `SELECT ci.integration_id AS "integrationId", i.name AS "integrationName", i.connector_id AS "connectorId",
              ci.external_id AS "externalId"
         FROM contact_identities ci
         JOIN integrations i ON i.workspace_id = ci.workspace_id AND i.id = ci.integration_id
        WHERE ci.workspace_id = $1 AND ci.contact_id = $2
        ORDER BY ci.created_at, i.name, ci.external_id`,
      [workspaceId, contactId],
    );
  }
}

/** json_build_object turns timestamps into strings; give callers the Date they expect. */
export function reviveContact(raw: ContactRecord): ContactRecord {
  return { ...raw, createdAt: new Date(raw.createdAt) };
}
