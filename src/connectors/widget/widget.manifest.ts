import type { ConnectorManifest } from '../sdk';

/** The website chat widget: the hub itself is the platform, so the connector calls no host. */
export const widgetManifest: ConnectorManifest = {
  id: 'widget',
  version: '1.0.0',
  displayName: 'Website chat widget',
  description:
    'A chat launcher and panel on your website, added with one script tag. Visitors write over a websocket to the hub; agent replies are pushed back in real time.',
  capabilities: { inbound: false, outbound: true, typing: true, deliveryStatus: true, attachments: true },
  allowedHosts: [],
};
