import { DomainError } from '../errors/domain-error';
import { MAX_TAG_LENGTH, normalizeTag, normalizeTags } from './conversation-tags.policy';

describe('normalizeTag', () => {
  it.each([
    ['vip', 'vip'],
    ['  VIP ', 'vip'],
    ['Order-42_b', 'order-42_b'],
    ['x'.repeat(MAX_TAG_LENGTH), 'x'.repeat(MAX_TAG_LENGTH)],
    ['\tRefund\n', 'refund'],
  ])('takes %j as %j', (raw, tag) => {
    expect(normalizeTag(raw)).toBe(tag);
  });

  it.each<[string, string]>([
    ['', 'A tag must not be empty.'],
    ['   ', 'A tag must not be empty.'],
    ['two words', 'Tag "two words" is invalid: use 1 to 40 characters of a-z, 0-9, - and _.'],
    ['café', 'Tag "café" is invalid'],
    ['a,b', 'Tag "a,b" is invalid'],
    ['#urgent', 'Tag "#urgent" is invalid'],
    ['x'.repeat(MAX_TAG_LENGTH + 1), `Tag "${'x'.repeat(MAX_TAG_LENGTH + 1)}" is invalid`],
    [`  ${'Y'.repeat(60)} `, `Tag "${'Y'.repeat(50)}…" is invalid`],
  ])('refuses %j, naming it', (raw, message) => {
    expect(() => normalizeTag(raw)).toThrow(DomainError);
    expect(() => normalizeTag(raw)).toThrow(message);
  });
});

describe('normalizeTags', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [
      ['Billing', ' vip', 'billing'],
      ['billing', 'vip'],
    ],
    [
      ['b', 'a', 'B', 'a'],
      ['a', 'b'],
    ],
    [Array.from({ length: 20 }, (_, i) => `t${i}`), Array.from({ length: 20 }, (_, i) => `t${i}`).sort()],
    [
      [...Array.from({ length: 20 }, (_, i) => `t${i}`), 'T0', ' t1 '],
      Array.from({ length: 20 }, (_, i) => `t${i}`).sort(),
    ],
  ])('normalises %j to %j', (raw, tags) => {
    expect(normalizeTags(raw)).toEqual(tags);
  });

  it.each<[string, string[], string]>([
    [
      '21 distinct tags',
      Array.from({ length: 21 }, (_, i) => `t${i}`),
      'At most 20 tags per conversation (got 21).',
    ],
    ['one bad tag among good ones', ['vip', 'not ok', 'billing'], 'Tag "not ok" is invalid'],
    ['an empty tag', ['vip', ''], 'A tag must not be empty.'],
  ])('refuses %s', (_name, raw, message) => {
    expect(() => normalizeTags(raw)).toThrow(DomainError);
    expect(() => normalizeTags(raw)).toThrow(message);
  });
});
