import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives working defaults for a local machine', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({
      HUB_ROLE: 'all',
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/switchboard',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      SEED_DEMO: true,
    });
  });

  it('takes the role from --role= over HUB_ROLE', () => {
    expect(loadConfig({ HUB_ROLE: 'api' }, ['node', 'main.js', '--role=worker']).HUB_ROLE).toBe('worker');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ HUB_ROLE: 'web' }, 'HUB_ROLE'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ ENCRYPTION_KEY: 'short' }, 'ENCRYPTION_KEY'],
    [{ NODE_ENV: 'production' }, 'ENCRYPTION_KEY'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env, [])).toThrow(ConfigError);
    expect(() => loadConfig(env, [])).toThrow(new RegExp(variable));
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: '-1', HUB_ROLE: 'x' }, []);
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(2);
    }
  });
});
