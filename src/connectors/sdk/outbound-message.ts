import type { CanonicalAttachment, ContactRef } from './canonical-event';

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
