import { useState } from 'react';
import { Notifier } from '../notify/notifier';
import type { LocaleSetting, ThemeSetting } from '../state/settings.store';
import { useStore } from '../state/use-store';
import { useApp, useT } from './contexts';

/** Language names are written in their own language, so anyone can find theirs. */
const LANGUAGES: { value: LocaleSetting; label: string | null }[] = [
  { value: 'auto', label: null },
  { value: 'en', label: 'English' },
  { value: 'ar', label: 'العربية' },
  { value: 'he', label: 'עברית' },
];

/** Language, theme and notifications for this browser (kept in localStorage). */
export function SettingsScreen() {
  const t = useT();
  const { settings } = useApp();
  const values = useStore(settings);
  const [permission, setPermission] = useState(Notifier.permission());

  async function toggleDesktop(on: boolean) {
    if (!on) return settings.update({ desktop: false });
    const answer = permission === 'granted' ? 'granted' : await Notifier.requestPermission();
    setPermission(answer);
    settings.update({ desktop: answer === 'granted' });
  }

  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page__header">
        <h1 id="settings-title">{t('settings')}</h1>
      </header>
      <div className="card settings">
        <label className="field">
          <span className="field__label">{t('language')}</span>
          <select
            value={values.locale}
            onChange={(e) => settings.update({ locale: e.target.value as LocaleSetting })}
          >
            {LANGUAGES.map((l) => (
              <option key={l.value} value={l.value} lang={l.value === 'auto' ? undefined : l.value}>
                {l.label ?? t('languageAuto')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('theme')}</span>
          <select
            value={values.theme}
            onChange={(e) => settings.update({ theme: e.target.value as ThemeSetting })}
          >
            <option value="system">{t('themeSystem')}</option>
            <option value="light">{t('themeLight')}</option>
            <option value="dark">{t('themeDark')}</option>
          </select>
        </label>
        <fieldset className="fieldset">
          <legend>{t('notifications')}</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.sound}
              onChange={(e) => settings.update({ sound: e.target.checked })}
            />
            <span>{t('soundSetting')}</span>
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.desktop && permission === 'granted'}
              disabled={permission === 'unsupported' || permission === 'denied'}
              onChange={(e) => void toggleDesktop(e.target.checked)}
            />
            <span>{t('desktopSetting')}</span>
          </label>
          {permission === 'denied' && <p className="field__hint">{t('desktopDenied')}</p>}
          {permission === 'unsupported' && <p className="field__hint">{t('desktopUnsupported')}</p>}
          <p className="field__hint">{t('notificationsHint')}</p>
        </fieldset>
      </div>
    </section>
  );
}
