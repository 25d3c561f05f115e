import { createContext, useContext } from 'react';
import type { MessageKey } from '../i18n/messages';
import type { ConsoleLocale } from '../i18n/locale';
import type { ConsoleSession } from '../state/console-session';
import type { RouterStore } from '../state/router.store';
import type { SessionStore } from '../state/session.store';
import type { SettingsStore } from '../state/settings.store';

export interface AppServices {
  sessions: SessionStore;
  settings: SettingsStore;
  router: RouterStore;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface I18n {
  locale: ConsoleLocale;
  t: Translate;
}

export const AppContext = createContext<AppServices | null>(null);
export const ConsoleContext = createContext<ConsoleSession | null>(null);
export const I18nContext = createContext<I18n | null>(null);

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name} is missing: render inside its provider.`);
  return value;
}

export function useApp(): AppServices {
  return required(useContext(AppContext), 'AppContext');
}

export function useConsole(): ConsoleSession {
  return required(useContext(ConsoleContext), 'ConsoleContext');
}

export function useI18n(): I18n {
  return required(useContext(I18nContext), 'I18nContext');
}

export function useT(): Translate {
  return useI18n().t;
}
