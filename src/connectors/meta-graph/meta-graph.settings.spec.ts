import { validateSettings } from '../sdk';
import { metaGraphSettingsSchema } from './meta-graph.settings';

const schema = metaGraphSettingsSchema("the App Dashboard's webhook form");

describe('metaGraphSettingsSchema', () => {
  it('generates a verify token, defaults the Graph URL and version, and keeps the secrets secret', () => {
    const result = validateSettings(
      schema,
      { appSecret: 'app-secret-123456' },
      {
        randomBytes: (n) => Buffer.alloc(n, 1),
      },
    );
    expect(result).toEqual({
      ok: true,
      settings: { graphBaseUrl: 'https://graph.facebook.com', apiVersion: 'v21.0' },
      secrets: { appSecret: 'app-secret-123456', verifyToken: `vt_${'01'.repeat(24)}` },
      generated: ['verifyToken'],
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no app secret', {}, 'appSecret is required'],
    [
      'a version without v',
      { appSecret: 's', apiVersion: '21.0' },
      'apiVersion: write the version like v21.0',
    ],
    ['a base URL that is not http(s)', { appSecret: 's', graphBaseUrl: 'ftp://graph' }, 'graphBaseUrl'],
  ])('refuses %s', (_name, input, problem) => {
    const result = validateSettings(schema, input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join('\n')).toContain(problem);
  });

  it('tells the admin where to paste the verify token', () => {
    expect(schema.verifyToken.description).toMatch(/paste it into the App Dashboard's webhook form\.$/);
  });
});
