import type { ConsoleLocale } from './locale';
import { AR } from './messages.ar';
import { EN, type MessageKey } from './messages.en';
import { HE } from './messages.he';

export type { MessageKey };

/** Every locale's strings; the types make a missing key a compile error, i18n.spec.ts the rest. */
export const MESSAGES: Record<ConsoleLocale, Record<MessageKey, string>> = { en: EN, ar: AR, he: HE };
