import { apiErrorFromResponse, apiErrorKindForStatus, replyExcerpt } from './api.errors';

const clock = { now: () => new Date('2024-06-01T12:00:00Z') };
const reply = (status: number, text = '', headers: Record<string, string> = {}) => ({
  status,
  headers,
  text: () => text,
});

describe('apiErrorKindForStatus', () => {
  it.each([
    [429, 'rate_limited'],
    [401, 'auth'],
    [403, 'auth'],
    [408, 'transient'],
    [425, 'transient'],
    [500, 'transient'],
    [502, 'transient'],
    [599, 'transient'],
    [400, 'permanent'],
    [404, 'permanent'],
    [409, 'permanent'],
    [422, 'permanent'],
    [301, 'permanent'],
  ])('maps %i to %s', (status, kind) => {
    expect(apiErrorKindForStatus(status)).toBe(kind);
  });
});

describe('apiErrorFromResponse', () => {
  it.each([
    [reply(429, '', { 'retry-after': '12' }), { kind: 'rate_limited', retryAfterMs: 12_000 }],
    [
      reply(429, '', { 'retry-after': 'Sat, 01 Jun 2024 12:01:00 GMT' }),
      { kind: 'rate_limited', retryAfterMs: 60_000 },
    ],
    [reply(429), { kind: 'rate_limited', retryAfterMs: undefined }],
    [
      reply(401),
      { kind: 'auth', message: expect.stringMatching(/answered 401: check that it verifies signatures/) },
    ],
    [
      reply(503, '<html>down</html>'),
      { kind: 'transient', message: 'Callback URL answered 503; the reply will be retried' },
    ],
    [
      reply(422, '{"error":\n  "unknown contact"}'),
      { kind: 'permanent', message: 'Callback URL answered 422: {"error": "unknown contact"}' },
    ],
    [reply(404), { kind: 'permanent', message: 'Callback URL answered 404: (empty body)' }],
    [
      reply(302),
      { kind: 'permanent', message: expect.stringMatching(/a redirect\); set callbackUrl to the final URL/) },
    ],
  ])('turns %j into %j', (res, expected) => {
    expect(apiErrorFromResponse(res, clock, ['whsec_x'])).toMatchObject({
      ...expected,
      providerCode: String(res.status),
    });
  });

  it('masks a secret the receiver echoed back', () => {
    const error = apiErrorFromResponse(reply(400, 'bad secret whsec_abc123 given'), clock, ['whsec_abc123']);
    expect(error.message).toBe('Callback URL answered 400: bad secret [redacted] given');
  });
});

describe('replyExcerpt', () => {
  it.each([
    ['a\u0000b\tc\r\nd', 'a b c d'],
    ['   ', '(empty body)'],
    ['x'.repeat(250), `${'x'.repeat(200)}…`],
  ])('shortens %j to %j', (text, expected) => {
    expect(replyExcerpt(text, [])).toBe(expected);
  });
});
