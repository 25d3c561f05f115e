import { useState, type FormEvent } from 'react';
import { CREATE_INTEGRATION, INTEGRATIONS } from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { Integration } from '../../api/hub-types';
import { formatRelative } from '../../text/format';
import { useConsole } from '../contexts';
import { useAdminI18n, type AdminTranslate } from './use-admin-t';
import { useNow } from '../use-now';
import {
  CONNECTOR_FIELDS,
  CONNECTOR_KINDS,
  CONNECTOR_LABEL,
  initialSettingValues,
  settingsFromForm,
  type ConnectorKind,
  type SettingField,
  type SettingValues,
} from './connector-settings';
import { CopyField, FormError, ShownOnce } from './copy-field';
import { IntegrationSessionPanel, SESSION_STATE_LABEL } from './integration-session-panel';
import { useHubQuery } from './use-hub-query';
import { WidgetConfigEditor } from './widget-config-editor';

type Kind = ConnectorKind;

interface CreateForm {
  kind: Kind;
  name: string;
  origins: string;
  callbackUrl: string;
  /** Messenger, WhatsApp Cloud API and WhatsApp Web settings, by setting key. */
  values: SettingValues;
}

const newForm = (kind: Kind, name = ''): CreateForm => ({
  kind,
  name,
  origins: '',
  callbackUrl: '',
  values: kind === 'widget' || kind === 'api' ? {} : initialSettingValues(CONNECTOR_FIELDS[kind]),
});

interface Created {
  integration: Integration;
  generatedSecrets: Record<string, string>;
}

/** The hub's public address, from the webhook URL it reported (PUBLIC_BASE_URL/webhooks/<id>). */
export function hubBaseUrl(integration: Pick<Integration, 'webhookUrl'>): string {
  return integration.webhookUrl.replace(/\/webhooks\/[^/]+$/, '');
}

/** The two script tags a website pastes before </body> (docs/widget.md). */
export function embedSnippet(integration: Pick<Integration, 'id' | 'webhookUrl'>): string {
  return [
    '<script>',
    '  window.Switchboard = window.Switchboard || function () {',
    '    (window.Switchboard.q = window.Switchboard.q || []).push(arguments);',
    '  };',
    '</script>',
    `<script async src="${hubBaseUrl(integration)}/widget.js" data-integration-id="${integration.id}"></script>`,
  ].join('\n');
}

/**
 * Admins: the workspace's integrations; create a website widget, an API integration, Messenger,
 * WhatsApp Cloud API or WhatsApp Web; customize widgets; link WhatsApp Web phones.
 */
