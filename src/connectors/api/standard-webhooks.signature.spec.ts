import { isConnectorError } from '../sdk';
import {
  decodeWebhookSecret,
  signStandardWebhook,
  verifyStandardWebhook,
} from './standard-webhooks.signature';

// The test vector published with the Standard Webhooks reference libraries.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const VECTOR = {
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR_TIME = new Date(VECTOR.timestamp * 1000);

function verifyError(
  headers: Record<string, string | undefined>,
  opts: { now?: Date; body?: string; secret?: string } = {},
) {
  try {
    verifyStandardWebhook({
      secret: opts.secret ?? SECRET,
      headers,
      rawBody: Buffer.from(opts.body ?? VECTOR.body),
      now: opts.now ?? AT_VECTOR_TIME,
    });
    return undefined;
  } catch (e) {
    return isConnectorError(e) ? `${e.kind}: ${e.message}` : e;
  }
}

const good = {
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
};

describe('signStandardWebhook', () => {
  it('reproduces the reference test vector', () => {
    expect(
      signStandardWebhook({ secret: SECRET, id: VECTOR.id, timestamp: VECTOR.timestamp, body: VECTOR.body }),
    ).toEqual(good);
  });

  it('takes a Date, and a Buffer body, with the same result', () => {
    expect(
      signStandardWebhook({
        secret: SECRET,
        id: VECTOR.id,
        timestamp: new Date(VECTOR.timestamp * 1000 + 999),
        body: Buffer.from(VECTOR.body),
      }),
    ).toEqual(good);
  });

  it('accepts a secret without the whsec_ prefix', () => {
    expect(
      signStandardWebhook({
        secret: SECRET.slice(6),
        id: VECTOR.id,
        timestamp: VECTOR.timestamp,
        body: VECTOR.body,
      }),
    ).toEqual(good);
  });
});

describe('verifyStandardWebhook', () => {
  it.each<[string, Record<string, string | undefined>, { now?: Date; body?: string; secret?: string }]>([
    ['the vector', good, {}],
    ['4:59 late', good, { now: new Date(AT_VECTOR_TIME.getTime() + 299_000) }],
    ['4:59 early', good, { now: new Date(AT_VECTOR_TIME.getTime() - 299_000) }],
    ['a list with a wrong v1 first', { ...good, 'webhook-signature': `v1,AAAA ${VECTOR.signature}` }, {}],
    ['other versions ignored', { ...good, 'webhook-signature': `v1a,xyz ${VECTOR.signature}` }, {}],
  ])('accepts %s', (_label, headers, opts) => {
    expect(verifyError(headers, opts)).toBeUndefined();
  });

  it.each<
    [string, Record<string, string | undefined>, { now?: Date; body?: string; secret?: string }, RegExp]
  >([
    ['a changed body', good, { body: '{"test": 2432232315}' }, /^auth: No v1 entry/],
    ['a body with a trailing space', good, { body: `${VECTOR.body} ` }, /^auth: No v1 entry/],
    [
      'another secret',
      good,
      { secret: 'whsec_' + Buffer.alloc(24, 1).toString('base64') },
      /^auth: No v1 entry/,
    ],
    ['a changed id', { ...good, 'webhook-id': 'msg_other' }, {}, /^auth: No v1 entry/],
    [
      'only a non-v1 entry with the right value',
      { ...good, 'webhook-signature': VECTOR.signature.replace('v1,', 'v2,') },
      {},
      /^auth: No v1 entry/,
    ],
    ['a missing signature', { ...good, 'webhook-signature': undefined }, {}, /^auth: Request is missing/],
    ['a missing id', { ...good, 'webhook-id': undefined }, {}, /^auth: Request is missing/],
    [
      'a timestamp in milliseconds',
      { ...good, 'webhook-timestamp': `${VECTOR.timestamp}000x` },
      {},
      /^auth: webhook-timestamp must be a unix time/,
    ],
    [
      '5:01 late',
      good,
      { now: new Date(AT_VECTOR_TIME.getTime() + 301_000) },
      /^auth: webhook-timestamp is too old/,
    ],
    [
      '5:01 early',
      good,
      { now: new Date(AT_VECTOR_TIME.getTime() - 301_000) },
      /^auth: webhook-timestamp is in the future/,
    ],
    ['a malformed configured secret', good, { secret: 'whsec_***' }, /^config: signingSecret must be whsec_/],
  ])('rejects %s', (_label, headers, opts, expected) => {
    expect(verifyError(headers, opts)).toMatch(expected);
  });
});

describe('decodeWebhookSecret', () => {
  it('never quotes the secret when it is malformed', () => {
    expect(() => decodeWebhookSecret('whsec_not base64!')).toThrow(
      /^signingSecret must be whsec_ followed by a base64 key/,
    );
    expect(() => decodeWebhookSecret('whsec_not base64!')).not.toThrow(/not base64/);
  });
});
