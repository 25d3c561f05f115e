import { describe, expect, it } from '@jest/globals';
import { isValidUserHash, visitorExternalId, visitorUserHash } from './visitor-identity';

// The secret is used as the HMAC key as written (its UTF-8 bytes), not hex-decoded: that is what a
// business's server does with `createHmac('sha256', secret)` or PHP's `hash_hmac`.
const SECRET = '5f0c9a7e3b1d2c4f6a8e0b2d4c6f8a1e3b5d7f9a0c2e4b6d8f1a3c5e7b9d0f2a';
// Computed once with Python's hmac module, so the check does not depend on the code under test.
const HASH_OF_42 = 'aaeea6786b8153ffdcab946d70a5dbd0c57501c3aee5ba5c69e4967e8501d8d6';

describe('visitorUserHash', () => {
  it.each<[string, string, string, string]>([
    ['a user id', SECRET, '42', HASH_OF_42],
    [
      'a non-ASCII user id, hashed as UTF-8',
      SECRET,
      'ünï 😀',
      'f59956a03ff6ccfa6089ca8497e11a9233ed3031a898757e4971dbdf727c9e71',
    ],
    [
      'the widely published HMAC-SHA256 example (Wikipedia, HMAC)',
      'key',
      'The quick brown fox jumps over the lazy dog',
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    ],
  ])('hashes %s to the known hex', (_name, secret, userId, hex) => {
    expect(visitorUserHash(secret, userId)).toBe(hex);
  });
});

describe('isValidUserHash', () => {
  it.each<[string, string, string, boolean]>([
    ['the right hash', '42', HASH_OF_42, true],
    ['the right hash in upper case', '42', HASH_OF_42.toUpperCase(), true],
    ['the hash of another user id', '43', HASH_OF_42, false],
    ['one hex digit changed', '42', `${HASH_OF_42.slice(0, -1)}7`, false],
    ['one digit short', '42', HASH_OF_42.slice(0, -1), false],
    ['one digit long', '42', `${HASH_OF_42}0`, false],
    ['the hash with a non-hex character', '42', `${HASH_OF_42.slice(0, -1)}g`, false],
    ['the hash with surrounding spaces', '42', ` ${HASH_OF_42} `, false],
    ['the hash in base64', '42', Buffer.from(HASH_OF_42, 'hex').toString('base64'), false],
    ['an empty hash', '42', '', false],
  ])('%s → %p', (_name, userId, userHash, valid) => {
    expect(isValidUserHash(SECRET, userId, userHash)).toBe(valid);
  });

  it('refuses a hash made with another secret', () => {
    expect(isValidUserHash(`${SECRET.slice(0, -1)}b`, '42', HASH_OF_42)).toBe(false);
  });
});

describe('visitorExternalId', () => {
  it.each<['anonymous' | 'user', string, string]>([
    ['anonymous', '0b6f2c1e-8d3a-4f5b-9c7e-1a2b3c4d5e6f', 'v_0b6f2c1e-8d3a-4f5b-9c7e-1a2b3c4d5e6f'],
    ['user', '42', 'u_42'],
    ['user', 'v_42', 'u_v_42'],
  ])('%s %p → %p', (kind, id, externalId) => {
    expect(visitorExternalId(kind, id)).toBe(externalId);
  });
});
