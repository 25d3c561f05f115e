import { describe, expect, it } from '@jest/globals';
import { LAUNCHER_STRINGS } from './launcher-strings';
import { format, isRtl, resolveLocale, SUPPORTED_LOCALES } from './locale';
import { PANEL_STRINGS } from './strings';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ['panel', PANEL_STRINGS as unknown as Record<string, Record<string, string>>],
  ['launcher', LAUNCHER_STRINGS as unknown as Record<string, Record<string, string>>],
])('%s strings', (_table, table) => {
  const englishKeys = Object.keys(table.en).sort();

  it('cover exactly the supported locales', () => {
    expect(Object.keys(table).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it.each(SUPPORTED_LOCALES.map((locale) => [locale]))('%s has every key, none empty', (locale) => {
    expect(Object.keys(table[locale]).sort()).toEqual(englishKeys);
    for (const key of englishKeys) expect(table[locale][key].trim()).not.toBe('');
  });

  it.each(SUPPORTED_LOCALES.map((locale) => [locale]))(
    '%s uses the same placeholders as English',
    (locale) => {
      for (const key of englishKeys) {
        // Arabic and Hebrew "one" forms spell the number out, so {n} may be absent there.
        if (key === 'unreadOne') continue;
        expect([key, placeholders(table[locale][key])]).toEqual([key, placeholders(table.en[key])]);
      }
    },
  );

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en').map((locale) => [locale]))(
    '%s is translated, not a copy of English',
    (locale) => {
      const same = englishKeys.filter((key) => table[locale][key] === table.en[key]);
      expect(same.length).toBeLessThanOrEqual(Math.floor(englishKeys.length * 0.1));
    },
  );
});

describe('resolveLocale', () => {
  it.each([
    ['fr', ['de-DE'], 'fr'],
    ['auto', ['de-AT', 'en-US'], 'de'],
    ['auto', [null, 'he-IL'], 'he'],
    ['auto', ['iw'], 'he'],
    ['auto', ['pt-BR', 'es-MX'], 'es'],
    ['auto', ['pt-BR'], 'en'],
    ['auto', [], 'en'],
    [undefined, ['AR'], 'ar'],
  ])('configured %p with candidates %p → %p', (configured, candidates, expected) => {
    expect(resolveLocale(configured, candidates)).toBe(expected);
  });

  it('marks Arabic and Hebrew right-to-left', () => {
    expect(SUPPORTED_LOCALES.filter(isRtl)).toEqual(['ar', 'he']);
  });
});

describe('format', () => {
  it.each([
    ['{name} is typing…', { name: 'Ada' }, 'Ada is typing…'],
    ['{n} unread messages', { n: 3 }, '3 unread messages'],
    ['{missing} stays empty', {}, ' stays empty'],
  ])('%p with %p → %p', (template, values, expected) => {
    expect(format(template, values)).toBe(expected);
  });
});
