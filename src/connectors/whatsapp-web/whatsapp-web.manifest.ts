import type { ConnectorManifest } from '../sdk';

/**
 * WhatsApp through WhatsApp Web, driven by whatsapp-web.js in a system Chromium: one linked phone
 * per integration, a long-lived session in a worker, no webhooks and no HTTP requests of its own.
 * It automates WhatsApp Web, which WhatsApp's terms do not allow (see README.md).
 */
export const whatsappWebManifest: ConnectorManifest = {
  id: 'whatsapp-web',
  version: '1.0.0',
  displayName: 'WhatsApp Web (unofficial)',
  description:
    "Links a WhatsApp phone by QR code and chats through WhatsApp Web. Unofficial: WhatsApp's terms do not allow automated clients, and the number can be banned.",
  capabilities: {
    inbound: false,
    outbound: true,
    sessions: true,
    deliveryStatus: true,
    attachments: true,
  },
  allowedHosts: [],
};
