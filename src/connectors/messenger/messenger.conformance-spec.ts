import { join } from 'node:path';
import {
  conformanceReply,
  fixtureCases,
  graphErrorReply,
  metaWebhookConformance,
  sharedGraphErrorCases,
} from '../meta-graph/testing';
import type { CanonicalEvent } from '../sdk';
import { runConformanceSuite } from '../sdk/testing';
import { messengerConnector } from '.';

const parses = fixtureCases(join(__dirname, 'fixtures'));

const PAGE_ID = '104857600123456';
const PSID = '6543210987654321';
const PAGE_TOKEN = 'EAAGconformancePageToken0123456789';
const VERIFY_TOKEN = 'vt_conformance_verify_token_0123';
const at = (ms: number) => new Date(ms);
const message = (
  externalId: string,
  ms: number,
  fields: Partial<Extract<CanonicalEvent, { type: 'message' }>>,
): CanonicalEvent => ({
  type: 'message',
  externalId,
  contact: { externalId: PSID },
  occurredAt: at(ms),
  ...fields,
});
const delivered = (mid: string, ms: number): CanonicalEvent => ({
  type: 'delivery_status',
  externalMessageId: mid,
  status: 'delivered',
  occurredAt: at(ms),
});
const watermark = (status: 'delivered' | 'read', watermarkMs: number, ms: number): CanonicalEvent => ({
  type: 'delivery_watermark',
  contact: { externalId: PSID },
  status,
  watermark: at(watermarkMs),
  occurredAt: at(ms),
});

runConformanceSuite(messengerConnector, {
  ...metaWebhookConformance(VERIFY_TOKEN),
  settings: (baseUrl) => ({
    pageId: PAGE_ID,
    pageAccessToken: PAGE_TOKEN,
    appSecret: 'conformance-app-secret-3f2b7c9e',
    verifyToken: VERIFY_TOKEN,
    graphBaseUrl: baseUrl,
  }),
  fixtures: [
    parses(
      'text message in Meta’s escaped form, replying to an earlier message',
      'text-message.json',
      message('m_AbCdEf0123456789', 1717243170000, {
        text: 'Grüße! Ist die Bestellung 4711/B unterwegs? <dringend> @Support äöå 100% 🚀',
        replyToExternalId: 'm_previous_reply_1',
      }),
    ),
    parses(
      'image, video, audio and file attachments; location and fallback shown as unsupported',
      'attachments.json',
      message('m_attachments_1', 1717243171000, {
        attachments: [
          { kind: 'image', url: 'https://scontent.xx.fbcdn.net/v/photo.jpg?oh=1' },
          { kind: 'video', url: 'https://video.xx.fbcdn.net/v/clip.mp4' },
          { kind: 'audio', url: 'https://cdn.fbsbx.com/v/voice.mp4' },
          { kind: 'file', url: 'https://cdn.fbsbx.com/v/invoice.pdf' },
        ],
      }),
      message('m_location_1', 1717243172000, {
        text: '[Unsupported attachment: location]\n[Unsupported attachment: fallback]',
        metadata: { unsupportedAttachments: ['location', 'fallback'] },
      }),
    ),
    parses(
      'quick reply keeps its payload',
      'quick-reply.json',
      message('m_quick_reply_1', 1717243173000, {
        text: 'Track my order',
        metadata: { quickReplyPayload: 'TRACK_ORDER' },
      }),
    ),
    parses(
      'postbacks: title as text, payload kept, a key made up for one without mid',
      'postbacks.json',
      message('m_postback_1', 1717243174000, {
        text: 'Talk to a person',
        metadata: { postbackPayload: 'HANDOVER_TO_AGENT' },
      }),
      message(`postback:${PSID}:1717243175000:GET_STARTED`, 1717243175000, {
        text: 'Get started',
        metadata: { postbackPayload: 'GET_STARTED' },
      }),
    ),
    parses('echo of our own send is ignored', 'echo.json'),
    parses(
      'delivery: each mid, and the watermark for everything before it',
      'delivery.json',
      delivered('m_our_reply_1', 1717243180000),
      delivered('m_our_reply_2', 1717243180000),
      watermark('delivered', 1717243178000, 1717243180000),
    ),
    parses('read watermark', 'read.json', watermark('read', 1717243185000, 1717243189000)),
    parses(
      'batch of entries keeps valid items, skips invalid ones, another Page and a reaction',
      'batch-mixed.json',
      message('m_batch_1', 1717243195000, { text: 'مرحبا، أين طلبي؟' }),
      message('m_batch_2', 1717243198000, {
        contact: { externalId: '7777777777777777' },
        text: 'Hi 👋🏽 zero\u200bwidth',
      }),
    ),
    parses('an Instagram body is acknowledged and ignored', 'instagram.json'),
  ],
  send: {
    message: conformanceReply(PSID),
    reply: { status: 200, body: { recipient_id: PSID, message_id: 'm_sent_reply_1' } },
    expectRequest: {
      method: 'POST',
      path: '/v21.0/me/messages',
      headers: { authorization: `Bearer ${PAGE_TOKEN}`, 'content-type': /application\/json/ },
      json: {
        recipient: { id: PSID },
        messaging_type: 'RESPONSE',
        message: { text: 'Your order ships today.' },
      },
    },
    expectedProviderMessageId: 'm_sent_reply_1',
  },
  errors: [
    ...sharedGraphErrorCases(PAGE_TOKEN),
    { name: 'code 190 (invalid token)', reply: graphErrorReply(401, 190, { subcode: 463 }), kind: 'auth' },
    { name: 'code 200 (permission)', reply: graphErrorReply(403, 200), kind: 'auth' },
    {
      name: 'code 10/2018278 (outside the window)',
      reply: graphErrorReply(400, 10, { subcode: 2018278 }),
      kind: 'permanent',
    },
    {
      name: 'code 551 (person unavailable)',
      reply: graphErrorReply(400, 551, { subcode: 1545041 }),
      kind: 'permanent',
    },
    { name: 'code 2 (temporary)', reply: graphErrorReply(503, 2), kind: 'transient' },
  ],
});
