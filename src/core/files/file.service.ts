import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { HubConfig } from '../config/config.schema';
import type { DerivedKeys } from '../crypto/master-key';
import { DomainError } from '../errors/domain-error';
import type { StoredAttachment } from '../conversations/message.entity';
import { Clock, CLOCK, CONFIG, DERIVED_KEYS } from '../tokens';
import { FILE_STORAGE, type FileStorage } from './file-storage';
import { FileRecord, FileRepository } from './file.repository';

export interface UploadInput {
  workspaceId: string;
  integrationId: string | null;
  uploadedByKind: 'contact' | 'agent';
  uploadedBy: string;
  name: string;
  mimeType: string;
  body: Buffer;
  maxBytes: number;
  /** Exact types and `type/*` patterns; undefined allows any type. */
  allowedTypes?: readonly string[];
}

/** A type the hub will show inline; anything else (SVG and HTML included) is downloaded. */
const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'];

export function attachmentKind(mimeType: string): StoredAttachment['kind'] {
  if (INLINE_IMAGE_TYPES.includes(mimeType)) return 'image';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('audio/')) return 'audio';
  return 'file';
}

export function isInlineType(mimeType: string): boolean {
  return INLINE_IMAGE_TYPES.includes(mimeType);
}

/** A display name without paths or control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

function matchesType(allowed: readonly string[], mimeType: string): boolean {
  return allowed.some((p) => (p.endsWith('/*') ? mimeType.startsWith(p.slice(0, -1)) : p === mimeType));
}

/**
 * Attachments: stored through the FileStorage port, recorded in `files`, and handed out only as
 * signed, expiring URLs to the people who may see them (the conversation's visitor and agents).
 * The URL's HMAC is the authorisation, so an `<img src>` works without a header.
 */
@Injectable()
export class FileService {
  constructor(
    private readonly files: FileRepository,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(DERIVED_KEYS) private readonly keys: DerivedKeys,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async upload(input: UploadInput): Promise<FileRecord> {
    const mimeType = input.mimeType.toLowerCase().split(';')[0].trim();
    if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(mimeType))
      throw new DomainError('INVALID_INPUT', 'Send the file with its Content-Type (for example image/png).');
    if (input.body.length === 0) throw new DomainError('INVALID_INPUT', 'The file is empty.');
    if (input.body.length > input.maxBytes)
      throw new DomainError(
        'TOO_LARGE',
        `The file is ${formatBytes(input.body.length)}; the limit is ${formatBytes(input.maxBytes)}.`,
      );
    if (input.allowedTypes && !matchesType(input.allowedTypes, mimeType))
      throw new DomainError(
        'TYPE_NOT_ALLOWED',
        `Files of type ${mimeType} are not accepted here; allowed: ${input.allowedTypes.join(', ')}.`,
      );
    const id = randomUUID();
    const storageKey = `${input.workspaceId}/${id}`;
    await this.storage.put(storageKey, input.body);
    return this.files.insert({
      id,
      workspaceId: input.workspaceId,
      integrationId: input.integrationId,
      storageKey,
      name: cleanFileName(input.name),
      mimeType,
      sizeBytes: input.body.length,
      uploadedByKind: input.uploadedByKind,
      uploadedBy: input.uploadedBy,
    });
  }

  /** The attachment a message stores for an uploaded file (the URL is signed when shown). */
  toAttachment(file: FileRecord): StoredAttachment {
    return {
      kind: attachmentKind(file.mimeType),
      fileId: file.id,
      name: file.name,
      mimeType: file.mimeType,
      sizeBytes: file.sizeBytes,
    };
  }

  /**
   * Files of the workspace by id, in the given order; a missing id is an error naming it. With
   * `uploader`, only that person's files: a contact is an id on one integration, so its
   * `integrationId` must match too.
   */
  async attachmentsFor(
    workspaceId: string,
    fileIds: string[],
    uploader?: { kind: 'contact' | 'agent'; id: string; integrationId?: string },
  ): Promise<StoredAttachment[]> {
    const found = await this.files.findManyInWorkspace(workspaceId, fileIds);
    return fileIds.map((id) => {
      const file = found.find(
        (f) =>
          f.id === id &&
          (!uploader ||
            (f.uploadedByKind === uploader.kind &&
              f.uploadedBy === uploader.id &&
              (uploader.integrationId === undefined || f.integrationId === uploader.integrationId))),
      );
      if (!file) throw new DomainError('INVALID_INPUT', `File ${id} does not exist; upload it first.`);
      return this.toAttachment(file);
    });
  }

  /** What an upload answers: the id to attach, and a signed URL for a preview. */
  describeUpload(file: FileRecord) {
    return {
      fileId: file.id,
      kind: attachmentKind(file.mimeType),
      name: file.name,
      mimeType: file.mimeType,
      sizeBytes: file.sizeBytes,
      url: this.signedUrl(file.id),
    };
  }

  signedUrl(fileId: string, ttlSeconds = this.config.FILE_URL_TTL_SECONDS): string {
    // Rounded expiry: the same URL for a while, so browsers can cache the image.
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = Math.ceil((now + ttlSeconds) / 3600) * 3600;
    const base = this.config.PUBLIC_BASE_URL.replace(/\/$/, '');
    return `${base}/files/${fileId}?exp=${exp}&sig=${this.signature(fileId, exp)}`;
  }

  /** An attachment with its URL signed for the viewer; stored URLs of other channels pass through. */
  present(attachment: StoredAttachment, ttlSeconds?: number): StoredAttachment {
    if (attachment.fileId) return { ...attachment, url: this.signedUrl(attachment.fileId, ttlSeconds) };
    return attachment;
  }

  /** The file behind a signed URL, or undefined when the signature is wrong or expired. */
  async openSigned(
    fileId: string,
    exp: string | undefined,
    sig: string | undefined,
  ): Promise<{ file: FileRecord; body: Readable } | undefined> {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f-]{36}$/.test(fileId)) return undefined;
    if (Number(exp) * 1000 < this.clock.now().getTime()) return undefined;
    const expected = Buffer.from(this.signature(fileId, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const file = await this.files.findById(fileId);
    if (!file) return undefined;
    const body = await this.storage.open(file.storageKey);
    return body && { file, body };
  }

  private signature(fileId: string, exp: number): string {
    return createHmac('sha256', this.keys.fileUrls).update(`${fileId}.${exp}`).digest('base64url');
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${n} bytes`;
}
