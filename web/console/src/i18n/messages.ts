import type { ConsoleLocale } from './locale';
import { EN, type MessageKey } from './messages.en';

export type { MessageKey };

export type MessageTable = Record<MessageKey, string>;

/**
 * The console's strings per language. English is in the main bundle (it fills any gap); Arabic
 * and Hebrew load on demand, so a console pays only for its own language. The types make a
 * missing key a compile error, i18n.spec.ts the rest.
 */
const tables: Partial<Record<ConsoleLocale, MessageTable>> = { en: EN };

const loaders: Record<Exclude<ConsoleLocale, 'en'>, () => Promise<MessageTable>> = {
  ar: () => import('./messages.ar').then((m) => m.AR),
  he: () => import('./messages.he').then((m) => m.HE),
};

/** The locale's table if it is loaded (English always is). */
export function loadedMessages(locale: ConsoleLocale): MessageTable | undefined {
  return tables[locale];
}

/** Loads the locale's table once; English when it cannot be loaded (the hub is unreachable). */
export async function loadMessages(locale: ConsoleLocale): Promise<MessageTable> {
  const loaded = tables[locale];
  if (loaded) return loaded;
  try {
    const table = await loaders[locale as Exclude<ConsoleLocale, 'en'>]();
    tables[locale] = table;
    return table;
  } catch {
    return EN;
  }
}

export { EN };
