import { fixedClock } from '../sdk/testing';
import { graphErrorFromResponse, graphExcerpt, readGraphError, type GraphPolicyReasons } from './graph-error';

const clock = fixedClock(new Date('2024-06-10T12:00:00Z'));
const TOKEN = 'EAAGsecretToken0123456789';

function reply(status: number, error?: object, headers: Record<string, string> = {}) {
  const text = error === undefined ? 'boom' : JSON.stringify({ error });
  return { status, headers, text: () => text };
}

const reasons: GraphPolicyReasons = (code) => (code === 131047 ? 'Window closed.' : undefined);

describe('graphErrorFromResponse', () => {
  it.each<[string, ReturnType<typeof reply>, string, string]>([
    ['613 calls per hour', reply(400, { code: 613 }), 'rate_limited', '613'],
    ['4 application limit', reply(400, { code: 4 }), 'rate_limited', '4'],
    ['80007 WhatsApp business limit', reply(400, { code: 80007 }), 'rate_limited', '80007'],
    ['130429 throughput', reply(400, { code: 130429 }), 'rate_limited', '130429'],
    ['131056 pair limit', reply(400, { code: 131056 }), 'rate_limited', '131056'],
    ['a bare 429', reply(429), 'rate_limited', '429'],
    ['a policy code', reply(400, { code: 131047 }), 'permanent', '131047'],
    ['190 invalid token', reply(401, { code: 190, error_subcode: 463 }), 'auth', '190/463'],
    ['a permission code', reply(403, { code: 200 }), 'auth', '200'],
    ['a bare 403', reply(403, { code: 10 }), 'auth', '10'],
    ['2 temporary', reply(500, { code: 2 }), 'transient', '2'],
    ['131000 something went wrong', reply(400, { code: 131000 }), 'transient', '131000'],
    ['131016 service unavailable', reply(400, { code: 131016 }), 'transient', '131016'],
    ['a generic 500 without JSON', reply(500), 'transient', '500'],
    ['100 invalid parameter', reply(400, { code: 100 }), 'permanent', '100'],
  ])('%s → %s (%s)', (_name, res, kind, providerCode) => {
    const error = graphErrorFromResponse(res, clock, [TOKEN], { policyReasons: reasons });
    expect({ kind: error.kind, providerCode: error.providerCode }).toEqual({ kind, providerCode });
  });

  it('uses the policy reason as the message', () => {
    expect(
      graphErrorFromResponse(reply(400, { code: 131047 }), clock, [], { policyReasons: reasons }).message,
    ).toBe('Window closed.');
  });

  it('takes Retry-After for rate limits', () => {
    const error = graphErrorFromResponse(reply(400, { code: 613 }, { 'retry-after': '7' }), clock, []);
    expect(error.retryAfterMs).toBe(7000);
  });

  it('prefers WhatsApp error_data.details and never repeats a secret', () => {
    const error = graphErrorFromResponse(
      reply(400, {
        code: 131009,
        message: 'Parameter value is not valid',
        error_data: { details: `bad ${TOKEN}` },
      }),
      clock,
      [TOKEN],
    );
    expect(error.message).toContain('bad [redacted]');
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('readGraphError and graphExcerpt', () => {
  it.each<[string, string, object]>([
    ['a Graph error', '{"error":{"code":4}}', { code: 4 }],
    ['not JSON', '<html>', {}],
    ['JSON without error', '{"ok":true}', {}],
    ['an error that is a string', '{"error":"x"}', {}],
  ])('reads %s', (_name, text, expected) => {
    expect(readGraphError({ text: () => text })).toEqual(expected);
  });

  it('keeps one line and caps the length', () => {
    expect(graphExcerpt('a\nb\u0000c', [])).toBe('a b c');
    expect(graphExcerpt('x'.repeat(300), [])).toHaveLength(201);
  });
});
