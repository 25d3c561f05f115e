import { splitText } from '../meta-graph';
import type { CanonicalAttachment, OutboundMessage } from '../sdk';

/**
 * How a reply goes out: `RESPONSE` inside the 24-hour window, or tagged `HUMAN_AGENT` after it
 * (https://developers.facebook.com/docs/messenger-platform/send-messages/#messaging_types).
 */
export type MessengerSendMode = 'RESPONSE' | 'HUMAN_AGENT';

/** One Send API request body (`POST /{version}/me/messages`). */
export interface MessengerSendBody {
  recipient: { id: string };
  messaging_type: 'RESPONSE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
  message:
    | { text: string }
    | { attachment: { type: CanonicalAttachment['kind']; payload: { url: string; is_reusable: false } } };
}

/** Messenger's text limit per message [unverified in Meta's docs; widely quoted]. */
export const MESSENGER_TEXT_LIMIT = 2000;

/**
 * The Send API requests of one reply, in order: its text (split at Messenger's limit), then one
 * request per attachment (Messenger takes one attachment per message). Pure.
 *
 * @example
 * ```ts
 * messengerSendBodies({ ...message, text: 'Hi', attachments: [] }, 'RESPONSE');
 * // [{ recipient: { id: '<PSID>' }, messaging_type: 'RESPONSE', message: { text: 'Hi' } }]
 * ```
 */
export function messengerSendBodies(message: OutboundMessage, mode: MessengerSendMode): MessengerSendBody[] {
  const envelope =
    mode === 'HUMAN_AGENT'
      ? { messaging_type: 'MESSAGE_TAG' as const, tag: 'HUMAN_AGENT' as const }
      : { messaging_type: 'RESPONSE' as const };
  const recipient = { id: message.recipient.externalId };
  const texts = message.text ? splitText(message.text, MESSENGER_TEXT_LIMIT) : [];
  return [
    ...texts.map((text) => ({ recipient, ...envelope, message: { text } })),
    ...(message.attachments ?? [])
      .filter((a): a is CanonicalAttachment & { url: string } => typeof a.url === 'string' && a.url !== '')
      .map((a) => ({
        recipient,
        ...envelope,
        message: { attachment: { type: a.kind, payload: { url: a.url, is_reusable: false as const } } },
      })),
  ];
}
