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
import type { CanonicalAttachment, CanonicalMessageEvent } from '../sdk';

/** The outcome of reading a Messenger webhook body; `ignored` counts by Messenger's own reasons. */
export type MessengerInboundMapping = MetaWebhookMapping<MessengerIgnored>;

/** What a body held that the hub leaves out on purpose, by reason. */
export interface MessengerIgnored {
  echoes: number;
  otherPages: number;
  otherTypes: number;
}

/** Messenger attachment types the hub stores as files; `reel`/`ig_reel` are videos. */
const ATTACHMENT_KINDS: Record<string, CanonicalAttachment['kind']> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'file',
  reel: 'video',
  ig_reel: 'video',
};

function epochMs(value: unknown): Date | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

type ItemResult = MetaItemResult<MessengerIgnored>;

/**
 * A customer's message: text, quick reply (its payload kept in metadata), attachments. Types the
 * hub cannot store (location, fallback, templates) become a line of text saying so, so the agent
 * knows something arrived.
 */
function mapMessage(message: JsonObject, path: string, contactId: string, at: Date): ItemResult {
  if (message.is_echo === true) return { ignored: 'echoes' };
  const mid = storableId(message.mid);
  if (!mid) return { problem: `${path}.message.mid must be a non-empty string` };
  if (message.text !== undefined && typeof message.text !== 'string')
    return { problem: `${path}.message.text must be a string when given` };
  const lines: string[] = [];
  if (typeof message.text === 'string' && message.text.trim() !== '') lines.push(storableText(message.text));

  const attachments: CanonicalAttachment[] = [];
  const unsupported: string[] = [];
  if (message.attachments !== undefined) {
    if (!Array.isArray(message.attachments))
      return { problem: `${path}.message.attachments must be an array when given` };
    for (const raw of message.attachments as unknown[]) {
      const type = isJsonObject(raw) && typeof raw.type === 'string' ? raw.type : 'unknown';
      const url = isJsonObject(raw) && isJsonObject(raw.payload) ? raw.payload.url : undefined;
      const kind = ATTACHMENT_KINDS[type];
      if (kind && typeof url === 'string' && /^https?:\/\/\S+$/i.test(url) && !url.includes('\u0000')) {
        attachments.push({ kind, url });
      } else {
        unsupported.push(storableText(type).slice(0, 40));
      }
    }
  }
  for (const type of unsupported) lines.push(`[Unsupported attachment: ${type}]`);
  if (lines.length === 0 && attachments.length === 0)
    return { problem: `${path}.message needs a text or an attachment` };

  const quickReply = isJsonObject(message.quick_reply) ? message.quick_reply.payload : undefined;
  const metadata = dropUndefined({
    quickReplyPayload: typeof quickReply === 'string' ? storableText(quickReply) : undefined,
    unsupportedAttachments: unsupported.length > 0 ? unsupported : undefined,
  });
  const replyTo = isJsonObject(message.reply_to) ? storableId(message.reply_to.mid) : undefined;
  const event: CanonicalMessageEvent = dropUndefined({
    type: 'message' as const,
    externalId: mid,
    contact: { externalId: contactId },
    text: lines.length > 0 ? lines.join('\n') : undefined,
    attachments: attachments.length > 0 ? attachments : undefined,
    occurredAt: at,
    replyToExternalId: replyTo,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
  return { events: [event] };
}

/**
 * A tap on a button we sent: the button's title becomes the text, its payload is kept. Postbacks
 * carry `mid` since Graph v11.0; for older ones a key made of sender, time and payload still
 * dedupes Meta's redeliveries.
 */
function mapPostback(postback: JsonObject, path: string, contactId: string, at: Date): ItemResult {
  const title = typeof postback.title === 'string' ? storableText(postback.title).trim() : '';
  const payload = typeof postback.payload === 'string' ? storableText(postback.payload) : undefined;
  const text = title || payload;
  if (!text) return { problem: `${path}.postback needs a title or a payload` };
  const externalId =
    storableId(postback.mid) ?? `postback:${contactId}:${at.getTime()}:${(payload ?? title).slice(0, 200)}`;
  return {
    events: [
      dropUndefined({
        type: 'message' as const,
        externalId,
        contact: { externalId: contactId },
        text,
        occurredAt: at,
        metadata: payload === undefined ? undefined : { postbackPayload: payload },
      }),
    ],
  };
}

/**
 * Delivery receipts: each listed mid is delivered, and so is everything sent up to the watermark
 * (mids are optional in Meta's payload; the watermark is always there).
 */
function mapDelivery(delivery: JsonObject, path: string, contactId: string, at: Date): ItemResult {
  const watermark = epochMs(delivery.watermark);
  if (!watermark) return { problem: `${path}.delivery.watermark must be a time in epoch milliseconds` };
  const mids = Array.isArray(delivery.mids)
    ? delivery.mids.map(storableId).filter((m) => m !== undefined)
    : [];
  return {
    events: [
      ...mids.map((mid) => ({
        type: 'delivery_status' as const,
        externalMessageId: mid,
        status: 'delivered' as const,
        occurredAt: at,
      })),
      {
        type: 'delivery_watermark',
        contact: { externalId: contactId },
        status: 'delivered',
        watermark,
        occurredAt: at,
      },
    ],
  };
}

function mapRead(read: JsonObject, path: string, contactId: string, at: Date): ItemResult {
  const watermark = epochMs(read.watermark);
  if (!watermark) return { problem: `${path}.read.watermark must be a time in epoch milliseconds` };
  return {
    events: [
      {
        type: 'delivery_watermark',
        contact: { externalId: contactId },
        status: 'read',
        watermark,
        occurredAt: at,
      },
    ],
  };
}

function mapItem(item: unknown, path: string, entryTime: Date | undefined, now: Date): ItemResult {
  if (!isJsonObject(item)) return { problem: `${path} must be an object` };
  const sender = isJsonObject(item.sender) ? storableId(item.sender.id) : undefined;
  if (!sender) return { problem: `${path}.sender.id must be a non-empty string` };
  // Receipts carry no timestamp in Meta's examples: the entry's time, else now.
  const at = epochMs(item.timestamp) ?? entryTime ?? now;
  if (isJsonObject(item.message)) return mapMessage(item.message, path, sender, at);
  if (isJsonObject(item.postback)) return mapPostback(item.postback, path, sender, at);
  if (isJsonObject(item.delivery)) return mapDelivery(item.delivery, path, sender, at);
  if (isJsonObject(item.read)) return mapRead(item.read, path, sender, at);
  // reaction, referral, optin, message_edit, handover...: not used by the hub; Meta wants a 200.
  return { ignored: 'otherTypes' };
}

/**
 * Reads a Messenger webhook body (https://developers.facebook.com/docs/messenger-platform/webhook):
 * every `entry`, every `messaging` item. Entries of other Pages than `pageId` are ignored (one
 * integration is one Page); invalid items are skipped and listed in `skipped`, valid ones kept.
 *
 * @example
 * ```ts
 * mapMessengerWebhook(req.rawBody, { pageId: '104857600123456', now: ctx.clock.now() });
 * // { ok: true, events: [{ type: 'message', externalId: 'm_1', contact: { externalId: '6543...' }, text: 'Hi', ... }], skipped: [], ignored: {...} }
 * ```
 */
export function mapMessengerWebhook(
  rawBody: Buffer,
  opts: { pageId: string; now: Date },
): MessengerInboundMapping {
  // Instagram and other products share the webhook format; this connector reads Pages only.
  const product = {
    object: 'page',
    ignored: { echoes: 0, otherPages: 0, otherTypes: 0 },
    otherObject: 'otherTypes' as const,
  };
  return mapMetaWebhook<MessengerIgnored>(rawBody, product, (entry, at, record) => {
    if (storableId(entry.id) !== opts.pageId) return record({ ignored: 'otherPages' });
    // standby (handover) or changes: not conversations the hub owns
    if (entry.messaging === undefined) return record({ ignored: 'otherTypes' });
    if (!Array.isArray(entry.messaging)) return record({ problem: `${at}.messaging must be an array` });
    const entryTime = epochMs(entry.time);
    entry.messaging.forEach((item: unknown, j) =>
      record(mapItem(item, `${at}.messaging[${j}]`, entryTime, opts.now)),
    );
  });
}
