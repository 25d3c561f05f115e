import { format } from '../shared/locale';
import type { QueuePlace, WidgetLocale } from '../shared/protocol';
import type { PanelStrings } from '../shared/strings';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * "You are number 3 in line · about 2 minutes" in the visitor's language, numbers formatted for
 * the locale like the rest of the panel (Intl). Without an estimate (nobody accepting chats) only
 * the place is shown.
 *
 * @example queuePlaceText({ position: 3, etaSeconds: 130 }, PANEL_STRINGS.en, 'en')
 *   // 'You are number 3 in line · about 2 minutes'
 */
export function queuePlaceText(place: QueuePlace, strings: PanelStrings, locale: WidgetLocale): string {
  const position = format(strings.queuePosition, { n: new Intl.NumberFormat(locale).format(place.position) });
  const wait = waitText(place.etaSeconds, strings, locale);
  return wait ? `${position} · ${wait}` : position;
}

/** The estimated wait, rounded to what a person can use: under a minute, minutes, over an hour. */
export function waitText(
  etaSeconds: number | null,
  strings: PanelStrings,
  locale: WidgetLocale,
): string | null {
  if (etaSeconds === null || !Number.isFinite(etaSeconds)) return null;
  if (etaSeconds < MINUTE) return strings.queueWaitUnderMinute;
  if (etaSeconds > HOUR) return strings.queueWaitOverHour;
  return format(strings.queueWait, { duration: minutes(Math.round(etaSeconds / MINUTE), locale) });
}

/** "2 minutes", "دقيقتان", "שתי דקות": Intl knows each language's plural forms. */
function minutes(count: number, locale: WidgetLocale): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(
      count,
    );
  } catch {
    return `${count} min`; // a browser without Intl unit support
  }
}
