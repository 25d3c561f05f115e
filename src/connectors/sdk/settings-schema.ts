import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { parseHttpUrl } from './allowed-hosts';

/**
 * One setting an admin fills in when creating an integration.
 *
 * - `type`: `url` accepts only http(s) URLs; `enum` needs `options`.
 * - `secret`: stored encrypted, never returned by the API, handed to hooks decrypted in
 *   `ctx.settings`. Only `string` and `url` settings can be secret, and a secret has no `default`.
 * - `generate`: the host creates the value when the admin leaves it empty (a signing secret the
 *   admin then copies into their system). Only on secret `string` settings.
 *
 * @example
 * ```ts
 * const signingSecret: SettingField = {
 *   type: 'string',
 *   label: 'Signing secret',
 *   secret: true,
 *   required: true,
 *   generate: { prefix: 'whsec_', bytes: 24, encoding: 'base64' },
 * };
 * ```
 */
export interface SettingField {
  type: 'string' | 'url' | 'number' | 'boolean' | 'enum';
  label: string;
  description?: string;
  required?: boolean;
  secret?: boolean;
  default?: string | number | boolean;
  /** Allowed values of an `enum` setting. */
  options?: string[];
  generate?: { prefix?: string; bytes: number; encoding: 'base64' | 'hex' };
  /**
   * Checks a given value beyond its type; returns the problem to show the admin, or undefined.
   *
   * @example
   * ```ts
   * const allowedOrigins: SettingField = {
   *   type: 'string', label: 'Allowed origins', required: true,
   *   check: (v) => (String(v).includes('/') ? undefined : 'list origins like https://shop.example.com'),
   * };
   * ```
   */
  check?: (value: string | number | boolean) => string | undefined;
}

/**
 * A connector's settings, by name (`camelCase`).
 *
 * @example
 * ```ts
 * const settings: SettingsSchema = {
 *   callbackUrl: { type: 'url', label: 'Callback URL' },
 *   apiKey: { type: 'string', label: 'API key', secret: true, required: true },
 *   region: { type: 'enum', label: 'Region', options: ['eu', 'us'], default: 'eu' },
 * };
 * ```
 */
export type SettingsSchema = Record<string, SettingField>;

/** Result of {@link validateSettings}: either the split, coerced values or every problem found. */
export type SettingsValidationResult =
  | { ok: true; settings: Record<string, unknown>; secrets: Record<string, string>; generated: string[] }
  | { ok: false; problems: string[] };

const FIELD_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const FIELD_TYPES: readonly SettingField['type'][] = ['string', 'url', 'number', 'boolean', 'enum'];

function isMissing(value: unknown): boolean {
  // Admin forms post empty strings for untouched inputs; treat them as "not given".
  return value === undefined || value === null || value === '';
}

type Coerced = { ok: true; value: string | number | boolean } | { ok: false; problem: string };

function coerce(name: string, field: SettingField, value: unknown): Coerced {
  switch (field.type) {
    case 'string':
      return typeof value === 'string'
        ? { ok: true, value }
        : { ok: false, problem: `${name} must be a string` };
    case 'url':
      return typeof value === 'string' && parseHttpUrl(value)
        ? { ok: true, value }
        : { ok: false, problem: `${name} must be an http(s) URL` };
    case 'number': {
      // Forms and env-style inputs send numbers as text.
      const n = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, problem: `${name} must be a number` };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false, problem: `${name} must be true or false` };
    case 'enum': {
      const options = field.options ?? [];
      return typeof value === 'string' && options.includes(value)
        ? { ok: true, value }
        : { ok: false, problem: `${name} must be one of: ${options.join(', ')}` };
    }
  }
}

/**
 * Checks an admin's input against a schema, applies defaults, generates missing `generate`
 * secrets, and splits the result into plain settings and secrets (which the host encrypts).
 * Reports every problem at once, each naming the field; unknown fields are problems too.
 *
 * @example
 * ```ts
 * const result = validateSettings(definition.settings, { callbackUrl: 'ftp://x' });
 * // { ok: false, problems: ['callbackUrl must be an http(s) URL'] }
 * ```
 */
