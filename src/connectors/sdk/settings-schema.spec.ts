import {
  findSettingsSchemaProblems,
  secretFieldNames,
  validateSettings,
  type SettingsSchema,
} from './settings-schema';

const schema: SettingsSchema = {
  callbackUrl: { type: 'url', label: 'Callback URL' },
  apiKey: { type: 'string', label: 'API key', secret: true, required: true },
  signingSecret: {
    type: 'string',
    label: 'Signing secret',
    secret: true,
    generate: { prefix: 'whsec_', bytes: 24, encoding: 'base64' },
  },
  region: { type: 'enum', label: 'Region', options: ['eu', 'us'], default: 'eu' },
  pageSize: { type: 'number', label: 'Page size', default: 50 },
  sandbox: { type: 'boolean', label: 'Sandbox' },
};

const fixedBytes = (n: number) => Buffer.alloc(n, 7);

describe('validateSettings', () => {
  it('splits settings from secrets, applies defaults and generates missing secrets', () => {
    const result = validateSettings(
      schema,
      { apiKey: 'k-123', callbackUrl: 'https://crm.example.com/hook' },
      {
        randomBytes: fixedBytes,
      },
    );
    expect(result).toEqual({
      ok: true,
      settings: { callbackUrl: 'https://crm.example.com/hook', region: 'eu', pageSize: 50 },
      secrets: { apiKey: 'k-123', signingSecret: `whsec_${fixedBytes(24).toString('base64')}` },
      generated: ['signingSecret'],
    });
  });

  it('keeps a supplied secret instead of generating one', () => {
    const result = validateSettings(schema, { apiKey: 'k', signingSecret: 'whsec_abc' });
    expect(result).toMatchObject({ ok: true, secrets: { signingSecret: 'whsec_abc' }, generated: [] });
  });

  it.each([
    ['callbackUrl', 'ftp://crm.example.com', 'callbackUrl must be an http(s) URL'],
    ['callbackUrl', 'not a url', 'callbackUrl must be an http(s) URL'],
    ['region', 'apac', 'region must be one of: eu, us'],
    ['pageSize', 'ten', 'pageSize must be a number'],
    ['sandbox', 'yes', 'sandbox must be true or false'],
    ['apiKey', 42, 'apiKey must be a string'],
  ])('reports %s = %p as "%s"', (field, value, problem) => {
    expect(validateSettings(schema, { apiKey: 'k', [field]: value })).toEqual({
      ok: false,
      problems: [problem],
    });
  });

  it.each([
    ['pageSize', '25', 25],
    ['sandbox', 'true', true],
    ['sandbox', false, false],
  ])('coerces form input %s = %p to %p', (field, value, expected) => {
    const result = validateSettings(schema, { apiKey: 'k', [field]: value });
    expect(result.ok && result.settings[field]).toBe(expected);
  });

  it('reports every problem at once, unknown fields included, and treats an empty string as missing', () => {
    const result = validateSettings(schema, { apiKey: '', callbackUrl: 'x', colour: 'blue' });
    expect(result).toEqual({
      ok: false,
      problems: [
        'callbackUrl must be an http(s) URL',
        'apiKey is required',
        'colour is not a setting of this connector (known settings: callbackUrl, apiKey, signingSecret, region, pageSize, sandbox)',
      ],
    });
  });
});

describe('validateSettings with a check', () => {
  const schema: SettingsSchema = {
    origins: {
      type: 'string',
      label: 'Origins',
      required: true,
      check: (v) => (String(v).startsWith('https://') ? undefined : 'must start with https://'),
    },
  };

  it.each([
    ['https://shop.example.com', true],
    ['shop.example.com', false],
  ])('checks %s beyond its type', (origins, valid) => {
    const result = validateSettings(schema, { origins });
    expect(result.ok).toBe(valid);
    if (!valid) expect(result).toEqual({ ok: false, problems: ['origins: must start with https://'] });
  });
});

describe('secretFieldNames', () => {
  it('lists the secret settings', () => {
    expect(secretFieldNames(schema)).toEqual(['apiKey', 'signingSecret']);
  });
});

describe('findSettingsSchemaProblems', () => {
  it('accepts a valid schema', () => {
    expect(findSettingsSchemaProblems(schema)).toEqual([]);
  });

  it.each<[string, SettingsSchema, RegExp]>([
    [
      'an enum without options',
      { r: { type: 'enum', label: 'R' } },
      /settings\.r is an enum without options/,
    ],
    ['options on a string', { r: { type: 'string', label: 'R', options: ['a'] } }, /only for enum settings/],
    ['a missing label', { r: { type: 'string', label: '' } }, /settings\.r\.label is missing/],
    ['an unknown type', { r: { type: 'date' as never, label: 'R' } }, /settings\.r\.type must be one of/],
    ['a bad name', { 'api-key': { type: 'string', label: 'K' } }, /invalid name; use camelCase/],
    [
      'generate on a non-secret',
      { s: { type: 'string', label: 'S', generate: { bytes: 24, encoding: 'hex' } } },
      /generate is only for secret string settings/,
    ],
    [
      'generate with too few bytes',
      { s: { type: 'string', label: 'S', secret: true, generate: { bytes: 4, encoding: 'hex' } } },
      /generate\.bytes must be an integer from 16 to 1024/,
    ],
    [
      'a secret number',
      { s: { type: 'number', label: 'S', secret: true } },
      /only string and url settings can be secret/,
    ],
    [
      'a secret with a default',
      { s: { type: 'string', label: 'S', secret: true, default: 'x' } },
      /must not have a default/,
    ],
    [
      'a number default on a string',
      { s: { type: 'string', label: 'S', default: 3 } },
      /default does not fit type string/,
    ],
    [
      'an enum default outside options',
      { s: { type: 'enum', label: 'S', options: ['a'], default: 'b' } },
      /default does not fit type enum/,
    ],
    [
      'an invalid url default',
      { s: { type: 'url', label: 'S', default: 'nope' } },
      /default does not fit type url/,
    ],
  ])('reports %s', (_label, broken, problem) => {
    expect(findSettingsSchemaProblems(broken)).toEqual([expect.stringMatching(problem)]);
  });
});
