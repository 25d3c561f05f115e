import type {
  CanonicalAttachment,
  CanonicalDeliveryStatusEvent,
  CanonicalMessageEvent,
  ContactRef,
} from '../sdk';
import type { WaAck, WaLocation, WaMedia, WaMessage } from './whatsapp-web-client.port';

/** What the admin chose to receive besides one-to-one chats. */
export interface InboundFilter {
  includeGroups: boolean;
  includeStatusBroadcasts: boolean;
}

export type IgnoreReason = 'from-me' | 'group' | 'status' | 'not-a-message';

export type InboundMapping =
  { kind: 'event'; event: CanonicalMessageEvent } | { kind: 'ignored'; reason: IgnoreReason };

const STATUS_BROADCAST = 'status@broadcast';

/** Types whose file `downloadMedia()` fetches, with the canonical attachment kind. */
const MEDIA_KINDS: Record<string, CanonicalAttachment['kind']> = {
  image: 'image',
  sticker: 'image',
  video: 'video',
  audio: 'audio',
  ptt: 'audio',
  document: 'file',
};

/**
 * Protocol chatter rather than something a person wrote: encryption notices, group changes,
 * deletions ("This message was deleted"), reactions, missed calls, and `ciphertext` (WhatsApp Web
 * has not decrypted it yet; the phone resends it and the library emits the message again).
 */
const NOT_MESSAGES = new Set([
  'e2e_notification',
  'notification',
  'notification_template',
  'gp2',
  'protocol',
  'ciphertext',
  'revoked',
  'reaction',
  'call_log',
  'broadcast_notification',
]);

/** Whether `message` is worth downloading media for: a media type that is not ignored anyway. */
export function needsMediaDownload(message: WaMessage, filter: InboundFilter): boolean {
  return message.hasMedia && message.type in MEDIA_KINDS && ignoreReason(message, filter) === undefined;
}

export function isGroupChat(chatId: string): boolean {
  return chatId.endsWith('@g.us');
}

function ignoreReason(message: WaMessage, filter: InboundFilter): IgnoreReason | undefined {
  // Our own sends come back through message_create; replies typed on the phone too (see README).
  if (message.fromMe || message.id.fromMe) return 'from-me';
  if (message.from === STATUS_BROADCAST || message.isStatus)
    return filter.includeStatusBroadcasts ? undefined : 'status';
  if (isGroupChat(message.from)) return filter.includeGroups ? undefined : 'group';
  if (NOT_MESSAGES.has(message.type)) return 'not-a-message';
  return undefined;
}

/** `4915112345678@c.us` is a phone number; `…@lid` is a privacy id that is not one. */
function phoneOf(chatId: string): string | undefined {
  const match = /^(\d{6,15})@c\.us$/.exec(chatId);
  return match ? `+${match[1]}` : undefined;
}

function contactOf(message: WaMessage): { contact: ContactRef; threadKey?: string } {
  const name = message._data?.notifyName?.trim() || undefined;
  if (message.from === STATUS_BROADCAST || message.isStatus) {
    // A status update is the poster's; it gets its own conversation beside their chat.
    const poster = message.author ?? message.from;
    return { contact: { externalId: poster, name, phone: phoneOf(poster) }, threadKey: 'status' };
  }
  // A group is one conversation with the group: replies go to the group, the sender is metadata.
  if (isGroupChat(message.from)) return { contact: { externalId: message.from } };
  return { contact: { externalId: message.from, name, phone: phoneOf(message.from) } };
}

function coordinate(value: number | string): string {
  return String(Number(value));
}

/** A location as text a person can open: its name, address and a map link. */
export function locationText(location: WaLocation): string {
  const lat = coordinate(location.latitude);
  const lng = coordinate(location.longitude);
  const lines = [location.name, location.address].filter((l): l is string => !!l?.trim());
  lines.push(`https://maps.google.com/?q=${lat},${lng}`);
  return `📍 ${lines.join('\n')}`;
}

function unfoldVcard(vcard: string): string[] {
  // RFC 6350 §3.2: a line starting with a space or tab continues the previous one.
  return vcard.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
}

