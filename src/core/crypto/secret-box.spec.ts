import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('whsec_topsecret', 'integration-1');
    expect(sealed.toString('latin1')).not.toContain('topsecret');
    expect(box.open(sealed, 'integration-1')).toBe('whsec_topsecret');
  });

  it.each([
    ['another row', (s: Buffer) => s, 'integration-2'],
    [
      'a flipped byte',
      (s: Buffer) => Buffer.concat([s.subarray(0, -1), Buffer.from([s[s.length - 1] ^ 1])]),
      'integration-1',
    ],
  ])('refuses %s', (_name, tamper, aad) => {
    const sealed = tamper(box.seal('x', 'integration-1'));
    expect(() => box.open(sealed, aad)).toThrow();
  });

  it('refuses another key', () => {
    expect(() => new SecretBox(randomBytes(32)).open(box.seal('x', 'a'), 'a')).toThrow();
  });
});
