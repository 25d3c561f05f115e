import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An attachment as a connector described it, before the hub downloaded it. */
export interface ProviderMediaAttachment {
  kind: 'image' | 'video' | 'audio' | 'file';
  providerMediaId?: string;
  fileId?: string;
  mimeType?: string;
  name?: string;
  /** Why the hub could not download it (shown to no one yet; logged and kept for support). */
  unavailable?: string;
}

/** An inbound message whose attachments may wait for a download. */
export interface MessageWithMedia {
  id: string;
  conversationId: string;
  integrationId: string;
  /** The contact's id on the channel, as the widget records its uploaders. */
  contactExternalId: string;
  seq: number;
  attachments: ProviderMediaAttachment[];
}

/** The SQL of the download-media job: read an inbound message's attachments, replace one. */
@Injectable()
export class MediaDownloadRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findInbound(workspaceId: string, messageId: string): Promise<MessageWithMedia | undefined> {
    const rows: MessageWithMedia[] = await this.db.query(
      `SELECT m.id, m.conversation_id AS "conversationId", m.integration_id AS "integrationId",
              (SELECT ci.external_id FROM contact_identities ci WHERE ci.workspace_id = c.workspace_id
                  AND ci.integration_id = m.integration_id AND ci.contact_id = c.contact_id ORDER BY ci.created_at LIMIT 1)
                AS "contactExternalId", m.seq, m.attachments
         FROM messages m JOIN conversations c ON c.workspace_id = m.workspace_id AND c.id = m.conversation_id
        WHERE m.workspace_id = $1 AND m.id = $2 AND m.direction = 'inbound'`,
      [workspaceId, messageId],
    );
    return rows[0];
  }

  /**
   * Replaces attachment `index` when it still waits for `providerMediaId` (another run of the job
   * may have replaced it meanwhile); true when this call did.
   */
  async replaceAttachment(
    tx: EntityManager,
    workspaceId: string,
    messageId: string,
    index: number,
    providerMediaId: string,
    attachment: ProviderMediaAttachment,
  ): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      `UPDATE messages SET attachments = jsonb_set(attachments, ARRAY[$3::text], $4::jsonb)
        WHERE workspace_id = $1 AND id = $2 AND attachments -> ($3::int) ->> 'providerMediaId' = $5
        RETURNING id`,
      [workspaceId, messageId, index, JSON.stringify(attachment), providerMediaId],
    );
    return rows.length > 0;
  }
}
