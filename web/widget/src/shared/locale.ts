import type { WidgetLocale } from './protocol';

/** Every locale the widget ships strings for; `strings.spec.ts` proves each one is complete. */
export const SUPPORTED_LOCALES: readonly WidgetLocale[] = ['en', 'ar', 'he', 'fr', 'es', 'de'];

const RTL_LOCALES: readonly WidgetLocale[] = ['ar', 'he'];

/**
 * The widget's language: the configured one, or for `auto` the first candidate (the page's
 * `data-locale`, then the browser's language) whose primary subtag we support; English otherwise.
 *
 * @example resolveLocale('auto', ['fr-CA', 'en-US']) // 'fr'
 */
export function resolveLocale(
  configured: string | null | undefined,
  candidates: ReadonlyArray<string | null | undefined>,
): WidgetLocale {
  const all = configured && configured !== 'auto' ? [configured, ...candidates] : candidates;
  for (const candidate of all) {
    const primary = (candidate ?? '').toLowerCase().split(/[-_]/)[0];
    // Old browsers and Java-era systems still report Hebrew as "iw".
    const normalized = primary === 'iw' ? 'he' : primary;
    if ((SUPPORTED_LOCALES as readonly string[]).includes(normalized)) return normalized as WidgetLocale;
  }
  return 'en';
}

export function isRtl(locale: WidgetLocale): boolean {
  return RTL_LOCALES.includes(locale);
}

/** Replaces `{name}` placeholders; a missing value leaves an empty string, never "undefined". */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
