import type { CSSProperties } from 'react';
import { useAdminT as useT } from './use-admin-t';
import type { WidgetConfig } from './widget-config';

const HEX = /^#[0-9a-fA-F]{6}$/;
const DEFAULT_PRIMARY = '#1f6feb';

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colours the widget uses: the admin's pair, or black or white text when the pair has less
 * than 4.5:1 contrast (what the widget itself does, docs/widget.md).
 */
export function previewColours(primary: string, onPrimary: string): { primary: string; onPrimary: string } {
  const base = HEX.test(primary) ? primary : DEFAULT_PRIMARY;
  if (HEX.test(onPrimary) && contrast(base, onPrimary) >= 4.5) return { primary: base, onPrimary };
  return {
    primary: base,
    onPrimary: contrast(base, '#000000') >= contrast(base, '#ffffff') ? '#000000' : '#ffffff',
  };
}

const LAUNCHER_ICON: Record<string, string> = { chat: '💬', help: '?', message: '✉' };

/**
 * A static picture of the widget (launcher and open panel) drawn with the chosen colours, texts
 * and options; it follows the form as the admin types. Colours are set as CSS custom properties
 * through the DOM (React's style prop), which the console's CSP allows.
 */
export function WidgetPreview({ config }: { config: WidgetConfig }) {
  const t = useT();
  const { appearance } = config;
  const colours = previewColours(appearance.primaryColor, appearance.textOnPrimary);
  const style = { '--wp-primary': colours.primary, '--wp-on-primary': colours.onPrimary } as CSSProperties;
  const rtl = config.locale === 'ar' || config.locale === 'he';
  const end = appearance.position === 'left' ? 'start' : 'end';
  return (
    <figure className="widget-preview" style={style} data-testid="widget-preview">
      <figcaption className="widget-preview__caption">{t('preview')}</figcaption>
      <div
        className={`widget-preview__stage widget-preview__stage--${end} widget-preview--${appearance.theme === 'dark' ? 'dark' : 'light'}`}
        dir={rtl ? 'rtl' : 'ltr'}
      >
        <div className="widget-preview__panel">
          <div className="widget-preview__header">
            <span className="widget-preview__title">{appearance.title || t('previewTitle')}</span>
          </div>
          <div className="widget-preview__body">
            <p className="widget-preview__bubble">{appearance.welcomeText || t('previewWelcome')}</p>
            {config.prechat.enabled && config.prechat.fields.length > 0 && (
              <ul className="widget-preview__prechat">
                {config.prechat.fields.map((field) => (
                  <li key={field.id}>
                    <span>{field.label}</span>
                    <span className="widget-preview__input" />
                  </li>
                ))}
              </ul>
            )}
            {config.offlineEmail && <p className="widget-preview__note">{t('previewOffline')}</p>}
          </div>
          <div className="widget-preview__composer">
            <span className="widget-preview__placeholder">{t('previewComposer')}</span>
            {config.attachments.enabled && (
              <span className="widget-preview__attach" title={t('attach')}>
                📎
              </span>
            )}
            <span className="widget-preview__send">{t('send')}</span>
          </div>
          {config.sneakPeek && <p className="widget-preview__note">{t('previewSneakPeek')}</p>}
        </div>
        <span className="widget-preview__launcher" data-testid="widget-preview-launcher">
          <span aria-hidden="true">{LAUNCHER_ICON[appearance.launcherIcon] ?? LAUNCHER_ICON.chat}</span>
          {appearance.launcherText && <span>{appearance.launcherText}</span>}
        </span>
      </div>
    </figure>
  );
}
