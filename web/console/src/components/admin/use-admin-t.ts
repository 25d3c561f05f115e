import { useMemo } from 'react';
import { adminTranslator, type AdminTranslate } from '../../i18n/admin-messages';
import { useI18n } from '../contexts';

export type { AdminTranslate };

/** `t` for the admin screens: the console's strings plus the admin tables (loaded with them). */
export function useAdminT(): AdminTranslate {
  const { locale, t } = useI18n();
  return useMemo(() => adminTranslator(locale, t), [locale, t]);
}

/** The locale too, for the screens that format dates and numbers. */
export function useAdminI18n(): { locale: ReturnType<typeof useI18n>['locale']; t: AdminTranslate } {
  const { locale } = useI18n();
  return { locale, t: useAdminT() };
}
