import { fixedClock } from '../sdk/testing';
import { failedStatusReason, whatsappErrorFromResponse } from './whatsapp.errors';

const clock = fixedClock(new Date('2024-06-10T12:00:00Z'));
const reply = (code: number, status = 400) => ({
  status,
  headers: {},
  text: () =>
    JSON.stringify({ error: { code, message: `(#${code}) message`, error_data: { details: 'details' } } }),
});

describe('whatsappErrorFromResponse', () => {
  it.each<[number, string, RegExp]>([
    [130429, 'rate_limited', /rate limit/],
    [131056, 'rate_limited', /rate limit/],
    [80007, 'rate_limited', /rate limit/],
    [4, 'rate_limited', /rate limit/],
    [613, 'rate_limited', /rate limit/],
    [131047, 'permanent', /24 hours.*template/],
    [470, 'permanent', /24 hours.*template/],
    [131051, 'permanent', /does not support this message type/],
    [132001, 'permanent', /template does not exist/],
    [131026, 'permanent', /could not deliver/],
    [190, 'auth', /access token/],
    [131000, 'transient', /temporary/],
    [100, 'permanent', /details/],
  ])('code %d → %s', (code, kind, message) => {
    const error = whatsappErrorFromResponse(reply(code), clock, []);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });
});

describe('failedStatusReason', () => {
  it.each<[string, unknown, string]>([
    [
      'a known code in plain words',
      [{ code: 131047, title: 'Re-engagement message' }],
      "WhatsApp refused the message: more than 24 hours since the customer's last message. Send an approved template instead. (131047)",
    ],
    [
      'an unknown code with title and details',
      [{ code: 131999, title: 'New thing', error_data: { details: 'Why' } }],
      'WhatsApp could not deliver the message: New thing: Why (131999)',
    ],
    ['no errors at all', undefined, 'WhatsApp could not deliver the message'],
    ['errors that are not objects', ['x'], 'WhatsApp could not deliver the message'],
  ])('%s', (_name, errors, expected) => {
    expect(failedStatusReason(errors)).toBe(expected);
  });
});
