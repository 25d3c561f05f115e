import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { FileService } from '../../core/files/file.service';
import { OutboxRelay } from '../../core/outbox/outbox-relay.service';
import { OutboxRepository } from '../../core/outbox/outbox.repository';
import { ROOT_LOGGER } from '../../core/tokens';
import {
  ConnectorError,
  createHttpClient,
  resolveAllowedHosts,
  toConnectorError,
  type ConnectorContext,
  type FetchedMedia,
} from '../sdk';
import { decideDeliveryRetry } from './delivery-retry.policy';
import { IntegrationService } from './integration.service';
import {
  MediaDownloadRepository,
  type MessageWithMedia,
  type ProviderMediaAttachment,
} from './media-download.repository';

/** The largest file the hub downloads (WhatsApp: images 5 MB, audio and video 16 MB, documents 100 MB). */
export const MEDIA_MAX_BYTES = 32 * 1024 * 1024;
/** Attempts before a file that keeps failing with transient errors is given up. */
export const MEDIA_MAX_ATTEMPTS = 6;
const MEDIA_TIMEOUT_MS = 60_000;

export type MediaDownloadOutcome =
  { result: 'done'; stored: number; unavailable: number } | { result: 'retry'; delayMs: number };

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
};

/** A name for a file the customer sent without one: `image-1a2b3c4d.jpg`. */
export function mediaFileName(kind: string, messageId: string, mimeType: string): string {
  const ext = EXTENSIONS[mimeType.split(';')[0].trim().toLowerCase()] ?? 'bin';
  return `${kind}-${messageId.slice(0, 8)}.${ext}`;
}

/**
 * The host side of inbound media (the `download-media` job): for each attachment of a stored
 * message that its connector described by `providerMediaId`, calls the connector's `fetchMedia`
 * hook with the connector's own HTTP client (its allowed hosts, a larger size cap), stores the
 * bytes with FileService and replaces the attachment with the stored file, so agents get the
 * hub's signed URL and the provider's URL and token stay private. Idempotent: attachments already
 * replaced are skipped, and a replacement only applies while the attachment still waits.
 */
@Injectable()
export class MediaDownloadService {
  constructor(
    private readonly messages: MediaDownloadRepository,
    private readonly integrations: IntegrationService,
    private readonly files: FileService,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async downloadMessageMedia(
    workspaceId: string,
    messageId: string,
    attempt: number,
  ): Promise<MediaDownloadOutcome> {
    const message = await this.messages.findInbound(workspaceId, messageId);
    const waiting = (message?.attachments ?? [])
      .map((attachment, index) => ({ attachment, index }))
      .filter(({ attachment }) => typeof attachment.providerMediaId === 'string' && !attachment.fileId);
    if (!message || waiting.length === 0) return { result: 'done', stored: 0, unavailable: 0 };

    const loaded = await this.integrations.loadInWorkspace(workspaceId, message.integrationId);
    const fetchMedia = loaded?.connector.hooks.fetchMedia;
    let stored = 0;
    let unavailable = 0;
    let retryInMs: number | undefined;
    for (const { attachment, index } of waiting) {
      let replacement: ProviderMediaAttachment;
      if (!loaded || !fetchMedia) {
        replacement = this.unavailable(
          attachment,
          'This channel cannot download files (integration removed).',
        );
      } else {
        try {
          const ctx: ConnectorContext = {
            ...loaded.context,
            http: createHttpClient({
              allowedHosts: resolveAllowedHosts(loaded.connector.manifest, loaded.context.settings),
              maxResponseBytes: MEDIA_MAX_BYTES,
              timeoutMs: MEDIA_TIMEOUT_MS,
            }),
          };
          const media: FetchedMedia = await fetchMedia.call(loaded.connector.hooks, ctx, {
            providerMediaId: attachment.providerMediaId as string,
            kind: attachment.kind,
            ...(attachment.mimeType && { mimeType: attachment.mimeType }),
            ...(attachment.name && { name: attachment.name }),
          });
          replacement = await this.store(workspaceId, message, attachment, media);
        } catch (e) {
          const error: ConnectorError = toConnectorError(e);
          const decision = decideDeliveryRetry(error.kind, attempt, MEDIA_MAX_ATTEMPTS, error.retryAfterMs);
          this.logger.warn(
            { messageId, kind: error.kind, attempt, decision: decision.action, reason: error.message },
            'media download failed',
          );
          if (decision.action === 'retry') {
            retryInMs = Math.max(retryInMs ?? 0, decision.delayMs);
            continue;
          }
          replacement = this.unavailable(attachment, `${error.kind}: ${error.message}`);
        }
      }
      if (
        await this.replace(workspaceId, message, index, attachment.providerMediaId as string, replacement)
      ) {
        if (replacement.fileId) stored++;
        else unavailable++;
      }
    }
    if (retryInMs !== undefined) return { result: 'retry', delayMs: retryInMs };
    return { result: 'done', stored, unavailable };
  }

  private unavailable(attachment: ProviderMediaAttachment, reason: string): ProviderMediaAttachment {
    const { providerMediaId: _id, ...rest } = attachment;
    return { ...rest, unavailable: reason.slice(0, 300) };
  }

  private async store(
    workspaceId: string,
    message: MessageWithMedia,
    attachment: ProviderMediaAttachment,
    media: FetchedMedia,
  ): Promise<ProviderMediaAttachment> {
    const mimeType = media.mimeType.split(';')[0].trim().toLowerCase() || 'application/octet-stream';
    const file = await this.files
      .upload({
        workspaceId,
        integrationId: message.integrationId,
        uploadedByKind: 'contact',
        uploadedBy: message.contactExternalId ?? 'unknown',
        name: media.name ?? attachment.name ?? mediaFileName(attachment.kind, message.id, mimeType),
        mimeType,
        body: media.body,
        maxBytes: MEDIA_MAX_BYTES,
      })
      .catch((e: unknown) => {
        // Empty, too large or an unusable type: retrying cannot help.
        throw new ConnectorError('permanent', (e as Error).message);
      });
    return { ...this.files.toAttachment(file), kind: attachment.kind };
  }

  private async replace(
    workspaceId: string,
    message: MessageWithMedia,
    index: number,
    providerMediaId: string,
    replacement: ProviderMediaAttachment,
  ): Promise<boolean> {
    const { replaced, rows } = await this.db.transaction(async (tx) => {
      const done = await this.messages.replaceAttachment(
        tx,
        workspaceId,
        message.id,
        index,
        providerMediaId,
        replacement,
      );
      if (!done) return { replaced: false, rows: [] };
      const outbox = await this.outbox.append(tx, workspaceId, [
        {
          kind: 'event',
          event: {
            type: 'message.updated',
            workspaceId,
            conversationId: message.conversationId,
            messageId: message.id,
            seq: message.seq,
          },
        },
      ]);
      return { replaced: true, rows: outbox };
    });
    this.relay.relayCommitted(rows);
    return replaced;
  }
}
