import { join } from 'node:path';
import {
  conformanceReply,
  fixtureCases,
  graphErrorReply,
  metaWebhookConformance,
  sharedGraphErrorCases,
} from '../meta-graph/testing';
import type { CanonicalDeliveryStatusEvent, CanonicalEvent } from '../sdk';
import { runConformanceSuite } from '../sdk/testing';
import { whatsappCloudConnector } from '.';

const parses = fixtureCases(join(__dirname, 'fixtures'));

const PHONE_NUMBER_ID = '106540352242922';
const ACCESS_TOKEN = 'EAAGconformanceWhatsappToken0123456789';
const VERIFY_TOKEN = 'vt_conformance_verify_token_0123';
const at = (seconds: number) => new Date(seconds * 1000);
const ada = { externalId: '16505551234', name: 'Ada', phone: '+16505551234' };
const message = (
  externalId: string,
  seconds: number,
  fields: Partial<Extract<CanonicalEvent, { type: 'message' }>>,
): CanonicalEvent => ({ type: 'message', externalId, contact: ada, occurredAt: at(seconds), ...fields });
/** A message shown as text, with its WhatsApp `type` (and more) in metadata. */
const typed = (
  externalId: string,
  seconds: number,
  text: string,
  metadata: { type: string } & Record<string, unknown>,
) => message(externalId, seconds, { text, metadata });
const status = (
  wamid: string,
  seconds: number,
  value: CanonicalDeliveryStatusEvent['status'],
  reason?: string,
): CanonicalEvent => ({
  type: 'delivery_status',
  externalMessageId: wamid,
  status: value,
  ...(reason && { reason }),
  occurredAt: at(seconds),
});

