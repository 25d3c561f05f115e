import { ConnectorError, hmacSha256, timingSafeEqualString, type HttpReply } from '../sdk';

/** The header Meta signs webhooks with (lower-case, as the host hands headers to hooks). */
export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * The `X-Hub-Signature-256` value Meta sends for `rawBody`: `sha256=` and the lower-case hex
 * HMAC-SHA256 with the app secret. Meta signs the body exactly as sent, with non-ASCII characters
 * and `/ < % @` escaped (`\u00e4`, `\/`, `\u003C`), so only the raw bytes give the same value;
 * never re-serialise parsed JSON to check it.
 *
 * @example
 * ```ts
 * signMetaWebhook('app-secret', Buffer.from('{"object":"page","entry":[]}'));
 * // 'sha256=5c4f...'
 * ```
 */
export function signMetaWebhook(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${hmacSha256(appSecret, rawBody).toString('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256` over the raw bytes in constant time; throws `ConnectorError('auth')`
 * when it is missing or does not match. Meta signs no timestamp, so replays are stopped by the
 * hub's dedupe on message ids, not here.
 *
 * @example
 * ```ts
 * verifyMetaSignature(ctx.settings.appSecret, req.headers, req.rawBody);
 * ```
 */
export function verifyMetaSignature(
  appSecret: string,
  headers: Record<string, string | undefined>,
  rawBody: Buffer,
): void {
  const given = headers[META_SIGNATURE_HEADER];
  if (!given) throw new ConnectorError('auth', 'X-Hub-Signature-256 is missing');
  // Hex digits compare case-insensitively; Meta sends lower case.
  if (!timingSafeEqualString(given.trim().toLowerCase(), signMetaWebhook(appSecret, rawBody))) {
    throw new ConnectorError('auth', 'X-Hub-Signature-256 does not match the app secret');
  }
}

// Meta sends an integer; anything printable and short is echoed, nothing that could be markup.
const CHALLENGE_PATTERN = /^[A-Za-z0-9._~-]{1,256}$/;

/**
 * Answers Meta's subscription check (`GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`,
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started/): 200 with exactly
 * the challenge when the token matches (compared in constant time), 403 otherwise.
 *
 * @example
 * ```ts
 * answerMetaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'vt_1', 'hub.challenge': '1158201444' }, 'vt_1');
 * // { status: 200, body: '1158201444', contentType: 'text/plain' }
 * ```
 */
export function answerMetaHandshake(query: Record<string, string>, verifyToken: string): HttpReply {
  const challenge = query['hub.challenge'] ?? '';
  const tokenMatches = timingSafeEqualString(query['hub.verify_token'] ?? '', verifyToken);
  if (query['hub.mode'] !== 'subscribe' || !tokenMatches || !CHALLENGE_PATTERN.test(challenge)) {
    return { status: 403, body: 'Forbidden', contentType: 'text/plain' };
  }
  return { status: 200, body: challenge, contentType: 'text/plain' };
}
