import type { CanonicalAttachment, ContactRef } from './canonical-event';
import type { OutboundTemplate } from './message-template';

/**
 * An agent, bot or system reply the host asks a connector to deliver.
 *
 * `idempotencyKey` is stable across retries of the same message: pass it to providers that
 * support idempotency (a header, a client message id) so a retry after a timeout does not send
 * twice. `recipient.externalId` is the id the connector reported in the inbound events.
 *
 * @example
 * ```ts
 * const message: OutboundMessage = {
 *   idempotencyKey: 'msg_01HZX3',
 *   conversationId: 'conv_17',
 *   recipient: { externalId: 'cus_42' },
 *   text: 'Your order ships today.',
 *   author: { kind: 'agent', name: 'Grace' },
 *   createdAt: new Date('2024-06-01T12:00:05Z'),
 *   lastInboundAt: new Date('2024-06-01T11:58:40Z'),
 * };
 * ```
 */
export interface OutboundMessage {
  idempotencyKey: string;
  conversationId: string;
  threadKey?: string;
  recipient: ContactRef;
  text?: string;
  attachments?: CanonicalAttachment[];
  author: { kind: 'agent' | 'bot' | 'system'; name?: string };
  createdAt: Date;
  /**
   * When the contact last wrote to this integration (see `ReplyWindowFacts`), `null` when never;
   * left out by hosts and tests that do not compute it. A connector with a `replyWindow` hook
   * applies it to this at send time, to choose how to send (Messenger: `RESPONSE` or the
   * `HUMAN_AGENT` tag) or to refuse a reply that waited past the window.
   */
  lastInboundAt?: Date | null;
  /**
   * Set when an agent sent a pre-approved template (GraphQL `sendTemplate`) instead of free text:
   * the connector sends the template with these parameters (WhatsApp `type: "template"`), inside
   * or outside the reply window. `text` then holds the rendered body, for connectors and logs
   * that only show text.
   */
  template?: OutboundTemplate;
}

/**
 * The provider's id for the delivered message; later `delivery_status` events refer to it.
 *
 * @example
 * ```ts
 * return { providerMessageId: body.messages[0].id };
 * ```
 */
export interface SendResult {
  providerMessageId: string;
}
