import type { ConnectorManifest } from '../sdk';

/**
 * WhatsApp Business Cloud API for one business phone number: Meta's webhooks in, the Graph
 * `/{phone-number-id}/messages` endpoint out. It talks to the configured Graph base URL and to
 * `lookaside.fbsbx.com`, where Meta's media download URLs point.
 */
export const whatsappCloudManifest: ConnectorManifest = {
  id: 'whatsapp-cloud',
  version: '1.0.0',
  displayName: 'WhatsApp (Cloud API)',
  description:
    "Chat with customers on WhatsApp through Meta's official WhatsApp Business Cloud API, with templates outside the 24-hour window.",
  capabilities: {
    inbound: true,
    outbound: true,
    handshake: true,
    deliveryStatus: true,
    attachments: true,
  },
  allowedHosts: ['${settings.graphBaseUrl}', 'lookaside.fbsbx.com'],
};
