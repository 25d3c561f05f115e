import type { OutboundMessage } from '../sdk';
import { mapApiOutboundMessage, providerMessageIdFromReply } from './api-outbound.mapper';

const base: OutboundMessage = {
  idempotencyKey: 'msg_1',
  conversationId: 'conv_1',
  recipient: { externalId: 'cus_42', name: 'Ada' },
  author: { kind: 'bot' },
  createdAt: new Date('2024-06-01T12:00:05Z'),
};

describe('mapApiOutboundMessage', () => {
  it.each<[string, Partial<OutboundMessage>, object]>([
    [
      'a bare bot message with nulls for absent values',
      {},
      { thread: null, text: null, attachments: [], author: { kind: 'bot', name: null } },
    ],
    [
      'a threaded agent reply with an attachment',
      {
        threadKey: 'order-1',
        text: 'Here you go',
        author: { kind: 'agent', name: 'Grace' },
        attachments: [
          { kind: 'image', url: 'https://cdn.example.com/a.png', mimeType: 'image/png', sizeBytes: 10 },
        ],
      },
      {
        thread: 'order-1',
        text: 'Here you go',
        author: { kind: 'agent', name: 'Grace' },
        attachments: [
          {
            kind: 'image',
            url: 'https://cdn.example.com/a.png',
            mimeType: 'image/png',
            name: null,
            sizeBytes: 10,
          },
        ],
      },
    ],
  ])('maps %s', (_label, change, expected) => {
    expect(mapApiOutboundMessage({ ...base, ...change })).toEqual({
      type: 'message.created',
      id: 'msg_1',
      conversationId: 'conv_1',
      contact: { id: 'cus_42' },
      createdAt: '2024-06-01T12:00:05.000Z',
      ...expected,
    });
  });
});

describe('providerMessageIdFromReply', () => {
  it.each([
    ['{"id":"crm_1"}', 'crm_1'],
    ['{"id":991}', '991'],
    ['{"id":""}', 'fallback'],
    ['{"id":null}', 'fallback'],
    ['{"messageId":"x"}', 'fallback'],
    ['[]', 'fallback'],
    ['OK', 'fallback'],
    ['', 'fallback'],
  ])('reads %j as %s', (body, expected) => {
    expect(providerMessageIdFromReply(Buffer.from(body), 'fallback')).toBe(expected);
  });
});
