import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalEvent, OutboundMessage } from '../../sdk';
import {
  CONFORMANCE_NOW,
  type ConformanceErrorCase,
  type ConformanceFixture,
  type ConformanceHandshakeCase,
  type ConformanceOptions,
} from '../../sdk/testing';
import { signMetaWebhook } from '../meta-signature';

/**
 * The headers Meta sends with a webhook: `X-Hub-Signature-256` over the raw bytes, no timestamp.
 *
 * @example
 * ```ts
 * runConformanceSuite(messengerConnector, { ...options, sign: signLikeMeta, supportsTimestamp: false });
 * ```
 */
export const signLikeMeta: NonNullable<ConformanceOptions['sign']> = (rawBody, { secret }) => ({
  'x-hub-signature-256': signMetaWebhook(secret, rawBody),
});

/**
 * A Graph error reply as Meta sends it.
 *
 * @example
 * ```ts
 * graphErrorReply(400, 10, { subcode: 2018278 });
 * // { status: 400, body: { error: { message: 'Graph error', type: 'OAuthException', code: 10, error_subcode: 2018278, fbtrace_id: 'AbCdEf' } } }
 * ```
 */
export function graphErrorReply(
  status: number,
  code: number,
  opts: { subcode?: number; message?: string } = {},
) {
  const { subcode, message = 'Graph error' } = opts;
  return {
    status,
    body: { error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AbCdEf' } },
  };
}

/** Meta's GET subscription check: the configured token, a wrong one, another mode, a challenge that is markup. */
export function metaHandshakeCases(verifyToken: string): ConformanceHandshakeCase[] {
  const check = (mode: string, token: string, challenge: string) => ({
    query: { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge },
  });
  return [
    {
      name: 'the configured verify token',
      request: check('subscribe', verifyToken, '1158201444'),
      expected: { status: 200, body: '1158201444', contentType: 'text/plain' },
    },
    {
      name: 'a wrong verify token',
      request: check('subscribe', 'vt_guess', '1158201444'),
      expected: { status: 403 },
    },
    {
      name: 'another mode',
      request: check('unsubscribe', verifyToken, '1158201444'),
      expected: { status: 403 },
    },
    {
      name: 'a challenge that is markup',
      request: check('subscribe', verifyToken, '<script>'),
      expected: { status: 403 },
    },
  ];
}

/**
 * The Graph errors both products answer alike: app and business rate limits, a bare 429 with
 * Retry-After, a generic 500, and a permanent error whose message echoes the access token (which
 * must not reach logs or agents).
 */
export function sharedGraphErrorCases(accessToken: string): ConformanceErrorCase[] {
  return [
    { name: 'code 613 (calls per hour)', reply: graphErrorReply(400, 613), kind: 'rate_limited' },
    { name: 'code 4 (application limit)', reply: graphErrorReply(400, 4), kind: 'rate_limited' },
    { name: 'code 80007 (business rate limit)', reply: graphErrorReply(400, 80007), kind: 'rate_limited' },
    {
      name: '429 with Retry-After',
      reply: { status: 429, headers: { 'retry-after': '7' } },
      kind: 'rate_limited',
      retryAfterMs: 7000,
    },
    { name: 'generic 500', reply: { status: 500, body: 'boom' }, kind: 'transient' },
    {
      name: 'code 100 echoing the token',
      reply: graphErrorReply(400, 100, { message: `Invalid parameter near ${accessToken}` }),
      kind: 'permanent',
    },
  ];
}

/** The agent reply the conformance suites send, an hour after the customer last wrote. */
export function conformanceReply(recipientId: string): OutboundMessage {
  return {
    idempotencyKey: 'msg_01HZX3',
    conversationId: 'conv_17',
    recipient: { externalId: recipientId },
    text: 'Your order ships today.',
    author: { kind: 'agent', name: 'Grace' },
    createdAt: CONFORMANCE_NOW,
    lastInboundAt: new Date(CONFORMANCE_NOW.getTime() - 3600_000),
  };
}

/**
 * A builder of conformance fixtures that read a webhook body from `dir`: the case's name, the
 * file, then the events the body must map to (none for a body that is acknowledged and ignored).
 *
 * @example
 * ```ts
 * const parses = fixtureCases(join(__dirname, 'fixtures'));
 * parses('an echo of our own send is ignored', 'echo.json');
 * ```
 */
export function fixtureCases(dir: string) {
  return (name: string, file: string, ...expected: CanonicalEvent[]): ConformanceFixture => ({
    name,
    request: { body: readFileSync(join(dir, file), 'utf8') },
    expected,
  });
}

/**
 * What every Meta connector's conformance suite shares: `appSecret` signs, Meta's signature
 * header and no timestamp (replays are stopped by the hub's dedupe on message ids), and Meta's
 * GET subscription check.
 */
export function metaWebhookConformance(
  verifyToken: string,
): Pick<ConformanceOptions, 'secretField' | 'supportsTimestamp' | 'sign' | 'handshake'> {
  return {
    secretField: 'appSecret',
    supportsTimestamp: false,
    sign: signLikeMeta,
    handshake: metaHandshakeCases(verifyToken),
  };
}