export function validateSettings(
  schema: SettingsSchema,
  input: Record<string, unknown>,
  opts: { randomBytes?: (n: number) => Buffer } = {},
): SettingsValidationResult {
  const randomBytes = opts.randomBytes ?? cryptoRandomBytes;
  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  const generated: string[] = [];

  for (const [name, field] of Object.entries(schema)) {
    const value = input[name];
    if (isMissing(value)) {
      if (field.secret && field.generate) {
        const { prefix = '', bytes, encoding } = field.generate;
        secrets[name] = prefix + randomBytes(bytes).toString(encoding);
        generated.push(name);
      } else if (field.default !== undefined) {
        settings[name] = field.default;
      } else if (field.required) {
        problems.push(`${name} is required`);
      }
      continue;
    }
    const coerced = coerce(name, field, value);
    const checked = coerced.ok ? field.check?.(coerced.value) : undefined;
    if (!coerced.ok) problems.push(coerced.problem);
    else if (checked) problems.push(`${name}: ${checked}`);
    else if (field.secret) secrets[name] = String(coerced.value);
    else settings[name] = coerced.value;
  }

  const known = Object.keys(schema);
  for (const name of Object.keys(input)) {
    if (!Object.prototype.hasOwnProperty.call(schema, name)) {
      problems.push(
        `${name} is not a setting of this connector (known settings: ${known.join(', ') || 'none'})`,
      );
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings, secrets, generated };
}

/**
 * Names of the secret settings, for encryption and redaction.
 *
 * @example
 * ```ts
 * secretFieldNames(apiConnector.settings); // ['signingSecret']
 * ```
 */
export function secretFieldNames(schema: SettingsSchema): string[] {
  return Object.entries(schema)
    .filter(([, field]) => field.secret === true)
    .map(([name]) => name);
}

function defaultProblem(name: string, field: SettingField): string | undefined {
  if (field.default === undefined) return undefined;
  if (field.secret) return `settings.${name} is secret and must not have a default; remove the default`;
  const coerced = coerce(name, field, field.default);
  const sameType =
    (field.type === 'number' && typeof field.default === 'number') ||
    (field.type === 'boolean' && typeof field.default === 'boolean') ||
    (['string', 'url', 'enum'].includes(field.type) && typeof field.default === 'string');
  return coerced.ok && sameType
    ? undefined
    : `settings.${name}.default does not fit type ${field.type}: ${coerced.ok ? `give a ${field.type}` : coerced.problem}`;
}

/**
 * Problems with a schema itself (as opposed to an admin's input); `defineConnector` reports them.
 *
 * @example
 * ```ts
 * findSettingsSchemaProblems({ region: { type: 'enum', label: 'Region' } });
 * // ['settings.region is an enum without options; list the allowed values in options']
 * ```
 */
export function findSettingsSchemaProblems(schema: SettingsSchema): string[] {
  const problems: string[] = [];
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return ['settings must be an object of setting fields; use {} for a connector without settings'];
  }
  for (const [name, field] of Object.entries(schema)) {
    if (!FIELD_NAME_PATTERN.test(name)) {
      problems.push(`settings.${name} has an invalid name; use camelCase letters, digits and _ only`);
    }
    if (typeof field !== 'object' || field === null) {
      problems.push(`settings.${name} must be an object with at least type and label`);
      continue;
    }
    if (!FIELD_TYPES.includes(field.type)) {
      problems.push(`settings.${name}.type must be one of ${FIELD_TYPES.join(', ')}`);
      continue;
    }
    if (typeof field.label !== 'string' || field.label.trim() === '') {
      problems.push(`settings.${name}.label is missing; give the admin a readable label`);
    }
    if (field.type === 'enum') {
      const options = field.options;
      if (!Array.isArray(options) || options.length === 0 || options.some((o) => typeof o !== 'string')) {
        problems.push(`settings.${name} is an enum without options; list the allowed values in options`);
      } else if (new Set(options).size !== options.length) {
        problems.push(`settings.${name}.options has duplicates; list each value once`);
      }
    } else if (field.options !== undefined) {
      problems.push(`settings.${name}.options is only for enum settings; remove it or set type to enum`);
    }
    if (field.secret && field.type !== 'string' && field.type !== 'url') {
      problems.push(
        `settings.${name} is secret but of type ${field.type}; only string and url settings can be secret`,
      );
    }
    if (field.generate !== undefined) {
      const { bytes, encoding, prefix } = field.generate;
      if (!field.secret || field.type !== 'string') {
        problems.push(
          `settings.${name}.generate is only for secret string settings; set secret: true and type string`,
        );
      }
      if (!Number.isInteger(bytes) || bytes < 16 || bytes > 1024) {
        problems.push(`settings.${name}.generate.bytes must be an integer from 16 to 1024`);
      }
      if (encoding !== 'base64' && encoding !== 'hex') {
        problems.push(`settings.${name}.generate.encoding must be base64 or hex`);
      }
      if (prefix !== undefined && typeof prefix !== 'string') {
        problems.push(`settings.${name}.generate.prefix must be a string`);
      }
    }
    const problem = defaultProblem(name, field);
    if (problem) problems.push(problem);
  }
  return problems;
}
