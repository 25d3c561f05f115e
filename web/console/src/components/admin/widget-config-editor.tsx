import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { UPDATE_WIDGET_CONFIG, WIDGET_CONFIG } from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { Integration } from '../../api/hub-types';
import type { AdminMessageKey } from '../../i18n/admin-messages';
import { problemFor, widgetConfigProblems } from '../../state/widget-config-problems';
import { useConsole } from '../contexts';
import { useAdminT as useT } from './use-admin-t';
import { FormError } from './copy-field';
import { editableConfig, togglePrechatField, WIDGET_LOCALES, type WidgetConfig } from './widget-config';
import { WidgetPreview } from './widget-preview';

const LOCALE_LABEL: Record<(typeof WIDGET_LOCALES)[number], string | null> = {
  auto: null,
  en: 'English',
  ar: 'العربية',
  he: 'עברית',
  fr: 'Français',
  es: 'Español',
  de: 'Deutsch',
};

/** One form field with the hub's problem for `path` shown under it (and announced by the input). */
function ConfigField({
  label,
  path,
  problems,
  hint,
  children,
}: {
  label: string;
  path: string;
  problems: ReadonlyMap<string, string>;
  hint?: string;
  children: (a11y: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const problemId = `${id}-problem`;
  const problem = problemFor(problems, path);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(problem ? { id, 'aria-invalid': true, 'aria-describedby': problemId } : { id })}
      {hint && <span className="field__hint">{hint}</span>}
      {problem && (
        <span id={problemId} className="field__problem">
          {problem}
        </span>
      )}
    </div>
  );
}

