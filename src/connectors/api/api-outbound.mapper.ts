import type { CanonicalAttachment, OutboundMessage } from '../sdk';

/**
 * The JSON the api connector posts to the callback URL for an agent, bot or system reply.
 * Absent optional values are `null` (and `attachments` is `[]`), so receivers see a fixed shape.
 *
 * @example
 * ```json
 * { "type": "message.created", "id": "msg_01HZX3", "conversationId": "conv_17", "thread": null,
 *   "contact": { "id": "cus_42" }, "text": "Your order ships today.", "attachments": [],
 *   "author": { "kind": "agent", "name": "Grace" }, "createdAt": "2024-06-01T12:00:05.000Z" }
 * ```
 */
export interface ApiMessageCreatedPayload {
  type: 'message.created';
  /** The hub's idempotency key: the same on every retry of this reply, and the `webhook-id`. */
  id: string;
  conversationId: string;
  thread: string | null;
  contact: { id: string };
  text: string | null;
  attachments: Array<{
    kind: CanonicalAttachment['kind'];
    url: string | null;
    mimeType: string | null;
    name: string | null;
    sizeBytes: number | null;
  }>;
  author: { kind: OutboundMessage['author']['kind']; name: string | null };
  createdAt: string;
}

/**
 * Maps an outbound message to the `message.created` payload.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(mapApiOutboundMessage(message));
 * ```
 */
export function mapApiOutboundMessage(message: OutboundMessage): ApiMessageCreatedPayload {
  return {
    type: 'message.created',
    id: message.idempotencyKey,
    conversationId: message.conversationId,
    thread: message.threadKey ?? null,
    contact: { id: message.recipient.externalId },
    text: message.text ?? null,
    attachments: (message.attachments ?? []).map((a) => ({
      kind: a.kind,
      url: a.url ?? null,
      mimeType: a.mimeType ?? null,
      name: a.name ?? null,
      sizeBytes: a.sizeBytes ?? null,
    })),
    author: { kind: message.author.kind, name: message.author.name ?? null },
    createdAt: message.createdAt.toISOString(),
  };
}

/**
 * The receiver's id for the message from a 2xx reply body `{ "id": "..." }`, or `fallback` (the
 * idempotency key) when the body is empty, not JSON or has no usable id.
 *
 * @example
 * ```ts
 * providerMessageIdFromReply(Buffer.from('{"id":"crm_991"}'), 'msg_1'); // 'crm_991'
 * providerMessageIdFromReply(Buffer.from('OK'), 'msg_1'); // 'msg_1'
 * ```
 */
export function providerMessageIdFromReply(body: Buffer, fallback: string): string {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
    if (typeof id === 'string' && id.trim() !== '') return id;
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  } catch {
    // Not JSON: the receiver accepted the message without naming it.
  }
  return fallback;
}
