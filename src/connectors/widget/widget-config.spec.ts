import { describe, expect, it } from '@jest/globals';
import {
  defaultWidgetConfig,
  isMimeTypeAllowed,
  parseWidgetConfig,
  type WidgetConfig,
  type WidgetConfigInput,
} from './widget-config';

const DEFAULTS: WidgetConfig = {
  locale: 'auto',
  appearance: {
    primaryColor: '#1f6feb',
    textOnPrimary: '#ffffff',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    position: 'right',
    offsetX: 20,
    offsetY: 20,
    launcherText: '',
    launcherIcon: 'chat',
    logoUrl: null,
    title: null,
    welcomeText: null,
    showAgentName: true,
    showAgentPhoto: true,
    theme: 'light',
    hideOnMobile: false,
  },
  prechat: { enabled: false, fields: [] },
  sneakPeek: true,
  offlineEmail: true,
  attachments: {
    enabled: true,
    maxBytes: 10 * 1024 * 1024,
    allowedTypes: ['image/*', 'application/pdf', 'text/plain'],
  },
  invitations: [],
};

const invitation = { id: 'pricing', message: 'Questions about plans?' };
const field = (id: string, type = 'text') => ({ id, type, label: id });
const unrecognized = (path: string) => new RegExp(`^${path.replace(/\./g, '\\.')}: Unrecognized key`);
const atPath = (path: string) => new RegExp(`^${path.replace(/\./g, '\\.')}: `);

