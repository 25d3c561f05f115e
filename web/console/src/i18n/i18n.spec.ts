import { describe, expect, it } from '@jest/globals';
import { format, isRtl, resolveLocale, SUPPORTED_LOCALES } from './locale';
import { ADMIN_MESSAGES } from './admin-messages';
import { AR } from './messages.ar';
import { EN } from './messages.en';
import { HE } from './messages.he';

const MESSAGES = { en: EN, ar: AR, he: HE };

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Strings that are the same in every language (product names, number-only templates). */
const SAME_EVERYWHERE = new Set(['agentOption']);

it('the console and admin tables share no key (a key lives in exactly one of them)', () => {
  const shared = Object.keys(ADMIN_MESSAGES.en).filter((key) => key in MESSAGES.en);
  expect(shared).toEqual([]);
});

type Tables = Record<(typeof SUPPORTED_LOCALES)[number], Record<string, string>>;

describe.each<[string, Tables]>([
  ['console strings', MESSAGES],
  ['admin strings', ADMIN_MESSAGES],
])('%s', (_name, MESSAGES) => {
  const englishKeys = Object.keys(MESSAGES.en).sort();

  it('cover exactly the supported locales', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it.each(SUPPORTED_LOCALES.map((locale) => [locale]))('%s has every key, none empty', (locale) => {
    const table = MESSAGES[locale];
    expect(Object.keys(table).sort()).toEqual(englishKeys);
    for (const key of englishKeys)
      expect([key, table[key as keyof typeof table].trim()]).not.toEqual([key, '']);
  });

  it.each(SUPPORTED_LOCALES.map((locale) => [locale]))(
    '%s uses the same placeholders as English',
    (locale) => {
      const table = MESSAGES[locale] as Record<string, string>;
      for (const key of englishKeys) {
        expect([key, placeholders(table[key])]).toEqual([
          key,
          placeholders((MESSAGES.en as Record<string, string>)[key]),
        ]);
      }
    },
  );

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en').map((locale) => [locale]))(
    '%s is translated, not a copy of English',
    (locale) => {
      const table = MESSAGES[locale] as Record<string, string>;
      const copied = englishKeys.filter(
        (key) => !SAME_EVERYWHERE.has(key) && table[key] === (MESSAGES.en as Record<string, string>)[key],
      );
      expect(copied).toEqual([]);
    },
  );

  it.each(['ar', 'he'] as const)('%s strings are written in their own script', (locale) => {
    const script = locale === 'ar' ? /\p{Script=Arabic}/u : /\p{Script=Hebrew}/u;
    const table = MESSAGES[locale] as Record<string, string>;
    const latinOnly = englishKeys.filter((key) => !SAME_EVERYWHERE.has(key) && !script.test(table[key]));
    expect(latinOnly).toEqual([]);
  });
});

describe('resolveLocale', () => {
  it.each<[string | null, (string | null)[], string]>([
    ['he', ['en-US'], 'he'],
    ['auto', ['ar-EG', 'en-US'], 'ar'],
    ['auto', ['fr-FR', 'he-IL'], 'he'],
    ['auto', ['iw'], 'he'],
    ['auto', ['fr-FR'], 'en'],
    ['auto', [], 'en'],
    [null, [null, 'AR'], 'ar'],
  ])('setting %p with browser languages %p → %p', (setting, candidates, expected) => {
    expect(resolveLocale(setting, candidates)).toBe(expected);
  });

  it('marks Arabic and Hebrew right-to-left', () => {
    expect(SUPPORTED_LOCALES.filter(isRtl)).toEqual(['ar', 'he']);
  });
});

describe('format', () => {
  it.each([
    ['Assigned to {name}', { name: 'Ada' }, 'Assigned to Ada'],
    ['{load} of {capacity}', { load: 2, capacity: 5 }, '2 of 5'],
    ['{missing} stays empty', {}, ' stays empty'],
  ])('%p with %p → %p', (template, values, expected) => {
    expect(format(template, values)).toBe(expected);
  });
});
