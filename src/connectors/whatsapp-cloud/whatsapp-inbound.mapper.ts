import {
  dropUndefined,
  isJsonObject,
  mapMetaWebhook,
  storableId,
  storableText,
  type JsonObject,
  type MetaItemResult,
  type MetaWebhookMapping,
} from '../meta-graph';
import type {
  CanonicalAttachment,
  CanonicalDeliveryStatusEvent,
  CanonicalMessageEvent,
  ContactRef,
} from '../sdk';
import { failedStatusReason } from './whatsapp.errors';

/** The outcome of reading a WhatsApp webhook body; `ignored` counts by WhatsApp's own reasons. */
export type WhatsappInboundMapping = MetaWebhookMapping<WhatsappIgnored>;

/** What a body held that the hub leaves out on purpose, by reason. */
export interface WhatsappIgnored {
  /** Changes for another business number of the same app (one integration is one number). */
  otherNumbers: number;
  /** Fields other than `messages` (template reviews, account updates) and status values the hub does not use. */
  otherTypes: number;
  /** `value.errors`: errors Meta reports about the number or app, not about one message. */
  valueErrors: number;
}

const MEDIA_KINDS: Record<string, CanonicalAttachment['kind']> = {
  image: 'image',
  sticker: 'image',
  video: 'video',
  audio: 'audio',
  document: 'file',
};
const STATUSES: ReadonlySet<string> = new Set(['sent', 'delivered', 'read', 'failed']);

function text(value: unknown, max = 10_000): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = storableText(value).trim();
  return cleaned === '' ? undefined : cleaned.slice(0, max);
}

