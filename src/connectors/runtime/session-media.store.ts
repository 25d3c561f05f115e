import { Injectable } from '@nestjs/common';
import type { StoredAttachment } from '../../core/conversations/message.entity';
import { FileService } from '../../core/files/file.service';
import type { CanonicalAttachment, CanonicalEvent } from '../sdk';

/** The largest inline file a session may hand over. */
export const SESSION_MEDIA_MAX_BYTES = 20 * 1024 * 1024;

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,(.*)$/s;

/**
 * Sessions that receive files in-process (WhatsApp Web's `downloadMedia`) hand them over as
 * `data:` URLs; the host keeps them with its file storage, like a widget upload, and stores only
 * the file id on the message (its URL is signed for each viewer). A file that cannot be kept is
 * dropped from the attachment, which stays to say something was sent.
 */
@Injectable()
export class SessionMediaStore {
  constructor(private readonly files: FileService) {}

  async keepInlineFiles(
    workspaceId: string,
    integrationId: string,
    events: CanonicalEvent[],
  ): Promise<CanonicalEvent[]> {
    return Promise.all(
      events.map(async (event) => {
        if (event.type !== 'message' || !event.attachments?.some((a) => a.url?.startsWith('data:')))
          return event;
        const attachments = await Promise.all(
          event.attachments.map((a) => this.keep(workspaceId, integrationId, event.contact.externalId, a)),
        );
        return { ...event, attachments: attachments as CanonicalAttachment[] };
      }),
    );
  }

  private async keep(
    workspaceId: string,
    integrationId: string,
    contactExternalId: string,
    attachment: CanonicalAttachment,
  ): Promise<CanonicalAttachment | StoredAttachment> {
    const match = attachment.url ? DATA_URL.exec(attachment.url) : null;
    if (!attachment.url?.startsWith('data:')) return attachment;
    const { url: _inline, ...rest } = attachment;
    if (!match) return rest;
    try {
      const file = await this.files.upload({
        workspaceId,
        integrationId,
        uploadedByKind: 'contact',
        uploadedBy: contactExternalId,
        name: attachment.name ?? `whatsapp-${attachment.kind}`,
        mimeType: match[1],
        body: Buffer.from(match[2], 'base64'),
        maxBytes: SESSION_MEDIA_MAX_BYTES,
      });
      return this.files.toAttachment(file);
    } catch {
      return rest;
    }
  }
}
