import type { CanonicalAttachment, CanonicalEvent, ContactRef } from '../sdk';

/** Largest batch accepted in one request; bigger ones should be split by the sender. */
export const API_MAX_BATCH_SIZE = 100;

/**
 * The outcome of reading an inbound body. `ok: false` means nothing in it is usable (the host
 * answers 400). With `ok: true`, `skipped` lists why invalid batch items were dropped (paths and
 * rules only, never values) and `ignored` counts items of event types this version does not know.
 */
export type ApiInboundMapping =
  | { ok: true; events: CanonicalEvent[]; skipped: string[]; ignored: number }
  | { ok: false; problems: string[] };

type Json = Record<string, unknown>;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const KNOWN_TYPES = ['message', 'typing', 'contact.updated', 'message.status'];
const ATTACHMENT_KINDS: readonly CanonicalAttachment['kind'][] = ['image', 'video', 'audio', 'file'];
const DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems for one item while reading its fields. */
class ItemReader {
  readonly problems: string[] = [];
  constructor(private readonly path: string) {}

  requiredString(obj: Json, key: string, at = this.path): string {
    const value = obj[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problems.push(`${at}.${key} must be a non-empty string`);
    return '';
  }

  optionalString(obj: Json, key: string, at = this.path): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.problems.push(`${at}.${key} must be a string when given`);
    return undefined;
  }