/** A shared contact card as text: "Contact: Ada Lovelace, +44 20 7946 0000". */
export function vcardText(vcard: string): string {
  let name = '';
  const phones: string[] = [];
  for (const line of unfoldVcard(vcard)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).split(';')[0].toUpperCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'FN' && value) name = value;
    else if (key.endsWith('TEL') && value) phones.push(value);
  }
  return `Contact: ${[name || 'unnamed', ...phones].join(', ')}`;
}

function mediaAttachment(message: WaMessage, media: WaMedia | undefined): CanonicalAttachment {
  const kind = MEDIA_KINDS[message.type];
  if (!media) return { kind };
  const mimeType = media.mimetype.split(';')[0].trim();
  return {
    kind,
    // The host stores inline files with its file storage and keeps only the file id.
    url: `data:${mimeType};base64,${media.data}`,
    mimeType,
    ...(media.filename ? { name: media.filename } : {}),
    sizeBytes: media.filesize ?? Buffer.byteLength(media.data, 'base64'),
  };
}

function textOf(message: WaMessage, hadMedia: boolean): string | undefined {
  switch (message.type) {
    case 'chat':
      return message.body;
    case 'location':
      return message.location ? locationText(message.location) : message.body || undefined;
    case 'vcard':
    case 'multi_vcard':
      return (message.vCards ?? []).map(vcardText).join('\n') || undefined;
    default:
      if (message.type in MEDIA_KINDS) {
        const caption = message.body || undefined;
        return hadMedia
          ? caption
          : [caption, '(The file could not be downloaded from WhatsApp.)'].filter(Boolean).join('\n');
      }
      // Unknown types are shown as such rather than dropped.
      return message.body || `(A WhatsApp ${message.type} message, which the hub cannot show.)`;
  }
}

/**
 * One whatsapp-web.js message (the `message` event) as a canonical message, or why it is left
 * out. `media` is what `downloadMedia()` returned for a media message (undefined when it failed
 * or was not asked for). The WhatsApp id `_serialized` is the external id, so a message the library
 * emits again after a reconnect is stored once.
 */
export function mapWhatsappWebMessage(
  message: WaMessage,
  filter: InboundFilter,
  media?: WaMedia,
): InboundMapping {
  const reason = ignoreReason(message, filter);
  if (reason) return { kind: 'ignored', reason };
  const { contact, threadKey } = contactOf(message);
  const isMedia = message.type in MEDIA_KINDS;
  const text = textOf(message, media !== undefined);
  const metadata: Record<string, unknown> = { whatsappType: message.type };
  if (isGroupChat(message.from) && message.author) {
    metadata.author = message.author;
    if (message._data?.notifyName) metadata.authorName = message._data.notifyName;
  }
  if (message.type === 'location' && message.location) {
    metadata.location = {
      latitude: Number(message.location.latitude),
      longitude: Number(message.location.longitude),
    };
  }
  const event: CanonicalMessageEvent = {
    type: 'message',
    externalId: message.id._serialized,
    contact,
    ...(threadKey ? { threadKey } : {}),
    ...(text ? { text } : {}),
    ...(isMedia ? { attachments: [mediaAttachment(message, media)] } : {}),
    occurredAt: new Date(message.timestamp * 1000),
    metadata,
  };
  return { kind: 'event', event };
}

/**
 * A `message_ack` of one of our messages as a delivery status; null for acks that say nothing new
 * (0, pending) and for other people's messages. 4 (played, voice notes) counts as read.
 */
export function mapWhatsappWebAck(
  message: WaMessage,
  ack: WaAck,
  occurredAt: Date,
): CanonicalDeliveryStatusEvent | null {
  if (!message.id.fromMe) return null;
  const status = ACK_STATUS[ack];
  if (!status) return null;
  return {
    type: 'delivery_status',
    externalMessageId: message.id._serialized,
    status,
    ...(status === 'failed' ? { reason: 'WhatsApp reported an error for this message.' } : {}),
    occurredAt,
  };
}

const ACK_STATUS: Record<number, CanonicalDeliveryStatusEvent['status'] | undefined> = {
  [-1]: 'failed',
  0: undefined,
  1: 'sent',
  2: 'delivered',
  3: 'read',
  4: 'read',
};
