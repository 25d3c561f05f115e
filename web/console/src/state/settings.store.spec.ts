import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SETTINGS, parseSettings } from './settings.store';

describe('parseSettings', () => {
  it.each<[string, unknown, object]>([
    ['nothing stored', null, DEFAULT_SETTINGS],
    ['not an object', 'dark', DEFAULT_SETTINGS],
    [
      'valid values',
      { locale: 'he', theme: 'dark', sound: false, desktop: true },
      { locale: 'he', theme: 'dark', sound: false, desktop: true },
    ],
    [
      'an unknown language only resets the language',
      { locale: 'xx', theme: 'light' },
      { ...DEFAULT_SETTINGS, theme: 'light' },
    ],
    ['a string where a switch belongs', { sound: 'yes' }, DEFAULT_SETTINGS],
  ])('%s', (_name, stored, expected) => {
    expect(parseSettings(stored)).toEqual(expected);
  });
});
