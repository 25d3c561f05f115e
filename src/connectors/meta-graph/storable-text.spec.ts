import { hasUnstorableCharacters, storableId, storableText } from './storable-text';

describe('storableText', () => {
  it('drops NUL and replaces lone surrogates, keeping pairs', () => {
    expect(storableText('a\u0000b\ud800c👋')).toBe('ab\ufffdc👋');
    expect(hasUnstorableCharacters('a\udc00')).toBe(true);
    expect(hasUnstorableCharacters('👋')).toBe(false);
  });
});

describe('storableId', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a string', 'm_1', 'm_1'],
    ['a safe integer', 104857600123456, '104857600123456'],
    ['an unsafe integer', 2 ** 60, undefined],
    ['a fraction', 1.5, undefined],
    ['blank', '  ', undefined],
    ['too long', 'x'.repeat(513), undefined],
    ['512 characters', 'x'.repeat(512), 'x'.repeat(512)],
    ['with NUL', 'm\u0000', undefined],
    ['with a lone surrogate', 'm\ud800', undefined],
    ['an object', { id: 'm_1' }, undefined],
  ])('reads %s', (_name, value, expected) => {
    expect(storableId(value)).toBe(expected);
  });
});
