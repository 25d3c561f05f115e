import { isConnectorError } from '../sdk';
import { answerMetaHandshake, signMetaWebhook, verifyMetaSignature } from './meta-signature';

const SECRET = 'app-secret-0123456789';
// Exactly as Meta sends it: non-ASCII and / < @ % escaped.
const ESCAPED = Buffer.from('{"text":"\\u00e4 4711\\/B \\u003Cb\\u003E \\u0040x 5\\u0025"}', 'utf8');

function rejection(headers: Record<string, string>, body: Buffer): unknown {
  try {
    verifyMetaSignature(SECRET, headers, body);
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('Meta webhook signature', () => {
  it('verifies the escaped raw bytes', () => {
    const header = signMetaWebhook(SECRET, ESCAPED);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(rejection({ 'x-hub-signature-256': header }, ESCAPED)).toBeUndefined();
  });

  it('accepts upper-case hex digits', () => {
    const header = signMetaWebhook(SECRET, ESCAPED).replace(/[0-9a-f]{64}$/, (h) => h.toUpperCase());
    expect(rejection({ 'x-hub-signature-256': header }, ESCAPED)).toBeUndefined();
  });

  it.each<[string, Record<string, string>, Buffer]>([
    [
      'a signature of the re-serialised JSON',
      { 'x-hub-signature-256': signMetaWebhook(SECRET, JSON.stringify(JSON.parse(ESCAPED.toString()))) },
      ESCAPED,
    ],
    ['another app secret', { 'x-hub-signature-256': signMetaWebhook('other-secret-0123', ESCAPED) }, ESCAPED],
    ['no header', {}, ESCAPED],
    ['a sha1 header only', { 'x-hub-signature': 'sha1=0000' }, ESCAPED],
  ])('rejects %s with kind auth', (_name, headers, body) => {
    const error = rejection(headers, body);
    expect(isConnectorError(error) && error.kind).toBe('auth');
  });
});

describe('answerMetaHandshake', () => {
  const query = (mode: string, token: string, challenge: string) => ({
    'hub.mode': mode,
    'hub.verify_token': token,
    'hub.challenge': challenge,
  });

  it.each<[string, Record<string, string>, number]>([
    ['the right token', query('subscribe', 'vt_1234567', '1158201444'), 200],
    ['a wrong token', query('subscribe', 'vt_guess', '1158201444'), 403],
    ['another mode', query('unsubscribe', 'vt_1234567', '1158201444'), 403],
    ['a challenge that is markup', query('subscribe', 'vt_1234567', '<script>'), 403],
    ['nothing', {}, 403],
  ])('answers %s with %d', (_name, q, status) => {
    expect(answerMetaHandshake(q, 'vt_1234567')).toEqual({
      status,
      body: status === 200 ? q['hub.challenge'] : 'Forbidden',
      contentType: 'text/plain',
    });
  });
});
