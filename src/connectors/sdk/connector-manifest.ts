/**
 * What a connector can do. The host only calls hooks whose capability is declared, and
 * `defineConnector` insists that each declared capability has its hooks (and the reverse).
 *
 * - `inbound`: receives webhooks (needs `verify` and `parse`).
 * - `outbound`: sends agent replies (needs `send`).
 * - `handshake`: answers a GET challenge on the webhook URL, like Meta's `hub.challenge` (needs `handshake`).
 * - `sessions`: keeps a long-lived connection in a worker (needs `startSession` and `stopSession`).
 * - `typing`, `deliveryStatus`, `attachments`: informational, shown in the admin UI and used to
 *   decide whether the console offers the feature.
 *
 * @example
 * ```ts
 * const capabilities: ConnectorCapabilities = { inbound: true, outbound: true, deliveryStatus: true };
 * ```
 */
export interface ConnectorCapabilities {
  inbound: boolean;
  outbound: boolean;
  handshake?: boolean;
  sessions?: boolean;
  typing?: boolean;
  deliveryStatus?: boolean;
  attachments?: boolean;
}

/**
 * The connector's identity card, read at boot (Airbyte's `metadata.yaml` plays the same part).
 *
 * - `id`: stable, kebab-case (`/^[a-z][a-z0-9-]{1,40}$/`); stored on every integration, never renamed.
 * - `version`: semver `x.y.z`.
 * - `allowedHosts`: the only hosts `ctx.http` may reach. Each entry is a hostname with an optional
 *   port (`graph.facebook.com`, `127.0.0.1:8080`), a wildcard (`*.slack.com`, subdomains only), or
 *   `'${settings.<field>}'` for the host of a url-typed setting the admin fills in.
 *
 * @example
 * ```ts
 * const manifest: ConnectorManifest = {
 *   id: 'acme-sms',
 *   version: '1.0.0',
 *   displayName: 'Acme SMS',
 *   capabilities: { inbound: true, outbound: true },
 *   allowedHosts: ['api.acme-sms.com', '${settings.regionEndpoint}'],
 * };
 * ```
 */
export interface ConnectorManifest {
  id: string;
  version: string;
  displayName: string;
  description?: string;
  capabilities: ConnectorCapabilities;
  allowedHosts: string[];
}