  oneOf<T extends string>(obj: Json, key: string, allowed: readonly T[]): T {
    const value = obj[key];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${this.path}.${key} must be one of ${allowed.join(', ')}`);
    return allowed[0];
  }

  timestamp(obj: Json, key: string, now: Date): Date {
    const value = obj[key];
    if (value === undefined || value === null) return now;
    const at = typeof value === 'string' && ISO_TIMESTAMP.test(value) ? new Date(value) : undefined;
    if (at && !Number.isNaN(at.getTime())) return at;
    this.problems.push(
      `${this.path}.${key} must be an ISO 8601 timestamp with a time zone, like 2024-06-01T12:00:00Z`,
    );
    return now;
  }

  contact(obj: Json): ContactRef {
    const at = `${this.path}.contact`;
    const raw = obj.contact;
    if (!isObject(raw)) {
      this.problems.push(`${at} must be an object with at least an id`);
      return { externalId: '' };
    }
    return dropUndefined({
      externalId: this.requiredString(raw, 'id', at),
      name: this.optionalString(raw, 'name', at),
      email: this.optionalString(raw, 'email', at),
      phone: this.optionalString(raw, 'phone', at),
      avatarUrl: this.optionalString(raw, 'avatarUrl', at),
      locale: this.optionalString(raw, 'locale', at),
    });
  }

  attachments(obj: Json): CanonicalAttachment[] | undefined {
    const raw = obj.attachments;
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) {
      this.problems.push(`${this.path}.attachments must be an array when given`);
      return undefined;
    }
    return raw.map((item: unknown, i) => {
      const at = `${this.path}.attachments[${i}]`;
      if (!isObject(item)) {
        this.problems.push(`${at} must be an object`);
        return { kind: 'file' };
      }
      const kind = item.kind;
      if (typeof kind !== 'string' || !(ATTACHMENT_KINDS as readonly string[]).includes(kind)) {
        this.problems.push(`${at}.kind must be one of ${ATTACHMENT_KINDS.join(', ')}`);
      }
      const url = this.requiredString(item, 'url', at);
      if (url && !/^https?:\/\//i.test(url)) this.problems.push(`${at}.url must be an http(s) URL`);
      const size = item.sizeBytes;
      if (size !== undefined && size !== null && !(Number.isInteger(size) && (size as number) >= 0)) {
        this.problems.push(`${at}.sizeBytes must be a non-negative integer when given`);
      }
      return dropUndefined({
        kind: kind as CanonicalAttachment['kind'],
        url,
        mimeType: this.optionalString(item, 'mimeType', at),
        name: this.optionalString(item, 'name', at),
        sizeBytes: typeof size === 'number' ? size : undefined,
      });
    });
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

type ItemResult = { event: CanonicalEvent } | { ignored: true } | { problems: string[] };

function mapItem(item: unknown, path: string, now: Date): ItemResult {
  if (!isObject(item)) return { problems: [`${path} must be an object`] };
  if (typeof item.type !== 'string') return { problems: [`${path}.type must be a string`] };
  // Unknown types are skipped quietly, so senders can adopt newer event types before we do.
  if (!KNOWN_TYPES.includes(item.type)) return { ignored: true };

  const read = new ItemReader(path);
  let event: CanonicalEvent;
  switch (item.type) {
    case 'message': {
      const externalId = read.requiredString(item, 'id');
      const contact = read.contact(item);
      const text = read.optionalString(item, 'text');
      const attachments = read.attachments(item);
      if ((text === undefined || text === '') && !attachments?.length) {
        read.problems.push(`${path} needs a text or at least one attachment`);
      }
      const metadata = item.metadata;
      if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
        read.problems.push(`${path}.metadata must be an object when given`);
      }
      event = dropUndefined({
        type: 'message' as const,
        externalId,
        contact,
        threadKey: read.optionalString(item, 'thread'),
        text,
        attachments,
        occurredAt: read.timestamp(item, 'sentAt', now),
        replyToExternalId: read.optionalString(item, 'replyTo'),
        metadata: isObject(metadata) ? metadata : undefined,
      });
      break;
    }
    case 'typing':
      event = dropUndefined({
        type: 'typing' as const,
        contact: read.contact(item),
        threadKey: read.optionalString(item, 'thread'),
        state: read.oneOf(item, 'state', ['on', 'off'] as const),
        occurredAt: read.timestamp(item, 'occurredAt', now),
      });
      break;
    case 'contact.updated':
      event = {
        type: 'contact_update',
        contact: read.contact(item),
        occurredAt: read.timestamp(item, 'occurredAt', now),
      };
      break;
    default:
      event = dropUndefined({
        type: 'delivery_status' as const,
        externalMessageId: read.requiredString(item, 'messageId'),
        status: read.oneOf(item, 'status', DELIVERY_STATUSES),
        reason: read.optionalString(item, 'reason'),
        occurredAt: read.timestamp(item, 'occurredAt', now),
      });
  }
  return read.problems.length > 0 ? { problems: read.problems } : { event };
}

/**
 * Reads the api connector's inbound body: one event object, or `{ "events": [...] }`. Invalid batch
 * items are skipped (their problems returned in `skipped`), unknown event types ignored; the body is
 * rejected only when it is not JSON, has the wrong shape, or holds nothing usable. A missing
 * `sentAt` / `occurredAt` becomes `now`.
 *
 * @example
 * ```ts
 * mapApiInboundBody(Buffer.from('{"type":"typing","contact":{"id":"c1"},"state":"on"}'), now);
 * // { ok: true, events: [{ type: 'typing', contact: { externalId: 'c1' }, state: 'on', occurredAt: now }], skipped: [], ignored: 0 }
 * ```
 */
export function mapApiInboundBody(rawBody: Buffer, now: Date): ApiInboundMapping {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, problems: ['the body is not valid JSON'] };
  }
  if (!isObject(body))
    return { ok: false, problems: ['the body must be a JSON object: one event or { "events": [...] }'] };

  const isBatch = 'events' in body && !('type' in body);
  if (!isBatch) {
    const result = mapItem(body, 'event', now);
    if ('problems' in result) return { ok: false, problems: result.problems };
    return 'event' in result
      ? { ok: true, events: [result.event], skipped: [], ignored: 0 }
      : { ok: true, events: [], skipped: [], ignored: 1 };
  }

  const items = body.events;
  if (!Array.isArray(items)) return { ok: false, problems: ['events must be an array'] };
  if (items.length > API_MAX_BATCH_SIZE) {
    return {
      ok: false,
      problems: [`events has ${items.length} items; send at most ${API_MAX_BATCH_SIZE} per request`],
    };
  }
  const events: CanonicalEvent[] = [];
  const skipped: string[] = [];
  let ignored = 0;
  items.forEach((item, i) => {
    const result = mapItem(item, `events[${i}]`, now);
    if ('event' in result) events.push(result.event);
    else if ('ignored' in result) ignored += 1;
    else skipped.push(...result.problems);
  });
  if (events.length === 0 && ignored === 0 && skipped.length > 0) return { ok: false, problems: skipped };
  return { ok: true, events, skipped, ignored };
}
