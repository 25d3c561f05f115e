import { hmacSha256, timingSafeEqualString } from './webhook-crypto.helpers';

describe('timingSafeEqualString', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
    ['é', 'e', false],
  ])('%p vs %p is %p', (a, b, expected) => {
    expect(timingSafeEqualString(a, b)).toBe(expected);
  });
});

describe('hmacSha256', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(hmacSha256('Jefe', 'what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('gives the same bytes for string and Buffer inputs', () => {
    expect(hmacSha256(Buffer.from('k'), Buffer.from('data'))).toEqual(hmacSha256('k', 'data'));
  });
});
