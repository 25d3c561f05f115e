import { splitText } from '../meta-graph';
import type { OutboundMessage } from '../sdk';
import { MESSENGER_TEXT_LIMIT, messengerSendBodies } from './messenger-outbound.mapper';

const message: OutboundMessage = {
  idempotencyKey: 'msg_1',
  conversationId: 'conv_1',
  recipient: { externalId: 'psid-1' },
  text: 'Hello',
  attachments: [{ kind: 'image', url: 'https://hub.example/files/a.png' }],
  author: { kind: 'agent' },
  createdAt: new Date(),
};

describe('messengerSendBodies', () => {
  it('sends text, then each attachment, as RESPONSE', () => {
    expect(messengerSendBodies(message, 'RESPONSE')).toEqual([
      { recipient: { id: 'psid-1' }, messaging_type: 'RESPONSE', message: { text: 'Hello' } },
      {
        recipient: { id: 'psid-1' },
        messaging_type: 'RESPONSE',
        message: {
          attachment: {
            type: 'image',
            payload: { url: 'https://hub.example/files/a.png', is_reusable: false },
          },
        },
      },
    ]);
  });

  it('tags every part HUMAN_AGENT outside the standard window', () => {
    for (const body of messengerSendBodies(message, 'HUMAN_AGENT')) {
      expect(body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    }
  });
});

describe('splitText', () => {
  it.each<[string, string, number[]]>([
    ['short text', 'hi', [2]],
    ['a long word', 'a'.repeat(2500), [2000, 500]],
    ['at a space', `${'a'.repeat(1500)} ${'b'.repeat(1000)}`, [1500, 1000]],
    ['emoji never cut', '😀'.repeat(2001), [2000, 1]],
  ])('%s', (_name, text, lengths) => {
    expect(splitText(text, MESSENGER_TEXT_LIMIT).map((p) => Array.from(p).length)).toEqual(lengths);
  });
});
