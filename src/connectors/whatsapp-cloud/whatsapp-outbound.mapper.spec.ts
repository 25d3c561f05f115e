import { splitText } from '../meta-graph';
import type { OutboundMessage } from '../sdk';
import { whatsappSendBodies, WHATSAPP_TEXT_LIMIT } from './whatsapp-outbound.mapper';

const base: OutboundMessage = {
  idempotencyKey: 'msg_1',
  conversationId: 'conv_1',
  recipient: { externalId: '16505551234' },
  author: { kind: 'agent' },
  createdAt: new Date('2024-06-10T12:00:00Z'),
};
const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234' };

describe('whatsappSendBodies', () => {
  it.each<[string, Partial<OutboundMessage>, object[]]>([
    ['text', { text: 'Hi' }, [{ ...to, type: 'text', text: { preview_url: false, body: 'Hi' } }]],
    [
      'a template with parameters (text ignored)',
      { text: 'Hi Ada', template: { name: 'order_update', language: 'en_US', parameters: ['Ada', '#1'] } },
      [
        {
          ...to,
          type: 'template',
          template: {
            name: 'order_update',
            language: { code: 'en_US' },
            components: [
              {
                type: 'body',
                parameters: [
                  { type: 'text', text: 'Ada' },
                  { type: 'text', text: '#1' },
                ],
              },
            ],
          },
        },
      ],
    ],
    [
      'a template without parameters',
      { template: { name: 'welcome_back', language: 'de', parameters: [] } },
      [{ ...to, type: 'template', template: { name: 'welcome_back', language: { code: 'de' } } }],
    ],
    [
      'text then each attachment by link',
      {
        text: 'See attached',
        attachments: [
          { kind: 'image', url: 'https://hub.example/files/1?sig=a' },
          { kind: 'file', url: 'https://hub.example/files/2?sig=b', name: 'invoice.pdf' },
          { kind: 'audio', url: 'https://hub.example/files/3?sig=c' },
          { kind: 'video' },
        ],
      },
      [
        { ...to, type: 'text', text: { preview_url: false, body: 'See attached' } },
        { ...to, type: 'image', image: { link: 'https://hub.example/files/1?sig=a' } },
        {
          ...to,
          type: 'document',
          document: { link: 'https://hub.example/files/2?sig=b', filename: 'invoice.pdf' },
        },
        { ...to, type: 'audio', audio: { link: 'https://hub.example/files/3?sig=c' } },
      ],
    ],
    [
      'a customer known only by BSUID, addressed with recipient',
      { recipient: { externalId: 'US.13491208655302741918' }, text: 'Hi' },
      [
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          recipient: 'US.13491208655302741918',
          type: 'text',
          text: { preview_url: false, body: 'Hi' },
        },
      ],
    ],
    ['nothing to send', { text: '' }, []],
  ])('%s', (_name, extra, expected) => {
    expect(whatsappSendBodies({ ...base, ...extra })).toEqual(expected);
  });

  it('splits text over 4096 characters without cutting an emoji', () => {
    const text = `${'a'.repeat(WHATSAPP_TEXT_LIMIT - 1)}👋${'b'.repeat(10)}`;
    const parts = splitText(text, WHATSAPP_TEXT_LIMIT);
    expect(parts).toHaveLength(2);
    expect(parts[0].endsWith('👋')).toBe(true);
    expect(parts.join('')).toBe(text);
  });
});