/** WhatsApp's `timestamp` is a string of epoch seconds. */
function epochSeconds(value: unknown): Date | undefined {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  const at = new Date(n * 1000);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** A customer of one `value`, by phone (`wa_id`) and by business-scoped user id (`user_id`). */
interface KnownContact {
  waId?: string;
  userId?: string;
  name?: string;
}

function readContacts(value: JsonObject): KnownContact[] {
  if (!Array.isArray(value.contacts)) return [];
  return value.contacts.filter(isJsonObject).map((c) =>
    dropUndefined({
      waId: storableId(c.wa_id),
      userId: storableId(c.user_id),
      name: isJsonObject(c.profile)
        ? (text(c.profile.name, 200) ?? text(c.profile.username, 200))
        : undefined,
    }),
  );
}

/**
 * Who wrote a message. Contacts are joined to messages by `wa_id == from`, never by position; a
 * customer who hides their number (a username, 2026) is known by the BSUID in `contacts[].user_id`
 * (PLATFORMS.md §3). The message-level BSUID field is unverified, so `from_user_id` and `user_id`
 * are tried, then the value's only contact when there is exactly one.
 *
 * The identity is the phone number when known (replies are sent to it), else the BSUID.
 */
function senderOf(message: JsonObject, contacts: KnownContact[]): ContactRef | undefined {
  const from = storableId(message.from);
  const userId = storableId(message.from_user_id) ?? storableId(message.user_id);
  const match =
    (from && contacts.find((c) => c.waId === from)) ||
    (userId && contacts.find((c) => c.userId === userId)) ||
    (from && contacts.find((c) => c.userId === from)) ||
    (!from && !userId && contacts.length === 1 ? contacts[0] : undefined) ||
    undefined;
  const waId = from && !/^[A-Z]{2}\./.test(from) ? from : match?.waId;
  const externalId = waId ?? match?.userId ?? userId ?? from;
  if (!externalId) return undefined;
  return dropUndefined({
    externalId,
    name: match?.name,
    phone: waId && /^\d{5,20}$/.test(waId) ? `+${waId}` : undefined,
  });
}

/** Google Maps accepts `query=lat,lng`; agents open it in any browser. */
function locationText(location: JsonObject): string | undefined {
  const lat = typeof location.latitude === 'number' ? location.latitude : Number(location.latitude);
  const lng = typeof location.longitude === 'number' ? location.longitude : Number(location.longitude);
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return undefined;
  const label = [text(location.name, 300), text(location.address, 500)].filter(Boolean).join(', ');
  const coordinates = `${lat},${lng}`;
  return [
    `📍 Location${label ? `: ${label}` : ''} (${coordinates})`,
    `https://www.google.com/maps/search/?api=1&query=${coordinates}`,
  ].join('\n');
}

function contactsText(cards: unknown): string | undefined {
  if (!Array.isArray(cards)) return undefined;
  const lines = cards.filter(isJsonObject).map((card) => {
    const name = isJsonObject(card.name)
      ? (text(card.name.formatted_name, 200) ?? text(card.name.first_name, 200))
      : undefined;
    const phones = Array.isArray(card.phones)
      ? card.phones
          .filter(isJsonObject)
          .map((p) => text(p.phone, 40) ?? text(p.wa_id, 40))
          .filter(Boolean)
      : [];
    const emails = Array.isArray(card.emails)
      ? card.emails
          .filter(isJsonObject)
          .map((e) => text(e.email, 200))
          .filter(Boolean)
      : [];
    return `👤 ${[name ?? 'Contact', ...phones, ...emails].join(' · ')}`;
  });
  return lines.length > 0 ? `Shared contact:\n${lines.join('\n')}` : undefined;
}

function errorsOf(value: unknown): { code?: number; title?: string }[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.filter(isJsonObject).map((e) =>
    dropUndefined({
      code: typeof e.code === 'number' ? e.code : undefined,
      title: text(e.title, 200) ?? text(e.message, 200),
    }),
  );
}

function unsupported(type: string, errors: { code?: number; title?: string }[] | undefined): string {
  const why = errors?.[0]?.title;
  return `[Unsupported message: ${storableText(type).slice(0, 40)}${why ? ` (${why})` : ''}]`;
}

/** The text, attachments and metadata of one message, by its `type`. */
function contentOf(
  message: JsonObject,
  type: string,
): {
  text?: string;
  attachments?: CanonicalAttachment[];
  metadata?: Record<string, unknown>;
} {
  const part = isJsonObject(message[type]) ? (message[type] as JsonObject) : undefined;
  const errors = errorsOf(message.errors);
  const kind = MEDIA_KINDS[type];
  if (kind && part) {
    const mediaId = storableId(part.id);
    if (!mediaId) return { text: unsupported(type, errors) };
    return {
      text: text(part.caption),
      attachments: [
        dropUndefined({
          kind,
          providerMediaId: mediaId,
          mimeType: typeof part.mime_type === 'string' ? part.mime_type.slice(0, 100) : undefined,
          name: text(part.filename, 200),
        }),
      ],
      metadata:
        type === 'audio' && part.voice === true
          ? { voice: true }
          : type === 'sticker'
            ? { sticker: true }
            : undefined,
    };
  }
  switch (type) {
    case 'text':
      return { text: text(part?.body) ?? unsupported(type, errors) };
    case 'location':
      return { text: (part && locationText(part)) ?? unsupported(type, errors) };
    case 'contacts':
      return { text: contactsText(message.contacts) ?? unsupported(type, errors) };
    case 'interactive': {
      const reply =
        part &&
        (isJsonObject(part.button_reply)
          ? part.button_reply
          : isJsonObject(part.list_reply)
            ? part.list_reply
            : undefined);
      if (!reply) return { text: unsupported(`interactive ${String(part?.type ?? '')}`.trim(), errors) };
      const title = text(reply.title, 500);
      const description = text(reply.description, 500);
      return {
        text: [title, description].filter(Boolean).join('\n') || unsupported(type, errors),
        metadata: dropUndefined({ interactiveType: String(part?.type), replyId: text(reply.id, 256) }),
      };
    }
    case 'button':
      return {
        text: text(part?.text, 500) ?? text(part?.payload, 500) ?? unsupported(type, errors),
        metadata: dropUndefined({ buttonPayload: text(part?.payload, 1000) }),
      };
    case 'reaction': {
      // Stored as a message: the hub keeps no per-message metadata, so the text is what agents see.
      const emoji = text(part?.emoji, 20);
      return {
        text: emoji ? `Reacted ${emoji} to a message` : 'Removed a reaction',
        metadata: dropUndefined({ reaction: emoji ?? '', reactedTo: storableId(part?.message_id) }),
      };
    }
    default:
      // unsupported (131051), order, system, and types newer than this connector.
      return { text: unsupported(type, errors), metadata: errors ? { errors } : undefined };
  }
}

type ItemResult = MetaItemResult<WhatsappIgnored>;

function mapMessage(message: unknown, path: string, contacts: KnownContact[], now: Date): ItemResult {
  if (!isJsonObject(message)) return { problem: `${path} must be an object` };
  const externalId = storableId(message.id);
  if (!externalId) return { problem: `${path}.id must be a non-empty string` };
  const contact = senderOf(message, contacts);
  if (!contact) return { problem: `${path} has no sender (from, or a contact with wa_id or user_id)` };
  const type = typeof message.type === 'string' && message.type !== '' ? message.type : 'unknown';
  const content = contentOf(message, type);
  const errors = errorsOf(message.errors);
  const extra = { ...content.metadata, ...(errors && { errors }) };
  const replyTo = isJsonObject(message.context) ? storableId(message.context.id) : undefined;
  const event: CanonicalMessageEvent = dropUndefined({
    type: 'message' as const,
    externalId,
    contact,
    text: content.text,
    attachments: content.attachments,
    occurredAt: epochSeconds(message.timestamp) ?? now,
    replyToExternalId: type === 'reaction' ? undefined : replyTo,
    metadata: type === 'text' && Object.keys(extra).length === 0 ? undefined : { type, ...extra },
  });
  return { events: [event] };
}

/** sent → delivered → read, or failed with the reason in plain words; the host never moves a status backwards. */
function mapStatus(status: unknown, path: string, now: Date): ItemResult {
  if (!isJsonObject(status)) return { problem: `${path} must be an object` };
  const messageId = storableId(status.id);
  if (!messageId) return { problem: `${path}.id must be a non-empty string` };
  if (typeof status.status !== 'string') return { problem: `${path}.status must be a string` };
  // "deleted", "warning" and statuses newer than this connector change nothing the hub shows.
  if (!STATUSES.has(status.status)) return { ignored: 'otherTypes' };
  const event: CanonicalDeliveryStatusEvent = dropUndefined({
    type: 'delivery_status' as const,
    externalMessageId: messageId,
    status: status.status as CanonicalDeliveryStatusEvent['status'],
    reason: status.status === 'failed' ? failedStatusReason(status.errors) : undefined,
    occurredAt: epochSeconds(status.timestamp) ?? now,
  });
  return { events: [event] };
}

/**
 * Reads a WhatsApp Cloud API webhook body
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages):
 * every `entry`, every `change`, every message and status. Changes for other phone numbers than
 * `phoneNumberId` are ignored; invalid items are skipped and listed in `skipped`, valid ones kept.
 *
 * @example
 * ```ts
 * mapWhatsappWebhook(req.rawBody, { phoneNumberId: '106540352242922', now: ctx.clock.now() });
 * // { ok: true, events: [{ type: 'message', externalId: 'wamid.HBgL...', contact: { externalId: '16505551234', ... }, text: 'Hi', ... }], ... }
 * ```
 */
export function mapWhatsappWebhook(
  rawBody: Buffer,
  opts: { phoneNumberId: string; now: Date },
): WhatsappInboundMapping {
  const product = {
    object: 'whatsapp_business_account',
    ignored: { otherNumbers: 0, otherTypes: 0, valueErrors: 0 },
    otherObject: 'otherTypes' as const,
  };
  return mapMetaWebhook<WhatsappIgnored>(rawBody, product, (entry, at, record) => {
    if (!Array.isArray(entry.changes)) return record({ problem: `${at}.changes must be an array` });
    entry.changes.forEach((change: unknown, j) => {
      const cat = `${at}.changes[${j}]`;
      if (!isJsonObject(change)) return record({ problem: `${cat} must be an object` });
      if (change.field !== 'messages') return record({ ignored: 'otherTypes' });
      const value = change.value;
      if (!isJsonObject(value)) return record({ problem: `${cat}.value must be an object` });
      const number = isJsonObject(value.metadata) ? storableId(value.metadata.phone_number_id) : undefined;
      if (number !== opts.phoneNumberId) return record({ ignored: 'otherNumbers' });
      if (Array.isArray(value.errors) && value.errors.length > 0) record({ ignored: 'valueErrors' });
      const contacts = readContacts(value);
      if (value.messages !== undefined) {
        if (!Array.isArray(value.messages)) record({ problem: `${cat}.value.messages must be an array` });
        else
          value.messages.forEach((m: unknown, k) =>
            record(mapMessage(m, `${cat}.value.messages[${k}]`, contacts, opts.now)),
          );
      }
      if (value.statuses !== undefined) {
        if (!Array.isArray(value.statuses)) record({ problem: `${cat}.value.statuses must be an array` });
        else
          value.statuses.forEach((s: unknown, k) =>
            record(mapStatus(s, `${cat}.value.statuses[${k}]`, opts.now)),
          );
      }
    });
  });
}
