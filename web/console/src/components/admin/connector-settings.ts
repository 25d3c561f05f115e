import type { AdminMessageKey } from '../../i18n/admin-messages';

/** The connectors the create form offers; widget and api keep their own fields in the screen. */
export type ConnectorKind = 'widget' | 'api' | 'messenger' | 'whatsapp-cloud' | 'whatsapp-web';

export const CONNECTOR_KINDS: readonly ConnectorKind[] = [
  'widget',
  'api',
  'messenger',
  'whatsapp-cloud',
  'whatsapp-web',
];

export const CONNECTOR_LABEL: Record<ConnectorKind, AdminMessageKey> = {
  widget: 'kindWidget',
  api: 'kindApi',
  messenger: 'kindMessenger',
  'whatsapp-cloud': 'kindWhatsappCloud',
  'whatsapp-web': 'kindWhatsappWeb',
};

/**
 * One setting of a connector's schema (src/connectors/<id>/<id>.settings.ts) as the form shows it.
 * `fallback` is the hub's default, shown as the placeholder: an empty field is left out so the
 * hub applies it (and generates an omitted secret).
 */
export interface SettingField {
  key: string;
  label: AdminMessageKey;
  kind: 'text' | 'secret' | 'url' | 'boolean';
  required?: boolean;
  fallback?: string | boolean;
  hint?: AdminMessageKey;
  /** Shown under "More settings": the defaults are right for almost everyone. */
  advanced?: boolean;
}

const META_FIELDS: SettingField[] = [
  { key: 'appSecret', label: 'settingAppSecret', kind: 'secret', required: true },
  { key: 'verifyToken', label: 'settingVerifyToken', kind: 'secret', hint: 'settingVerifyTokenHint' },
  {
    key: 'graphBaseUrl',
    label: 'settingGraphBaseUrl',
    kind: 'url',
    fallback: 'https://graph.facebook.com',
    hint: 'settingGraphBaseUrlHint',
    advanced: true,
  },
  { key: 'apiVersion', label: 'settingApiVersion', kind: 'text', fallback: 'v21.0', advanced: true },
];

/**
 * The settings of the connectors without a form of their own. The hub has no query listing a
 * connector's schema, so these mirror the schemas; the hub still checks every value.
 */
export const CONNECTOR_FIELDS: Record<'messenger' | 'whatsapp-cloud' | 'whatsapp-web', SettingField[]> = {
  messenger: [
    { key: 'pageId', label: 'settingPageId', kind: 'text', required: true },
    { key: 'pageAccessToken', label: 'settingPageAccessToken', kind: 'secret', required: true },
    ...META_FIELDS,
    { key: 'humanAgentTag', label: 'settingHumanAgentTag', kind: 'boolean', fallback: false },
  ],
  'whatsapp-cloud': [
    { key: 'phoneNumberId', label: 'settingPhoneNumberId', kind: 'text', required: true },
    { key: 'wabaId', label: 'settingWabaId', kind: 'text', hint: 'settingWabaIdHint' },
    { key: 'accessToken', label: 'settingAccessToken', kind: 'secret', required: true },
    ...META_FIELDS,
  ],
  'whatsapp-web': [
    {
      key: 'dataDirectory',
      label: 'settingDataDirectory',
      kind: 'text',
      fallback: '/var/lib/switchboard/whatsapp-web',
      advanced: true,
    },
    {
      key: 'executablePath',
      label: 'settingExecutablePath',
      kind: 'text',
      fallback: '/usr/bin/chromium',
      advanced: true,
    },
    { key: 'headless', label: 'settingHeadless', kind: 'boolean', fallback: true, advanced: true },
    { key: 'clientId', label: 'settingClientId', kind: 'text', advanced: true },
    { key: 'includeGroups', label: 'settingIncludeGroups', kind: 'boolean', fallback: false },
    {
      key: 'includeStatusBroadcasts',
      label: 'settingIncludeStatusBroadcasts',
      kind: 'boolean',
      fallback: false,
    },
  ],
};

export type SettingValues = Record<string, string | boolean>;

/** The form's starting values: checkboxes at the hub's default, text fields empty. */
export function initialSettingValues(fields: readonly SettingField[]): SettingValues {
  return Object.fromEntries(fields.map((f) => [f.key, f.kind === 'boolean' ? f.fallback === true : '']));
}

/**
 * The `settings` of createIntegration: trimmed text, empty fields left out (the hub applies its
 * default or generates the secret), checkboxes as booleans.
 *
 * @example
 * settingsFromForm(CONNECTOR_FIELDS['whatsapp-web'], { dataDirectory: ' ', headless: true, ... })
 * // { headless: true, includeGroups: false, includeStatusBroadcasts: false }
 */
export function settingsFromForm(
  fields: readonly SettingField[],
  values: SettingValues,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.kind === 'boolean') settings[field.key] = value === true;
    else if (typeof value === 'string' && value.trim() !== '') settings[field.key] = value.trim();
  }
  return settings;
}
