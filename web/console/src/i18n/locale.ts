/** The console's languages; `i18n.spec.ts` proves each one has every string. */
export type ConsoleLocale = 'en' | 'ar' | 'he';

export const SUPPORTED_LOCALES: readonly ConsoleLocale[] = ['en', 'ar', 'he'];

const RTL_LOCALES: readonly ConsoleLocale[] = ['ar', 'he'];

/**
 * The chosen language, or for `auto` the first browser language we speak; English otherwise.
 *
 * @example resolveLocale('auto', ['he-IL', 'en-US']) // 'he'
 */
export function resolveLocale(
  setting: string | null | undefined,
  candidates: ReadonlyArray<string | null | undefined>,
): ConsoleLocale {
  const all = setting && setting !== 'auto' ? [setting, ...candidates] : candidates;
  for (const candidate of all) {
    const primary = (candidate ?? '').toLowerCase().split(/[-_]/)[0];
    // Old browsers still report Hebrew as "iw".
    const normalized = primary === 'iw' ? 'he' : primary;
    if ((SUPPORTED_LOCALES as readonly string[]).includes(normalized)) return normalized as ConsoleLocale;
  }
  return 'en';
}

export function isRtl(locale: ConsoleLocale): boolean {
  return RTL_LOCALES.includes(locale);
}

/** Replaces `{name}` placeholders; a missing value leaves an empty string, never "undefined". */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