runConformanceSuite(whatsappCloudConnector, {
  ...metaWebhookConformance(VERIFY_TOKEN),
  settings: (baseUrl) => ({
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '102290129340398',
    accessToken: ACCESS_TOKEN,
    appSecret: 'conformance-app-secret-3f2b7c9e',
    verifyToken: VERIFY_TOKEN,
    graphBaseUrl: baseUrl,
  }),
  fixtures: [
    parses(
      'text in Meta’s escaped form (Arabic, emoji, zero-width), replying to our message',
      'text-message.json',
      message('wamid.text_1', 1717243170, {
        contact: { ...ada, name: 'Ada Lovelace' },
        text: 'Grüße! Bestellung 4711/B <dringend> @Support 100% مرحبا 🚀 zero\u200bwidth',
        replyToExternalId: 'wamid.our_earlier_reply',
      }),
    ),
    parses(
      'two entries, three messages, two contacts joined by wa_id (not array position)',
      'batch-two-contacts.json',
      message('wamid.batch_a1', 1717243171, { text: 'Hello from Ada' }),
      message('wamid.batch_b1', 1717243172, {
        contact: { externalId: '4915112345678', name: 'Bob', phone: '+4915112345678' },
        text: 'Hallo von Bob',
      }),
      message('wamid.batch_a2', 1717243173, { text: 'Are you there?' }),
    ),
    parses(
      'image with caption, voice note, video, document and sticker as media for the hub to download',
      'media.json',
      message('wamid.image_1', 1717243174, {
        text: 'The broken part',
        attachments: [{ kind: 'image', providerMediaId: '1013859600285441', mimeType: 'image/jpeg' }],
        metadata: { type: 'image' },
      }),
      message('wamid.voice_1', 1717243175, {
        attachments: [
          { kind: 'audio', providerMediaId: '1013859600285442', mimeType: 'audio/ogg; codecs=opus' },
        ],
        metadata: { type: 'audio', voice: true },
      }),
      message('wamid.video_1', 1717243176, {
        attachments: [{ kind: 'video', providerMediaId: '1013859600285443', mimeType: 'video/mp4' }],
        metadata: { type: 'video' },
      }),
      message('wamid.document_1', 1717243177, {
        attachments: [
          {
            kind: 'file',
            providerMediaId: '1013859600285444',
            mimeType: 'application/pdf',
            name: 'invoice-4711.pdf',
          },
        ],
        metadata: { type: 'document' },
      }),
      message('wamid.sticker_1', 1717243178, {
        attachments: [{ kind: 'image', providerMediaId: '1013859600285445', mimeType: 'image/webp' }],
        metadata: { type: 'sticker', sticker: true },
      }),
    ),
    parses(
      'locations as text with a maps link, a shared contact card as text',
      'location-and-contacts.json',
      typed(
        'wamid.location_1',
        1717243179,
        '📍 Location: Fernsehturm, Panoramastraße 1A, Berlin (52.520008,13.404954)\nhttps://www.google.com/maps/search/?api=1&query=52.520008,13.404954',
        { type: 'location' },
      ),
      typed(
        'wamid.location_2',
        1717243180,
        '📍 Location (-33.8568,151.2153)\nhttps://www.google.com/maps/search/?api=1&query=-33.8568,151.2153',
        { type: 'location' },
      ),
      typed(
        'wamid.contacts_1',
        1717243181,
        'Shared contact:\n👤 Grace Hopper · +1 555 0100 · grace@example.com',
        {
          type: 'contacts',
        },
      ),
    ),
    parses(
      'interactive button and list replies, a template quick-reply button',
      'interactive-and-buttons.json',
      message('wamid.button_reply_1', 1717243182, {
        text: 'Track my order',
        replyToExternalId: 'wamid.our_buttons',
        metadata: { type: 'interactive', interactiveType: 'button_reply', replyId: 'track-order' },
      }),
      message('wamid.list_reply_1', 1717243183, {
        text: 'Tuesday 10:00\nBerlin office',
        replyToExternalId: 'wamid.our_list',
        metadata: { type: 'interactive', interactiveType: 'list_reply', replyId: 'slot-2' },
      }),
      message('wamid.template_button_1', 1717243184, {
        text: 'Stop promotions',
        replyToExternalId: 'wamid.our_template',
        metadata: { type: 'button', buttonPayload: 'STOP_PROMOTIONS' },
      }),
    ),
    parses(
      'a reaction and its removal, stored as messages',
      'reactions.json',
      typed('wamid.reaction_1', 1717243185, 'Reacted 👍 to a message', {
        type: 'reaction',
        reaction: '👍',
        reactedTo: 'wamid.our_reply_1',
      }),
      typed('wamid.reaction_2', 1717243186, 'Removed a reaction', {
        type: 'reaction',
        reaction: '',
        reactedTo: 'wamid.our_reply_1',
      }),
    ),
    parses(
      'unsupported (with its errors), an unknown type and a system message shown as unsupported',
      'unsupported-and-unknown.json',
      typed('wamid.unsupported_1', 1717243187, '[Unsupported message: unsupported (Message type unknown)]', {
        type: 'unsupported',
        errors: [{ code: 131051, title: 'Message type unknown' }],
      }),
      typed('wamid.hologram_1', 1717243188, '[Unsupported message: hologram]', { type: 'hologram' }),
      typed('wamid.system_1', 1717243189, '[Unsupported message: system]', { type: 'system' }),
    ),
    parses(
      'statuses sent, delivered, read, failed with plain words; an unknown status ignored',
      'statuses.json',
      status('wamid.our_reply_1', 1717243190, 'sent'),
      status('wamid.our_reply_1', 1717243191, 'delivered'),
      status('wamid.our_reply_1', 1717243192, 'read'),
      status(
        'wamid.our_reply_2',
        1717243193,
        'failed',
        "WhatsApp refused the message: more than 24 hours since the customer's last message. Send an approved template instead. (131047)",
      ),
      status(
        'wamid.our_reply_3',
        1717243194,
        'failed',
        'WhatsApp could not deliver the message: Something new: A reason Meta added later. (131999)',
      ),
    ),
    parses(
      'a customer with a username and no phone number is known by the BSUID in contacts[].user_id',
      'bsuid-no-phone.json',
      {
        type: 'message',
        externalId: 'wamid.bsuid_1',
        contact: { externalId: 'US.13491208655302741918', name: 'Nightowl' },
        text: 'Hi, I hide my number',
        occurredAt: at(1717243196),
      },
    ),
    parses(
      'a partly invalid batch keeps its valid items; other numbers and fields are ignored',
      'batch-mixed.json',
      message('wamid.mixed_ok', 1717243198, { text: 'I am valid' }),
    ),
    parses('another product’s body is acknowledged and ignored', 'other-product.json'),
  ],
  send: {
    message: conformanceReply('16505551234'),
    reply: {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: '16505551234', wa_id: '16505551234' }],
        messages: [{ id: 'wamid.sent_reply_1' }],
      },
    },
    expectRequest: {
      method: 'POST',
      path: `/v21.0/${PHONE_NUMBER_ID}/messages`,
      headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': /application\/json/ },
      json: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '16505551234',
        type: 'text',
        text: { preview_url: false, body: 'Your order ships today.' },
      },
    },
    expectedProviderMessageId: 'wamid.sent_reply_1',
  },
  errors: [
    ...sharedGraphErrorCases(ACCESS_TOKEN),
    { name: 'code 130429 (throughput)', reply: graphErrorReply(400, 130429), kind: 'rate_limited' },
    { name: 'code 131056 (pair rate limit)', reply: graphErrorReply(400, 131056), kind: 'rate_limited' },
    { name: 'code 131047 (re-engagement window)', reply: graphErrorReply(400, 131047), kind: 'permanent' },
    { name: 'code 131051 (unsupported type)', reply: graphErrorReply(400, 131051), kind: 'permanent' },
    { name: 'code 470 (old re-engagement code)', reply: graphErrorReply(400, 470), kind: 'permanent' },
    { name: 'code 190 (invalid token)', reply: graphErrorReply(401, 190), kind: 'auth' },
    { name: 'code 131000 (something went wrong)', reply: graphErrorReply(500, 131000), kind: 'transient' },
  ],
});