export function IntegrationsScreen() {
  const { t, locale } = useAdminI18n();
  const session = useConsole();
  const list = useHubQuery<{ integrations: Integration[] }>(INTEGRATIONS);
  const items = list.data?.integrations ?? null;
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<CreateForm | null>(null);
  const [linking, setLinking] = useState<Integration | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [customizing, setCustomizing] = useState<Integration | null>(null);
  const now = useNow(60_000);

  async function create(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(null);
    const settings =
      form.kind === 'widget'
        ? { allowedOrigins: form.origins.trim() }
        : form.kind === 'api'
          ? form.callbackUrl.trim()
            ? { callbackUrl: form.callbackUrl.trim() }
            : {}
          : settingsFromForm(CONNECTOR_FIELDS[form.kind], form.values);
    try {
      const { createIntegration } = await session.api.request<{ createIntegration: Created }>(
        CREATE_INTEGRATION,
        { input: { connectorId: form.kind, name: form.name.trim(), settings } },
      );
      setForm(null);
      // A WhatsApp Web integration has no secrets and no webhook: it goes straight to linking.
      if (createIntegration.integration.connectorId === 'whatsapp-web')
        setLinking(createIntegration.integration);
      else setCreated(createIntegration);
      await list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (customizing)
    return <WidgetConfigEditor integration={customizing} onClose={() => setCustomizing(null)} />;

  return (
    <section className="page" aria-labelledby="integrations-title">
      <header className="page__header">
        <h1 id="integrations-title">{t('integrations')}</h1>
        {!form && !created && (
          <button type="button" className="button button--primary" onClick={() => setForm(newForm('widget'))}>
            {t('newIntegration')}
          </button>
        )}
      </header>
      <p className="muted">{t('integrationsIntro')}</p>
      {created && (
        <ShownOnce
          title={t('integrationCreated', { name: created.integration.name })}
          onDone={() => setCreated(null)}
        >
          {created.integration.connectorId === 'widget' ? (
            <>
              <p>{t('embedHint')}</p>
              <CopyField label={t('embedSnippet')} value={embedSnippet(created.integration)} multiline />
            </>
          ) : (
            <CopyField label={t('webhookUrl')} value={created.integration.webhookUrl} />
          )}
          {Object.entries(created.generatedSecrets).map(([key, value]) => (
            <CopyField key={key} label={secretLabel(key, t)} value={value} />
          ))}
        </ShownOnce>
      )}
      {form && (
        <form className="card admin-form" onSubmit={(e) => void create(e)} aria-label={t('newIntegration')}>
          <fieldset className="fieldset">
            <legend>{t('integrationKind')}</legend>
            {CONNECTOR_KINDS.map((kind) => (
              <label key={kind} className="checkbox">
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={form.kind === kind}
                  onChange={() => setForm(newForm(kind, form.name))}
                />
                <span>{t(CONNECTOR_LABEL[kind])}</span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span className="field__label">{t('integrationName')}</span>
            <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          {form.kind === 'whatsapp-web' && <p className="warning-note">{t('whatsappWebWarning')}</p>}
          {form.kind !== 'widget' && form.kind !== 'api' ? (
            <SettingsFields
              fields={CONNECTOR_FIELDS[form.kind]}
              values={form.values}
              onChange={(values) => setForm({ ...form, values })}
            />
          ) : form.kind === 'widget' ? (
            <label className="field">
              <span className="field__label">{t('allowedOrigins')}</span>
              <input
                required
                dir="ltr"
                placeholder="https://shop.example.com"
                value={form.origins}
                onChange={(e) => setForm({ ...form, origins: e.target.value })}
              />
              <span className="field__hint">{t('allowedOriginsHint')}</span>
            </label>
          ) : (
            <label className="field">
              <span className="field__label">{t('callbackUrl')}</span>
              <input
                type="url"
                dir="ltr"
                value={form.callbackUrl}
                onChange={(e) => setForm({ ...form, callbackUrl: e.target.value })}
              />
              <span className="field__hint">{t('callbackUrlHint')}</span>
            </label>
          )}
          <FormError message={error} />
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => setForm(null)}>
              {t('cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('create')}
            </button>
          </div>
        </form>
      )}
      {!form && <FormError message={error ?? list.error} />}
      {items
        ?.filter((item) => item.session?.state === 'NEEDS_RELINKING')
        .map((item) => (
          <p key={item.id} className="warning-note" role="alert">
            {t('needsRelinkingNotice', { name: item.name })}{' '}
            <button type="button" className="button button--link" onClick={() => setLinking(item)}>
              {t('linkPhoneNamed', { name: item.name })}
            </button>
          </p>
        ))}
      {linking && (
        <IntegrationSessionPanel
          key={linking.id}
          integration={linking}
          onClose={() => {
            setLinking(null);
            void list.reload();
          }}
        />
      )}
      {items === null ? (
        <p className="empty">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('noIntegrations')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('integrationName')}</th>
              <th scope="col">{t('integrationKind')}</th>
              <th scope="col">{t('connection')}</th>
              <th scope="col">{t('created')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <bdi>{item.name}</bdi>
                  <span className="muted table__sub" dir="ltr">
                    {item.id}
                  </span>
                </td>
                <td>
                  {isKnownKind(item.connectorId) ? t(CONNECTOR_LABEL[item.connectorId]) : item.connectorId}
                </td>
                <td>
                  {item.session && (
                    <span className={`session-pill session-state--${item.session.state.toLowerCase()}`}>
                      {t(SESSION_STATE_LABEL[item.session.state])}
                    </span>
                  )}
                </td>
                <td>{formatRelative(item.createdAt, locale, now)}</td>
                <td className="table__actions">
                  {item.connectorId === 'widget' && (
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={t('customizeNamed', { name: item.name })}
                      onClick={() => setCustomizing(item)}
                    >
                      {t('customize')}
                    </button>
                  )}
                  {item.connectorId === 'whatsapp-web' && (
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={t('linkPhoneNamed', { name: item.name })}
                      onClick={() => setLinking(item)}
                    >
                      {t('linkPhone')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function secretLabel(key: string, t: AdminTranslate): string {
  if (key === 'identitySecret') return t('identitySecret');
  if (key === 'signingSecret') return t('signingSecret');
  if (key === 'verifyToken') return t('settingVerifyToken');
  return key;
}

function isKnownKind(connectorId: string): connectorId is ConnectorKind {
  return (CONNECTOR_KINDS as readonly string[]).includes(connectorId);
}

/** A connector's settings as fields; the rarely changed ones under "More settings". */
function SettingsFields({
  fields,
  values,
  onChange,
}: {
  fields: readonly SettingField[];
  values: SettingValues;
  onChange(values: SettingValues): void;
}) {
  const { t } = useAdminI18n();
  const field = (f: SettingField) =>
    f.kind === 'boolean' ? (
      <label key={f.key} className="checkbox">
        <input
          type="checkbox"
          checked={values[f.key] === true}
          onChange={(e) => onChange({ ...values, [f.key]: e.target.checked })}
        />
        <span>{t(f.label)}</span>
      </label>
    ) : (
      <label key={f.key} className="field">
        <span className="field__label">{t(f.label)}</span>
        <input
          type={f.kind === 'secret' ? 'password' : f.kind === 'url' ? 'url' : 'text'}
          dir="ltr"
          autoComplete="off"
          required={f.required}
          placeholder={typeof f.fallback === 'string' ? f.fallback : undefined}
          value={String(values[f.key] ?? '')}
          onChange={(e) => onChange({ ...values, [f.key]: e.target.value })}
        />
        {f.hint ? (
          <span className="field__hint">{t(f.hint)}</span>
        ) : typeof f.fallback === 'string' ? (
          <span className="field__hint">{t('settingDefaultHint', { value: f.fallback })}</span>
        ) : null}
      </label>
    );
  const advanced = fields.filter((f) => f.advanced);
  return (
    <>
      {fields.filter((f) => !f.advanced).map(field)}
      {advanced.length > 0 && (
        <details className="settings-advanced">
          <summary>{t('settingsAdvanced')}</summary>
          {advanced.map(field)}
        </details>
      )}
    </>
  );
}
