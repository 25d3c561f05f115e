import type { CanonicalEvent } from '../canonical-event';
import type { ConnectorErrorKind } from '../connector-error';
import type { HttpReply } from '../inbound-request';
import type { OutboundMessage } from '../outbound-message';
import type { ScriptedReply } from './fake-provider-server';

/**
 * A webhook request the kit builds for a check. `method` defaults to POST (GET for handshake
 * cases), `path` to `/webhooks/<integrationId>`; an object body is sent as compact JSON and a
 * string body byte for byte. `content-type: application/json` is added unless you set one.
 *
 * @example
 * ```ts
 * const request: ConformanceRequest = { body: readFileSync(join(__dirname, 'fixtures/message.json'), 'utf8') };
 * ```
 */
export interface ConformanceRequest {
  method?: 'GET' | 'POST';
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | object;
}

/**
 * A recorded provider payload and the canonical events `parse` must turn it into, exactly. The kit
 * signs the request with `sign`, so `verify` must accept it too.
 *
 * @example
 * ```ts
 * const fixture: ConformanceFixture = {
 *   name: 'text message',
 *   request: { body: { type: 'message', id: 'm1', contact: { id: 'c1' }, text: 'Hi' } },
 *   expected: [{ type: 'message', externalId: 'm1', contact: { externalId: 'c1' }, text: 'Hi', occurredAt: NOW }],
 * };
 * ```
 */
export interface ConformanceFixture {
  name: string;
  request: ConformanceRequest;
  expected: CanonicalEvent[];
}

/**
 * A GET challenge and the reply `handshake` must give (`body` and `contentType` are compared only
 * when given).
 *
 * @example
 * ```ts
 * const wrongToken: ConformanceHandshakeCase = {
 *   name: 'wrong verify token',
 *   request: { query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '42' } },
 *   expected: { status: 403 },
 * };
 * ```
 */
export interface ConformanceHandshakeCase {
  name: string;
  request: ConformanceRequest;
  expected: HttpReply;
}

/**
 * One outbound message, the provider's scripted answer, the request the connector must make and
 * the id it must return. Header values and `json` leaves may be RegExps; `json` is a deep partial
 * match (keys you leave out are not checked, arrays must match in length).
 *
 * @example
 * ```ts
 * const send: ConformanceSendCase = {
 *   message,
 *   reply: { status: 200, body: { id: 'prov_1' } },
 *   expectRequest: { method: 'POST', path: '/hook', headers: { 'content-type': /json/ }, json: { text: 'Hello' } },
 *   expectedProviderMessageId: 'prov_1',
 * };
 * ```
 */
export interface ConformanceSendCase {
  message: OutboundMessage;
  reply: ScriptedReply;
  /**
   * The one request `send` must make, or `null` for a channel the hub delivers over its own
   * transport (the website widget): then `send` must make no request at all, and the error and
   * network checks do not apply.
   */
  expectRequest: {
    method: string;
    path: string;
    headers?: Record<string, string | RegExp>;
    json?: unknown;
  } | null;
  expectedProviderMessageId: string;
}

/**
 * A provider error reply and the error kind (and `retryAfterMs`) `send` must turn it into.
 *
 * @example
 * ```ts
 * const rateLimited: ConformanceErrorCase = { reply: { status: 429, headers: { 'retry-after': '7' } }, kind: 'rate_limited', retryAfterMs: 7000 };
 * ```
 */
export interface ConformanceErrorCase {
  /** Shown in the test name; defaults to the status. */
  name?: string;
  reply: ScriptedReply;
  kind: ConnectorErrorKind;
  retryAfterMs?: number;
}

/**
 * What {@link runConformanceSuite} needs to exercise a connector. Inbound connectors give `sign`,
 * `secretField` and `fixtures`; outbound connectors give `send` and `errors`; handshake connectors
 * give `handshake`. The first check fails when a declared capability has no cases.
 *
 * @example
 * ```ts
 * runConformanceSuite(acmeConnector, {
 *   settings: (baseUrl) => ({ apiBaseUrl: baseUrl, webhookSecret: 'test-secret-123' }),
 *   secretField: 'webhookSecret',
 *   sign: (rawBody, { secret, timestamp }) => {
 *     const ts = String(Math.floor(timestamp.getTime() / 1000));
 *     return { 'x-acme-timestamp': ts, 'x-acme-signature': hmacSha256(secret, `${ts}.${rawBody}`).toString('hex') };
 *   },
 *   fixtures: [textMessageFixture],
 *   send: sendCase,
 *   errors: [{ reply: { status: 503 }, kind: 'transient' }],
 * });
 * ```
 */
export interface ConformanceOptions {
  /** Valid settings input, secrets included, pointing the connector at the kit's fake provider server. */
  settings(fakeServerBaseUrl: string): Record<string, unknown>;
  /** The secret setting that signs webhooks. */
  secretField?: string;
  /** Returns the headers a genuine provider would send for `rawBody`. */
  sign?(rawBody: Buffer, opts: { secret: string; timestamp: Date; url: string }): Record<string, string>;
  /** False for platforms that sign no timestamp; drops the stale and future timestamp checks. Default true. */
  supportsTimestamp?: boolean;
  /** A well-formed secret other than the configured one; by default generated from the schema or altered. */
  wrongSecret?: string;
  fixtures?: ConformanceFixture[];
  handshake?: ConformanceHandshakeCase[];
  send?: ConformanceSendCase;
  errors?: ConformanceErrorCase[];
  /** The suite's fixed time; default 2024-06-01T12:00:00.000Z. */
  now?: Date;
  integrationId?: string;
}