/** Edits one website widget's customization, with a live preview beside the form. */
export function WidgetConfigEditor({ integration, onClose }: { integration: Integration; onClose(): void }) {
  const t = useT();
  const session = useConsole();
  const [config, setConfig] = useState<WidgetConfig | null>(null);
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    session.api
      .request<{ widgetConfig: Record<string, unknown> }>(WIDGET_CONFIG, { integrationId: integration.id })
      .then((r) => live && setConfig(editableConfig(r.widgetConfig)))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [session, integration.id]);

  const change = (next: WidgetConfig) => {
    setConfig(next);
    setSaved(false);
  };
  const appearance = (patch: Partial<WidgetConfig['appearance']>) =>
    config && change({ ...config, appearance: { ...config.appearance, ...patch } });

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!config) return;
    setBusy(true);
    setError(null);
    setProblems(new Map());
    try {
      const { updateWidgetConfig } = await session.api.request<{
        updateWidgetConfig: Record<string, unknown>;
      }>(UPDATE_WIDGET_CONFIG, { integrationId: integration.id, config });
      setConfig(editableConfig(updateWidgetConfig));
      setSaved(true);
    } catch (err) {
      const message = errorMessage(err);
      setProblems(widgetConfigProblems(message));
      setError(message);
    } finally {
      setBusy(false);
    }
  }

  const nameField = { id: 'name', type: 'name', label: t('prechatNameQuestion'), required: true };
  const emailField = { id: 'email', type: 'email', label: t('prechatEmailQuestion'), required: false };
  const has = (id: string) => config?.prechat.fields.some((f) => f.id === id) ?? false;
  const others = config?.prechat.fields.filter((f) => f.id !== 'name' && f.id !== 'email').length ?? 0;

  return (
    <section className="page page--wide" aria-labelledby="widget-config-title">
      <header className="page__header">
        <h1 id="widget-config-title">{t('customizeNamed', { name: integration.name })}</h1>
        <button type="button" className="button" onClick={onClose}>
          {t('backToIntegrations')}
        </button>
      </header>
      {!config ? (
        error ? (
          <FormError message={error} />
        ) : (
          <p className="empty">{t('loading')}</p>
        )
      ) : (
        <div className="widget-editor">
          <form className="card admin-form widget-editor__form" onSubmit={(e) => void save(e)} noValidate>
            <fieldset className="fieldset">
              <legend>{t('widgetAppearance')}</legend>
              <div className="admin-form__row">
                <ConfigField label={t('primaryColor')} path="appearance.primaryColor" problems={problems}>
                  {(a11y) => (
                    <span className="colour-input">
                      <input
                        type="color"
                        aria-label={t('primaryColorPicker')}
                        value={
                          /^#[0-9a-fA-F]{6}$/.test(config.appearance.primaryColor)
                            ? config.appearance.primaryColor
                            : '#000000'
                        }
                        onChange={(e) => appearance({ primaryColor: e.target.value })}
                      />
                      <input
                        {...a11y}
                        dir="ltr"
                        value={config.appearance.primaryColor}
                        onChange={(e) => appearance({ primaryColor: e.target.value })}
                      />
                    </span>
                  )}
                </ConfigField>
                <ConfigField label={t('textOnPrimary')} path="appearance.textOnPrimary" problems={problems}>
                  {(a11y) => (
                    <span className="colour-input">
                      <input
                        type="color"
                        aria-label={t('textOnPrimaryPicker')}
                        value={
                          /^#[0-9a-fA-F]{6}$/.test(config.appearance.textOnPrimary)
                            ? config.appearance.textOnPrimary
                            : '#ffffff'
                        }
                        onChange={(e) => appearance({ textOnPrimary: e.target.value })}
                      />
                      <input
                        {...a11y}
                        dir="ltr"
                        value={config.appearance.textOnPrimary}
                        onChange={(e) => appearance({ textOnPrimary: e.target.value })}
                      />
                    </span>
                  )}
                </ConfigField>
              </div>
              <div className="admin-form__row">
                <ConfigField label={t('position')} path="appearance.position" problems={problems}>
                  {(a11y) => (
                    <select
                      {...a11y}
                      value={config.appearance.position}
                      onChange={(e) => appearance({ position: e.target.value })}
                    >
                      <option value="right">{t('positionRight')}</option>
                      <option value="left">{t('positionLeft')}</option>
                    </select>
                  )}
                </ConfigField>
                <ConfigField label={t('widgetTheme')} path="appearance.theme" problems={problems}>
                  {(a11y) => (
                    <select
                      {...a11y}
                      value={config.appearance.theme}
                      onChange={(e) => appearance({ theme: e.target.value })}
                    >
                      <option value="light">{t('themeLight')}</option>
                      <option value="dark">{t('themeDark')}</option>
                      <option value="auto">{t('themeSystem')}</option>
                    </select>
                  )}
                </ConfigField>
                <ConfigField label={t('widgetLanguage')} path="locale" problems={problems}>
                  {(a11y) => (
                    <select
                      {...a11y}
                      value={config.locale}
                      onChange={(e) => change({ ...config, locale: e.target.value })}
                    >
                      {WIDGET_LOCALES.map((l) => (
                        <option key={l} value={l} lang={l === 'auto' ? undefined : l}>
                          {LOCALE_LABEL[l] ?? t('widgetLanguageAuto')}
                        </option>
                      ))}
                    </select>
                  )}
                </ConfigField>
              </div>
              <ConfigField
                label={t('widgetTitle')}
                path="appearance.title"
                problems={problems}
                hint={t('emptyUsesDefault')}
              >
                {(a11y) => (
                  <input
                    {...a11y}
                    value={config.appearance.title ?? ''}
                    onChange={(e) => appearance({ title: e.target.value || null })}
                  />
                )}
              </ConfigField>
              <ConfigField
                label={t('welcomeText')}
                path="appearance.welcomeText"
                problems={problems}
                hint={t('emptyUsesDefault')}
              >
                {(a11y) => (
                  <textarea
                    {...a11y}
                    rows={2}
                    value={config.appearance.welcomeText ?? ''}
                    onChange={(e) => appearance({ welcomeText: e.target.value || null })}
                  />
                )}
              </ConfigField>
              <ConfigField label={t('launcherText')} path="appearance.launcherText" problems={problems}>
                {(a11y) => (
                  <input
                    {...a11y}
                    value={config.appearance.launcherText}
                    onChange={(e) => appearance({ launcherText: e.target.value })}
                  />
                )}
              </ConfigField>
            </fieldset>
            <fieldset className="fieldset">
              <legend>{t('widgetBehaviour')}</legend>
              <Toggle
                label="prechatEnabled"
                checked={config.prechat.enabled}
                onChange={(enabled) => change({ ...config, prechat: { ...config.prechat, enabled } })}
              />
              {config.prechat.enabled && (
                <div className="admin-form__nested">
                  <Toggle
                    label="prechatAskName"
                    checked={has('name')}
                    onChange={(on) => change(togglePrechatField(config, nameField, on))}
                  />
                  <Toggle
                    label="prechatAskEmail"
                    checked={has('email')}
                    onChange={(on) => change(togglePrechatField(config, emailField, on))}
                  />
                  {others > 0 && (
                    <p className="field__hint">{t('prechatMoreQuestions', { count: others })}</p>
                  )}
                </div>
              )}
              {problemFor(problems, 'prechat') && (
                <span className="field__problem">{problemFor(problems, 'prechat')}</span>
              )}
              <Toggle
                label="sneakPeekSetting"
                checked={config.sneakPeek}
                onChange={(sneakPeek) => change({ ...config, sneakPeek })}
              />
              <Toggle
                label="offlineEmailSetting"
                checked={config.offlineEmail}
                onChange={(offlineEmail) => change({ ...config, offlineEmail })}
              />
              <Toggle
                label="attachmentsSetting"
                checked={config.attachments.enabled}
                onChange={(enabled) => change({ ...config, attachments: { ...config.attachments, enabled } })}
              />
            </fieldset>
            {error && (
              <div className="form-error" role="alert">
                <p>{problems.size > 0 ? t('widgetConfigRefused') : error}</p>
                {problems.size > 0 && (
                  <ul className="form-error__list">
                    {[...problems].map(([path, problem]) => (
                      <li key={path}>
                        <code dir="ltr">{path}</code>: {problem}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {saved && (
              <p className="form-success" role="status">
                {t('widgetConfigSaved')}
              </p>
            )}
            <div className="dialog__actions">
              <button type="submit" className="button button--primary" disabled={busy}>
                {t('save')}
              </button>
            </div>
          </form>
          <WidgetPreview config={config} />
        </div>
      )}
    </section>
  );
}

function Toggle({
  label,
  checked,
  onChange,
}: {
  label: AdminMessageKey;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  const t = useT();
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{t(label)}</span>
    </label>
  );
}
