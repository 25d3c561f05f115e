import { readablePair } from '../shared/color';
import { isRtl } from '../shared/locale';
import type { WidgetLocale, WidgetPublicConfig } from '../shared/protocol';

const THEMES = ['light', 'dark', 'auto'];

/**
 * Language, direction and theme of the panel document: `<html lang dir data-theme>` and the CSS
 * custom properties the stylesheet reads. Colours are checked for contrast before use; values go
 * through setProperty, never into markup.
 */
export function applyTheme(config: WidgetPublicConfig, locale: WidgetLocale, title: string): void {
  const root = document.documentElement;
  const { appearance } = config;
  const [primary, onPrimary] = readablePair(appearance.primaryColor, appearance.textOnPrimary);
  root.lang = locale;
  root.dir = isRtl(locale) ? 'rtl' : 'ltr';
  root.dataset.theme = THEMES.includes(appearance.theme) ? appearance.theme : 'light';
  root.style.setProperty('--sb-primary', primary);
  root.style.setProperty('--sb-on-primary', onPrimary);
  if (appearance.fontFamily) root.style.setProperty('--sb-font', appearance.fontFamily);
  else root.style.removeProperty('--sb-font');
  document.title = title;
}