describe('parseWidgetConfig', () => {
  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['undefined', undefined],
    ['null', null],
    ['empty sections', { appearance: {}, prechat: {}, attachments: {} }],
  ])('fills every default for %s', (_name, input) => {
    expect(parseWidgetConfig(input)).toEqual({ ok: true, config: DEFAULTS });
  });

  it('gives the same defaults as defaultWidgetConfig', () => {
    expect(defaultWidgetConfig()).toEqual(DEFAULTS);
  });

  it('keeps a full customization, trims text and fills defaults inside fields and invitations', () => {
    const input: WidgetConfigInput = {
      locale: 'fr',
      appearance: {
        primaryColor: '#AA00ff',
        fontFamily: "'Open Sans', Arial, sans-serif",
        position: 'left',
        logoUrl: ' https://cdn.example.com/logo.png ',
        title: '  Support  ',
        theme: 'dark',
      },
      prechat: {
        enabled: true,
        fields: [
          { id: 'name', type: 'name', label: 'Your name', required: true },
          { id: 'topic', type: 'choice', label: 'Topic', options: ['Billing', 'Sales'] },
          { id: 'gdpr', type: 'consent', label: 'I agree to the privacy policy', required: true },
        ],
      },
      attachments: { maxBytes: 2048, allowedTypes: ['image/png'] },
      invitations: [{ ...invitation, delaySeconds: 0, urlPattern: 'https://shop.example.com/pricing*' }],
    };
    expect(parseWidgetConfig(input)).toEqual({
      ok: true,
      config: {
        ...DEFAULTS,
        locale: 'fr',
        appearance: {
          ...DEFAULTS.appearance,
          primaryColor: '#AA00ff',
          fontFamily: "'Open Sans', Arial, sans-serif",
          position: 'left',
          logoUrl: 'https://cdn.example.com/logo.png',
          title: 'Support',
          theme: 'dark',
        },
        prechat: {
          enabled: true,
          fields: [
            { id: 'name', type: 'name', label: 'Your name', required: true },
            { id: 'topic', type: 'choice', label: 'Topic', required: false, options: ['Billing', 'Sales'] },
            { id: 'gdpr', type: 'consent', label: 'I agree to the privacy policy', required: true },
          ],
        },
        attachments: { enabled: true, maxBytes: 2048, allowedTypes: ['image/png'] },
        invitations: [
          {
            id: 'pricing',
            message: 'Questions about plans?',
            agentName: null,
            delaySeconds: 0,
            urlPattern: 'https://shop.example.com/pricing*',
            minVisits: 0,
            returningOnly: false,
          },
        ],
      },
    });
  });

  it.each<[string, string]>([
    ['an absolute https URL', 'https://cdn.example.com/logo.png?v=2'],
    ['an http URL', 'http://localhost:3000/logo.png'],
    ['a path on the hub', '/files/logo.png'],
  ])('accepts %s as logo', (_name, logoUrl) => {
    expect(parseWidgetConfig({ appearance: { logoUrl } })).toMatchObject({
      ok: true,
      config: { appearance: { logoUrl } },
    });
  });

  it.each<[string, unknown, Array<string | RegExp>]>([
    [
      'a colour name',
      { appearance: { primaryColor: 'red' } },
      ['appearance.primaryColor: must be a colour like #1f6feb'],
    ],
    [
      'a 3-digit colour',
      { appearance: { textOnPrimary: '#fff' } },
      ['appearance.textOnPrimary: must be a colour like #1f6feb'],
    ],
    [
      'a colour with CSS after it',
      { appearance: { primaryColor: '#1f6feb; background:url(//evil.io)' } },
      ['appearance.primaryColor: must be a colour like #1f6feb'],
    ],
    [
      'a font family breaking out of the style element',
      { appearance: { fontFamily: 'x;}</style><script>alert(1)</script>' } },
      ['appearance.fontFamily: must be a CSS font-family list'],
    ],
    [
      'a font family adding a declaration',
      { appearance: { fontFamily: 'Arial; background: url(https://evil.io/x)' } },
      ['appearance.fontFamily: must be a CSS font-family list'],
    ],
    [
      'a javascript: logo URL',
      { appearance: { logoUrl: 'javascript:alert(1)' } },
      ['appearance.logoUrl: must be an http(s) URL or a path on the hub'],
    ],
    [
      'a data: logo URL',
      { appearance: { logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>' } },
      ['appearance.logoUrl: must be an http(s) URL or a path on the hub'],
    ],
    [
      'a logo URL breaking out of its attribute',
      { appearance: { logoUrl: 'https://cdn.example.com/x.png" onerror="alert(1)' } },
      ['appearance.logoUrl: must be an http(s) URL or a path on the hub'],
    ],
    [
      'an offset out of range',
      { appearance: { offsetX: 501, offsetY: -1 } },
      [atPath('appearance.offsetX'), atPath('appearance.offsetY')],
    ],
    ['an unknown locale', { locale: 'it' }, [atPath('locale')]],
    [
      'a choice field without options',
      { prechat: { fields: [field('topic', 'choice')] } },
      ['prechat.fields.0.options: a choice field needs at least 2 options'],
    ],
    [
      'a choice field with one option',
      { prechat: { fields: [{ ...field('topic', 'choice'), options: ['Billing'] }] } },
      ['prechat.fields.0.options: a choice field needs at least 2 options'],
    ],
    [
      'duplicate field ids',
      { prechat: { fields: [field('email', 'email'), field('topic'), field('email')] } },
      ['prechat.fields.2.id: duplicate field id "email"'],
    ],
    [
      'a field id starting with a digit',
      { prechat: { fields: [field('1st')] } },
      ['prechat.fields.0.id: must be 1 to 40 letters, digits, _ or -, starting with a letter'],
    ],
    [
      'a blank field label',
      { prechat: { fields: [{ ...field('name', 'name'), label: '   ' }] } },
      [atPath('prechat.fields.0.label')],
    ],
    [
      'an unknown field type',
      { prechat: { fields: [field('phone', 'phone')] } },
      [atPath('prechat.fields.0.type')],
    ],
    ['an unknown top-level key', { colour: '#000000' }, [unrecognized('config')]],
    ['an unknown appearance key', { appearance: { css: 'body{}' } }, [unrecognized('appearance')]],
    ['an unknown prechat key', { prechat: { enable: true } }, [unrecognized('prechat')]],
    ['an unknown attachments key', { attachments: { maxSize: 1 } }, [unrecognized('attachments')]],
    [
      'an unknown key in a pre-chat field',
      { prechat: { fields: [{ ...field('topic', 'choice'), choices: ['a', 'b'] }] } },
      [unrecognized('prechat.fields.0'), 'prechat.fields.0.options: a choice field needs at least 2 options'],
    ],
    [
      'an unknown key in an invitation',
      { invitations: [{ ...invitation, delay: 30 }] },
      [unrecognized('invitations.0')],
    ],
    [
      'an invitation delay above an hour',
      { invitations: [{ ...invitation, delaySeconds: 3601 }] },
      [atPath('invitations.0.delaySeconds')],
    ],
    [
      'a fractional invitation delay',
      { invitations: [{ ...invitation, delaySeconds: 1.5 }] },
      [atPath('invitations.0.delaySeconds')],
    ],
    [
      'negative and too many minimum visits',
      {
        invitations: [
          { ...invitation, minVisits: -1 },
          { ...invitation, id: 'b', minVisits: 1001 },
        ],
      },
      [atPath('invitations.0.minVisits'), atPath('invitations.1.minVisits')],
    ],
    [
      'a blank invitation message',
      { invitations: [{ ...invitation, message: '   ' }] },
      [atPath('invitations.0.message')],
    ],
    [
      'more than 20 invitations',
      { invitations: Array.from({ length: 21 }, (_, i) => ({ ...invitation, id: `i${i}` })) },
      [atPath('invitations')],
    ],
    ['an attachment size under 1 KB', { attachments: { maxBytes: 1023 } }, [atPath('attachments.maxBytes')]],
    [
      'a MIME pattern that allows everything',
      { attachments: { allowedTypes: ['image/png', '*/*'] } },
      ['attachments.allowedTypes.1: must be a MIME type like image/* or application/pdf'],
    ],
    [
      'several problems at once',
      { appearance: { primaryColor: 'blue', logoUrl: 'javascript:alert(1)' }, invitations: [{ id: 'x' }] },
      [
        'appearance.primaryColor: must be a colour like #1f6feb',
        'appearance.logoUrl: must be an http(s) URL or a path on the hub',
        atPath('invitations.0.message'),
      ],
    ],
    ['a config that is not an object', 'blue', [atPath('config')]],
  ])('reports %s with its path', (_name, input, problems) => {
    expect(parseWidgetConfig(input)).toEqual({
      ok: false,
      problems: problems.map((p) => (typeof p === 'string' ? p : expect.stringMatching(p))),
    });
  });
});

describe('isMimeTypeAllowed', () => {
  const allowed = ['image/*', 'application/pdf', 'text/plain'];

  it.each<[string, boolean]>([
    ['image/png', true],
    ['image/svg+xml', true],
    ['IMAGE/JPEG', true],
    ['application/pdf', true],
    ['text/plain; charset=utf-8', true],
    ['Text/Plain ;charset=utf-8', true],
    ['application/pdfx', false],
    ['application/x-pdf', false],
    ['text/html', false],
    ['imagex/png', false],
    ['video/mp4', false],
    ['', false],
  ])('%p → %p', (mimeType, expected) => {
    expect(isMimeTypeAllowed(allowed, mimeType)).toBe(expected);
  });

  it('allows nothing with an empty list', () => {
    expect(isMimeTypeAllowed([], 'image/png')).toBe(false);
  });
});
