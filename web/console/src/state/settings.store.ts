import type { ConsoleLocale } from '../i18n/locale';
import { readJson, writeJson } from './browser-storage';
import { Store } from './store';

const STORAGE_KEY = 'switchboard.console.settings';

export type ThemeSetting = 'system' | 'light' | 'dark';
export type LocaleSetting = 'auto' | ConsoleLocale;

export interface Settings {
  locale: LocaleSetting;
  theme: ThemeSetting;
  /** A short chime for a new chat or message (WebAudio). */
  sound: boolean;
  /** Desktop notifications (the browser asks for permission when this is switched on). */
  desktop: boolean;
}

export const DEFAULT_SETTINGS: Settings = { locale: 'auto', theme: 'system', sound: true, desktop: false };

const LOCALES: readonly LocaleSetting[] = ['auto', 'en', 'ar', 'he'];
const THEMES: readonly ThemeSetting[] = ['system', 'light', 'dark'];

/** Stored settings, each field checked on its own: one bad value never resets the others. */
export function parseSettings(stored: unknown): Settings {
  const v = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  return {
    locale: LOCALES.includes(v.locale as LocaleSetting)
      ? (v.locale as LocaleSetting)
      : DEFAULT_SETTINGS.locale,
    theme: THEMES.includes(v.theme as ThemeSetting) ? (v.theme as ThemeSetting) : DEFAULT_SETTINGS.theme,
    sound: typeof v.sound === 'boolean' ? v.sound : DEFAULT_SETTINGS.sound,
    desktop: typeof v.desktop === 'boolean' ? v.desktop : DEFAULT_SETTINGS.desktop,
  };
}

/** The agent's preferences for this browser, in localStorage. */
export class SettingsStore extends Store<Settings> {
  constructor() {
    super(parseSettings(readJson(STORAGE_KEY)));
  }

  update(patch: Partial<Settings>): void {
    this.setState(patch);
    writeJson(STORAGE_KEY, this.state);
  }
}
