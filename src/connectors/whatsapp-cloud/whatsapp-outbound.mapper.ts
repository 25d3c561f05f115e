import { splitText } from '../meta-graph';
import type { CanonicalAttachment, OutboundMessage } from '../sdk';

/** WhatsApp's text body limit (PLATFORMS.md §3). */
export const WHATSAPP_TEXT_LIMIT = 4096;
/** Media captions are limited to 1024 characters. */
export const WHATSAPP_CAPTION_LIMIT = 1024;

/** One `POST /{version}/{phone-number-id}/messages` body. */
export type WhatsappSendBody = {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** A phone number (`wa_id`); absent when only the customer's BSUID is known. */
  to?: string;
  /** A business-scoped user id, for customers who hide their number [3p: dualhook.com, BSUID API changes]. */
  recipient?: string;
  type: string;
} & Record<string, unknown>;

/** A BSUID: two-letter country, a dot, up to 128 alphanumerics (`US.13491208655302741918`). */
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/;

function envelope(
  recipient: string,
): Pick<WhatsappSendBody, 'messaging_product' | 'recipient_type' | 'to' | 'recipient'> {
  return BSUID.test(recipient)
    ? { messaging_product: 'whatsapp', recipient_type: 'individual', recipient }
    : { messaging_product: 'whatsapp', recipient_type: 'individual', to: recipient };
}

const MEDIA_TYPES: Record<CanonicalAttachment['kind'], 'image' | 'video' | 'audio' | 'document'> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'document',
};

/**
 * The requests of one reply, in order. A template (`message.template`) is one request of
 * `type: "template"` with its body parameters. Otherwise: the text (split at 4,096 characters),
 * then one request per attachment by `link` (the hub's signed URL, which Meta fetches; audio takes
 * no caption, documents keep their file name). Pure.
 *
 * @example
 * ```ts
 * whatsappSendBodies({ ...message, recipient: { externalId: '16505551234' }, text: 'Hi' });
 * // [{ messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234', type: 'text', text: { preview_url: false, body: 'Hi' } }]
 * ```
 */
export function whatsappSendBodies(message: OutboundMessage): WhatsappSendBody[] {
  const to = envelope(message.recipient.externalId);
  if (message.template) {
    const { name, language, parameters } = message.template;
    return [
      {
        ...to,
        type: 'template',
        template: {
          name,
          language: { code: language },
          ...(parameters.length > 0 && {
            components: [{ type: 'body', parameters: parameters.map((p) => ({ type: 'text', text: p })) }],
          }),
        },
      },
    ];
  }
  const texts = message.text ? splitText(message.text, WHATSAPP_TEXT_LIMIT) : [];
  const media = (message.attachments ?? [])
    .filter(
      (a): a is CanonicalAttachment & { url: string } =>
        typeof a.url === 'string' && /^https?:\/\//.test(a.url),
    )
    .map((a): WhatsappSendBody => {
      const type = MEDIA_TYPES[a.kind];
      return {
        ...to,
        type,
        [type]: { link: a.url, ...(type === 'document' && a.name ? { filename: a.name.slice(0, 240) } : {}) },
      };
    });
  return [
    ...texts.map((body): WhatsappSendBody => ({ ...to, type: 'text', text: { preview_url: false, body } })),
    ...media,
  ];
}
