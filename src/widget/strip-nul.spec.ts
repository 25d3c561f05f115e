import { stripNul } from './strip-nul';

describe('stripNul', () => {
  it.each([
    ['a string', 'he\u0000llo', 'hello'],
    ['nested values and keys', { t: ['a\u0000', { 'k\u0000': 'v\u0000' }] }, { t: ['a', { k: 'v' }] }],
    ['other JSON values unchanged', { n: 1, b: true, z: null }, { n: 1, b: true, z: null }],
  ])('removes NUL characters from %s', (_name, input, expected) => {
    expect(stripNul(input)).toEqual(expected);
  });
});
