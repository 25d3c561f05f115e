import { format } from './locale';
import { EN, type MessageKey, type MessageTable } from './messages';

/** A `t(key, values)` over one locale's table; English fills any gap (the spec proves there is none). */
export function translator(table: MessageTable) {
  return (key: MessageKey, values?: Record<string, string | number>): string =>
    format(table[key] ?? EN[key], values);
}
