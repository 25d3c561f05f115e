import { format, type ConsoleLocale } from './locale';
import { MESSAGES, type MessageKey } from './messages';

/** A `t(key, values)` for one locale; English fills any gap (the spec proves there is none). */
export function translator(locale: ConsoleLocale) {
  const table = MESSAGES[locale];
  return (key: MessageKey, values?: Record<string, string | number>): string =>
    format(table[key] ?? MESSAGES.en[key], values);
}
