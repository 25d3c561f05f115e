import { ADMIN_AR } from './admin-messages.ar';
import { ADMIN_EN, type AdminMessageKey } from './admin-messages.en';
import { ADMIN_HE } from './admin-messages.he';
import { format, type ConsoleLocale } from './locale';
import type { MessageKey } from './messages';

export type { AdminMessageKey };

/**
 * The admin screens' strings, apart from the console's (messages.ts) so that they load with the
 * admin screens; i18n.spec.ts proves each language complete and the two tables disjoint.
 */
export const ADMIN_MESSAGES: Record<ConsoleLocale, Record<AdminMessageKey, string>> = {
  en: ADMIN_EN,
  ar: ADMIN_AR,
  he: ADMIN_HE,
};

export type AdminTranslate = (
  key: MessageKey | AdminMessageKey,
  values?: Record<string, string | number>,
) => string;

function isAdminKey(key: string): key is AdminMessageKey {
  return Object.prototype.hasOwnProperty.call(ADMIN_EN, key);
}

/** The console's `t` extended with the admin strings of the same locale. */
export function adminTranslator(
  locale: ConsoleLocale,
  t: (key: MessageKey, values?: Record<string, string | number>) => string,
): AdminTranslate {
  const table = ADMIN_MESSAGES[locale];
  return (key, values) => (isAdminKey(key) ? format(table[key] ?? ADMIN_EN[key], values) : t(key, values));
}
