import { ConnectorError, hmacSha256, timingSafeEqualString } from '../sdk';

/** How far `webhook-timestamp` may be from now, either way (the spec's recommended 5 minutes). */
export const STANDARD_WEBHOOKS_TOLERANCE_SECONDS = 5 * 60;

/** The three headers of a Standard Webhooks request. */
export type StandardWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The HMAC key of a `whsec_<base64>` secret (the prefix is optional, as in the reference libraries).
 * Throws `ConnectorError('config')` for a malformed secret, without quoting it.
 *
 * @example
 * ```ts
 * decodeWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').length; // 24
 * ```
 */
export function decodeWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = BASE64_PATTERN.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length === 0) {
    throw new ConnectorError(
      'config',
      'signingSecret must be whsec_ followed by a base64 key; regenerate it',
    );
  }
  return key;
}

function toUnixSeconds(timestamp: Date | number): number {
  return typeof timestamp === 'number' ? Math.floor(timestamp) : Math.floor(timestamp.getTime() / 1000);
}

// The spec signs "{id}.{timestamp}.{body}" over the raw body bytes.
function signature(key: Buffer, id: string, timestamp: string, body: Buffer): string {
  return hmacSha256(key, Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body])).toString(
    'base64',
  );
}

/**
 * Signs a body per the Standard Webhooks spec (https://www.standardwebhooks.com) and returns the
 * headers to send with it. Used for outbound replies, and by tests, benchmarks and docs to build
 * inbound requests.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ type: 'message', id: 'm1', contact: { id: 'c1' }, text: 'Hi' });
 * const headers = signStandardWebhook({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'evt_1', timestamp: new Date(), body });
 * // { 'webhook-id': 'evt_1', 'webhook-timestamp': '1717243200', 'webhook-signature': 'v1,K5oZfz...' }
 * ```
 */
export function signStandardWebhook(input: {
  secret: string;
  id: string;
  timestamp: Date | number;
  body: string | Buffer;
}): StandardWebhookHeaders {
  const timestamp = String(toUnixSeconds(input.timestamp));
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature(decodeWebhookSecret(input.secret), input.id, timestamp, body)}`,
  };
}

/**
 * Checks a Standard Webhooks request: all three headers present, the timestamp within the
 * tolerance of `now` (both ways, against replays), and at least one `v1,` entry of the
 * space-separated signature list matching; other versions are ignored. Throws
 * `ConnectorError('auth')` naming what failed, or `('config')` for a malformed secret.
 *
 * @example
 * ```ts
 * verifyStandardWebhook({ secret: ctx.settings.signingSecret, headers: req.headers, rawBody: req.rawBody, now: ctx.clock.now() });
 * ```
 */
export function verifyStandardWebhook(input: {
  secret: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  now: Date;
  toleranceSeconds?: number;
}): void {
  const id = input.headers['webhook-id'];
  const timestamp = input.headers['webhook-timestamp'];
  const signatures = input.headers['webhook-signature'];
  if (!id || !timestamp || !signatures) {
    throw new ConnectorError('auth', 'Request is missing webhook-id, webhook-timestamp or webhook-signature');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new ConnectorError('auth', 'webhook-timestamp must be a unix time in seconds');
  }
  const tolerance = input.toleranceSeconds ?? STANDARD_WEBHOOKS_TOLERANCE_SECONDS;
  const skew = toUnixSeconds(input.now) - Number(timestamp);
  if (skew > tolerance)
    throw new ConnectorError('auth', 'webhook-timestamp is too old; send requests promptly');
  if (skew < -tolerance) {
    throw new ConnectorError('auth', 'webhook-timestamp is in the future; check the sender clock');
  }
  const expected = signature(decodeWebhookSecret(input.secret), id, timestamp, input.rawBody);
  const matches = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => timingSafeEqualString(entry.slice(3), expected));
  if (!matches) {
    throw new ConnectorError('auth', 'No v1 entry of webhook-signature matches the signing secret');
  }
}
