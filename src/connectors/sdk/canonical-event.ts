/**
 * Who the event is about, as the platform knows them. `externalId` is the platform's stable id for
 * the person (a phone number, a PSID, your CRM's customer id); with the integration it forms the
 * contact identity the hub dedupes on.
 *
 * @example
 * ```ts
 * const contact: ContactRef = { externalId: 'cus_42', name: 'Ada Lovelace', email: 'ada@example.com' };
 * ```
 */
export interface ContactRef {
  externalId: string;
  name?: string;
  email?: string;
  phone?: string;
  avatarUrl?: string;
  locale?: string;
}

/**
 * A file attached to a message. `url` is where the hub can fetch it (inbound) or where the
 * provider can fetch it (outbound).
 *
 * Inbound files a provider keeps behind its own token (WhatsApp's media ids) are described by
 * `providerMediaId` instead of a `url`: the host stores the message at once, then downloads the
 * file in a `download-media` job through the connector's `fetchMedia` hook, keeps it in its file
 * storage and replaces the attachment with its own (agents get the hub's signed URL; the
 * provider's URL and token never leave the hub). The connector must declare the `attachments`
 * capability and implement `fetchMedia`.
 *
 * @example
 * ```ts
 * const photo: CanonicalAttachment = { kind: 'image', url: 'https://cdn.example.com/p.png', mimeType: 'image/png' };
 * // WhatsApp: { type: 'image', image: { id: '1013859600285441', mime_type: 'image/jpeg' } }
 * const media: CanonicalAttachment = { kind: 'image', providerMediaId: '1013859600285441', mimeType: 'image/jpeg' };
 * ```
 */
export interface CanonicalAttachment {
  kind: 'image' | 'video' | 'audio' | 'file';
  url?: string;
  /** The provider's id of a file the host downloads later with `fetchMedia` (inbound only). */
  providerMediaId?: string;
  mimeType?: string;
  name?: string;
  sizeBytes?: number;
}

/**
 * One answer of a form the contact filled in before the conversation (a widget's pre-chat survey,
 * a bot's questions). A consent answer keeps the exact wording the contact agreed to and when.
 *
 * @example
 * ```ts
 * const answers: PrechatAnswer[] = [
 *   { fieldId: 'topic', type: 'choice', label: 'Topic', value: 'Billing' },
 *   { fieldId: 'gdpr', type: 'consent', label: 'I agree to the privacy policy', value: true, answeredAt: '2024-06-01T12:00:00.000Z' },
 * ];
 * ```
 */
export interface PrechatAnswer {
  fieldId: string;
  type: 'name' | 'email' | 'text' | 'choice' | 'consent';
  label: string;
  value: string | boolean;
  answeredAt?: string;
}

/**
 * A message the contact wrote. `externalId` is the platform's message id: the hub's dedupe key, so
 * a redelivered webhook is stored once. `threadKey` splits one contact's traffic on one integration
 * into separate conversations; without it there is one conversation per contact.
 *
 * @example
 * ```ts
 * const event: CanonicalMessageEvent = {
 *   type: 'message',
 *   externalId: 'wamid.HBgL...',
 *   contact: { externalId: '15551234567', name: 'Ada' },
 *   text: 'Where is my order?',
 *   occurredAt: new Date('2024-06-01T12:00:00Z'),
 * };
 * ```
 */
export interface CanonicalMessageEvent {
  type: 'message';
  externalId: string;
  contact: ContactRef;
  threadKey?: string;
  text?: string;
  attachments?: CanonicalAttachment[];
  occurredAt: Date;
  replyToExternalId?: string;
  metadata?: Record<string, unknown>;
  /** Answers stored on the conversation this message opens (and on the contact); ignored otherwise. */
  prechat?: PrechatAnswer[];
}

/**
 * The platform's news about an outbound message, identified by the `providerMessageId` that
 * `send` returned.
 *
 * @example
 * ```ts
 * const event: CanonicalDeliveryStatusEvent = {
 *   type: 'delivery_status', externalMessageId: 'm_123', status: 'read', occurredAt: new Date(),
 * };
 * ```
 */
export interface CanonicalDeliveryStatusEvent {
  type: 'delivery_status';
  externalMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  reason?: string;
  occurredAt: Date;
}

/**
 * The platform's news that every outbound message of a contact sent up to a moment has been
 * delivered or read, without naming the messages (Messenger's `delivery.watermark` and
 * `read.watermark`). The host raises every outbound message already sent to this contact on
 * this integration (only those of `threadKey` when given) and created at or before `watermark`
 * to `status`; like `delivery_status`, it never moves a message backwards (a late `delivered`
 * does not undo `read`) and never touches a message still pending or failed.
 *
 * @example
 * ```ts
 * // Messenger: { sender: { id: '<PSID>' }, read: { watermark: 1717243200000 } }
 * const event: CanonicalDeliveryWatermarkEvent = {
 *   type: 'delivery_watermark',
 *   contact: { externalId: '6543210987654321' },
 *   status: 'read',
 *   watermark: new Date(1717243200000),
 *   occurredAt: new Date(1717243200000),
 * };
 * ```
 */
export interface CanonicalDeliveryWatermarkEvent {
  type: 'delivery_watermark';
  contact: ContactRef;
  threadKey?: string;
  status: 'delivered' | 'read';
  /** Every outbound message created at or before this time has reached `status`. */
  watermark: Date;
  occurredAt: Date;
}

/**
 * The contact started or stopped typing.
 *
 * @example
 * ```ts
 * const event: CanonicalTypingEvent = { type: 'typing', contact: { externalId: 'cus_42' }, state: 'on', occurredAt: new Date() };
 * ```
 */
export interface CanonicalTypingEvent {
  type: 'typing';
  contact: ContactRef;
  threadKey?: string;
  state: 'on' | 'off';
  occurredAt: Date;
}

/**
 * New profile facts about a contact (name, email...). Fields left out are unchanged.
 *
 * @example
 * ```ts
 * const event: CanonicalContactUpdateEvent = {
 *   type: 'contact_update', contact: { externalId: 'cus_42', email: 'ada@example.com' }, occurredAt: new Date(),
 * };
 * ```
 */
export interface CanonicalContactUpdateEvent {
  type: 'contact_update';
  contact: ContactRef;
  occurredAt: Date;
}

/**
 * What `parse` returns and sessions emit: the platform's events in the hub's one model,
 * discriminated by `type`.
 *
 * @example
 * ```ts
 * switch (event.type) {
 *   case 'message': ...; case 'delivery_status': ...; case 'delivery_watermark': ...;
 *   case 'typing': ...; case 'contact_update': ...;
 * }
 * ```
 */
export type CanonicalEvent =
  | CanonicalMessageEvent
  | CanonicalDeliveryStatusEvent
  | CanonicalDeliveryWatermarkEvent
  | CanonicalTypingEvent
  | CanonicalContactUpdateEvent;
