import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_NOW, runConformanceSuite } from '../sdk/testing';
import { apiConnector, signStandardWebhook } from '.';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

// Deterministic so failures are reproducible; a real integration gets a generated one.
const SIGNING_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

runConformanceSuite(apiConnector, {
  settings: (baseUrl) => ({ callbackUrl: `${baseUrl}/switchboard/replies`, signingSecret: SIGNING_SECRET }),
  secretField: 'signingSecret',
  sign: (rawBody, { secret, timestamp }) =>
    signStandardWebhook({ secret, id: 'evt_conformance_1', timestamp, body: rawBody }),
  fixtures: [
    {
      name: 'single message with contact details, thread and metadata',
      request: { body: fixture('message.json') },
      expected: [
        {
          type: 'message',
          externalId: 'crm-msg-1001',
          contact: {
            externalId: 'cus_42',
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            phone: '+15551234567',
          },
          threadKey: 'order-7731',
          text: 'Hi! Where is my order? Ünïcödé ✓',
          occurredAt: new Date('2024-06-01T11:59:30Z'),
          replyToExternalId: 'crm-msg-0999',
          metadata: { orderId: '7731' },
        },
      ],
    },
    {
      name: 'attachment-only message without sentAt gets the clock time',
      request: { body: fixture('message-with-attachment-no-time.json') },
      expected: [
        {
          type: 'message',
          externalId: 'crm-msg-1002',
          contact: { externalId: 'cus_42' },
          attachments: [
            {
              kind: 'image',
              url: 'https://files.example.com/receipt.png',
              mimeType: 'image/png',
              name: 'receipt.png',
              sizeBytes: 48213,
            },
          ],
          occurredAt: CONFORMANCE_NOW,
        },
      ],
    },
    {
      name: 'batch keeps valid items, skips the invalid one and ignores an unknown type',
      request: { body: fixture('batch-mixed.json') },
      expected: [
        {
          type: 'typing',
          contact: { externalId: 'cus_42' },
          threadKey: 'order-7731',
          state: 'on',
          occurredAt: new Date('2024-06-01T11:59:50Z'),
        },
        {
          type: 'message',
          externalId: 'crm-msg-1003',
          contact: { externalId: 'cus_42' },
          text: 'Any news?',
          occurredAt: new Date('2024-06-01T09:59:55Z'),
        },
        {
          type: 'contact_update',
          contact: { externalId: 'cus_42', name: 'Ada King', locale: 'en-GB' },
          occurredAt: new Date('2024-06-01T11:58:00Z'),
        },
        {
          type: 'delivery_status',
          externalMessageId: 'crm_reply_991',
          status: 'read',
          occurredAt: new Date('2024-06-01T11:59:58Z'),
        },
        {
          type: 'delivery_status',
          externalMessageId: 'crm_reply_992',
          status: 'failed',
          reason: 'Customer blocked SMS',
          occurredAt: CONFORMANCE_NOW,
        },
      ],
    },
    {
      name: 'unknown event type is acknowledged and ignored',
      request: { body: fixture('unknown-type.json') },
      expected: [],
    },
  ],
  send: {
    message: {
      idempotencyKey: 'msg_01HZX3',
      conversationId: 'conv_17',
      threadKey: 'order-7731',
      recipient: { externalId: 'cus_42', name: 'Ada Lovelace' },
      text: 'Your order ships today.',
      attachments: [{ kind: 'file', url: 'https://files.example.com/label.pdf', name: 'label.pdf' }],
      author: { kind: 'agent', name: 'Grace' },
      createdAt: new Date('2024-06-01T12:00:05Z'),
    },
    reply: { status: 201, body: { id: 'crm_reply_991' } },
    expectRequest: {
      method: 'POST',
      path: '/switchboard/replies',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_01HZX3',
        'webhook-timestamp': String(CONFORMANCE_NOW.getTime() / 1000),
        'webhook-signature': /^v1,[A-Za-z0-9+/]+=*$/,
      },
      json: {
        type: 'message.created',
        id: 'msg_01HZX3',
        conversationId: 'conv_17',
        thread: 'order-7731',
        contact: { id: 'cus_42' },
        text: 'Your order ships today.',
        attachments: [
          {
            kind: 'file',
            url: 'https://files.example.com/label.pdf',
            mimeType: null,
            name: 'label.pdf',
            sizeBytes: null,
          },
        ],
        author: { kind: 'agent', name: 'Grace' },
        createdAt: '2024-06-01T12:00:05.000Z',
      },
    },
    expectedProviderMessageId: 'crm_reply_991',
  },
  errors: [
    {
      name: '429 with Retry-After seconds',
      reply: { status: 429, headers: { 'retry-after': '7' } },
      kind: 'rate_limited',
      retryAfterMs: 7000,
    },
    { reply: { status: 401 }, kind: 'auth' },
    { reply: { status: 403, body: 'forbidden' }, kind: 'auth' },
    { reply: { status: 408 }, kind: 'transient' },
    { reply: { status: 425 }, kind: 'transient' },
    { reply: { status: 500, body: 'boom' }, kind: 'transient' },
    { reply: { status: 503 }, kind: 'transient' },
    {
      name: '422 echoing the secret',
      reply: { status: 422, body: { error: 'unknown contact', got: SIGNING_SECRET } },
      kind: 'permanent',
    },
    { reply: { status: 404, body: 'Not Found' }, kind: 'permanent' },
    {
      name: '301 redirect',
      reply: { status: 301, headers: { location: 'https://elsewhere.example.com/' } },
      kind: 'permanent',
    },
  ],
});
