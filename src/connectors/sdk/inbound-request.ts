/**
 * A webhook request as the host received it on `/webhooks/:integrationId`. `rawBody` holds the
 * exact bytes: verify signatures over them, never over re-serialised JSON (Meta escapes
 * characters in its body, so `JSON.stringify(JSON.parse(body))` changes the bytes).
 *
 * @example
 * ```ts
 * const req: InboundRequest = {
 *   method: 'POST',
 *   path: '/webhooks/int_1',
 *   url: '/webhooks/int_1?source=crm',
 *   query: { source: 'crm' },
 *   headers: { 'content-type': 'application/json' },
 *   rawBody: Buffer.from('{"type":"message"}'),
 * };
 * ```
 */
export interface InboundRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Path plus query string, exactly as received. */
  url: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: Buffer;
}

/**
 * An answer a hook asks the host to send back to the provider.
 *
 * @example
 * ```ts
 * return { status: 200, body: req.query['hub.challenge'], contentType: 'text/plain' };
 * ```
 */
export interface HttpReply {
  status: number;
  body?: string;
  contentType?: string;
}
