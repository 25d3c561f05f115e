import type { ConnectorManifest } from '../sdk';

/**
 * Facebook Messenger through one Page: webhooks from Meta's Messenger Platform in, replies out
 * through the Graph Send API. The only host it talks to is the configured Graph base URL.
 */
export const messengerManifest: ConnectorManifest = {
  id: 'messenger',
  version: '1.0.0',
  displayName: 'Facebook Messenger',
  description: "Chat with customers who message your Facebook Page, through Meta's Messenger Platform.",
  capabilities: {
    inbound: true,
    outbound: true,
    handshake: true,
    deliveryStatus: true,
    attachments: true,
  },
  allowedHosts: ['${settings.graphBaseUrl}'],
};
