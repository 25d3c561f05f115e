import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface VisitorPage {
  url: string;
  title: string;
  at: string;
}

export interface VisitorRecord {
  externalId: string;
  name: string | null;
  email: string | null;
  currentPage: VisitorPage | null;
  recentPages: VisitorPage[];
  visits: number;
  sessionVariables: Record<string, string>;
  userAgent: string | null;
  locale: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

const RECENT_PAGES = 20;
const columns = (
  t: string,
) => `${t}external_id AS "externalId", ${t}name, ${t}email, ${t}current_page AS "currentPage",
  ${t}recent_pages AS "recentPages", ${t}visits, ${t}session_variables AS "sessionVariables", ${t}user_agent AS "userAgent",
  ${t}locale, ${t}first_seen_at AS "firstSeenAt", ${t}last_seen_at AS "lastSeenAt"`;
const COLUMNS = columns('');

/** What the widget knows about a visitor beyond the contact: pages, visits, session variables. */
@Injectable()
export class WidgetVisitorRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a widget boot: a new visit when `newVisit`, and the page the visitor is on. */
  async recordBoot(
    workspaceId: string,
    integrationId: string,
    externalId: string,
    input: { page: VisitorPage | null; newVisit: boolean; userAgent: string | null; locale: string | null },
  ): Promise<VisitorRecord> {
    const page = input.page ? JSON.stringify(input.page) : null;
    const rows: VisitorRecord[] = await this.db.query(
      `INSERT INTO widget_visitors AS v (workspace_id, integration_id, external_id, current_page, recent_pages, visits, user_agent, locale)
       VALUES ($1, $2, $3, $4::jsonb, CASE WHEN $4::jsonb IS NULL THEN '[]'::jsonb ELSE jsonb_build_array($4::jsonb) END, 1, $6, $7)
       ON CONFLICT (workspace_id, integration_id, external_id) DO UPDATE SET
         current_page = COALESCE(EXCLUDED.current_page, v.current_page),
         recent_pages = CASE WHEN EXCLUDED.current_page IS NULL THEN v.recent_pages
                        ELSE (SELECT COALESCE(jsonb_agg(p), '[]'::jsonb) FROM (
                               SELECT p FROM jsonb_array_elements(jsonb_build_array(EXCLUDED.current_page) || v.recent_pages) p
                               LIMIT ${RECENT_PAGES}) t) END,
         visits = v.visits + CASE WHEN $5 THEN 1 ELSE 0 END,
         user_agent = COALESCE(EXCLUDED.user_agent, v.user_agent),
         locale = COALESCE(EXCLUDED.locale, v.locale),
         last_seen_at = now()
       RETURNING ${COLUMNS}`,
      [workspaceId, integrationId, externalId, page, input.newVisit, input.userAgent, input.locale],
    );
    return rows[0];
  }

  async recordPage(
    workspaceId: string,
    integrationId: string,
    externalId: string,
    page: VisitorPage,
  ): Promise<void> {
    await this.recordBoot(workspaceId, integrationId, externalId, {
      page,
      newVisit: false,
      userAgent: null,
      locale: null,
    });
  }

  /** Name and email the visitor (or the host page) gave; fields left undefined are unchanged. */
  async setProfile(
    workspaceId: string,
    integrationId: string,
    externalId: string,
    profile: { name?: string; email?: string },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO widget_visitors AS v (workspace_id, integration_id, external_id, name, email)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, integration_id, external_id)
       DO UPDATE SET name = COALESCE(EXCLUDED.name, v.name), email = COALESCE(EXCLUDED.email, v.email), last_seen_at = now()`,
      [workspaceId, integrationId, externalId, profile.name ?? null, profile.email ?? null],
    );
  }

  async mergeSessionVariables(
    workspaceId: string,
    integrationId: string,
    externalId: string,
    variables: Record<string, string>,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO widget_visitors AS v (workspace_id, integration_id, external_id, session_variables)
       VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (workspace_id, integration_id, external_id)
       DO UPDATE SET session_variables = v.session_variables || EXCLUDED.session_variables, last_seen_at = now()`,
      [workspaceId, integrationId, externalId, JSON.stringify(variables)],
    );
  }

  async find(
    workspaceId: string,
    integrationId: string,
    externalId: string,
  ): Promise<VisitorRecord | undefined> {
    const rows: VisitorRecord[] = await this.db.query(
      `SELECT ${COLUMNS} FROM widget_visitors WHERE workspace_id = $1 AND integration_id = $2 AND external_id = $3`,
      [workspaceId, integrationId, externalId],
    );
    return rows[0];
  }

  /** The widget visitor behind a conversation, for the agent's contact panel. */
  async findForConversation(workspaceId: string, conversationId: string): Promise<VisitorRecord | undefined> {
    const rows: VisitorRecord[] = await this.db.query(
      `SELECT ${columns('v.')} FROM conversations c
         JOIN contact_identities i ON i.workspace_id = c.workspace_id AND i.integration_id = c.integration_id AND i.contact_id = c.contact_id
         JOIN widget_visitors v ON v.workspace_id = i.workspace_id AND v.integration_id = i.integration_id AND v.external_id = i.external_id
        WHERE c.workspace_id = $1 AND c.id = $2
        ORDER BY v.last_seen_at DESC LIMIT 1`,
      [workspaceId, conversationId],
    );
    return rows[0];
  }
}
