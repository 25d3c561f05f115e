import { runConformanceSuite } from '../sdk/testing';
import { widgetConnector } from '.';

// Deterministic so failures are reproducible; a real integration gets a generated one.
const IDENTITY_SECRET = '5f0c9a7e3b1d2c4f6a8e0b2d4c6f8a1e3b5d7f9a0c2e4b6d8f1a3c5e7b9d0f2a';

// The widget is hub-delivered: the reply is already stored and the hub's own transport pushes it
// to the visitor, so `send` makes no request (expectRequest: null), and provider error replies and
// network failures cannot happen (the kit skips those checks). Inbound does not go through
// webhooks, so there is nothing to sign and no fixture to parse.
runConformanceSuite(widgetConnector, {
  settings: () => ({ allowedOrigins: 'https://shop.example.com', identitySecret: IDENTITY_SECRET }),
  send: {
    message: {
      idempotencyKey: 'msg_01HZX3',
      conversationId: 'conv_17',
      recipient: { externalId: 'v_0b6f2c1e-8d3a-4f5b-9c7e-1a2b3c4d5e6f', name: 'Ada' },
      text: 'Your order ships today.',
      attachments: [{ kind: 'file', url: 'https://hub.example.com/files/f1?exp=1&sig=x', name: 'label.pdf' }],
      author: { kind: 'agent', name: 'Grace' },
      createdAt: new Date('2024-06-01T12:00:05Z'),
    },
    reply: { status: 200 },
    expectRequest: null,
    expectedProviderMessageId: 'widget_msg_01HZX3',
  },
});
