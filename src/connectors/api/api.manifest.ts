import type { ConnectorManifest } from '../sdk';

/**
 * The reference connector: the business's own system posts events to the hub and receives agent
 * replies on its callback URL, both signed with Standard Webhooks (like Chatwoot's API inbox).
 */
export const apiManifest: ConnectorManifest = {
  id: 'api',
  version: '1.0.0',
  displayName: 'API',
  description: 'Connect your own system over signed JSON webhooks, both ways.',
  capabilities: { inbound: true, outbound: true, typing: true, deliveryStatus: true },
  allowedHosts: ['${settings.callbackUrl}'],
};
