import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { gql, ok } from '../support/factories';
import { eventually, spawnHub } from '../support/hub';

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');
const base = () => new URL(process.env.DATABASE_URL as string);

function databaseUrl(name: string): string {
  const url = base();
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const admin = base();
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

/** What `npm start` does on a fresh machine, and how it refuses a broken environment. */
describe('first run and boot checks', () => {
  it('creates the database, migrates, seeds a demo and prints a curl command that works', async () => {
    const name = `sb_firstrun_${randomBytes(4).toString('hex')}`;
    const hub = await spawnHub({ DATABASE_URL: databaseUrl(name), SEED_DEMO: 'true', LOG_LEVEL: 'warn' });
    try {
      const printed = await eventually(
        async () => (/--data-binary "\$BODY"; echo/.test(hub.output()) ? hub.output() : undefined),
        10000,
        'the demo instructions',
      );
      const login = printed.match(/Admin login:\s+(\S+) \/ (\S+)/);
      expect(login).not.toBeNull();
      const [, email, password] = login as RegExpMatchArray;
      const curl = printed
        .slice(printed.indexOf("SECRET='"))
        .trimEnd()
        .split('\n')
        .map((l) => l.trim())
        .join('\n');
      const posted = execFileSync('bash', ['-c', curl], { encoding: 'utf8' });
      expect(JSON.parse(posted)).toMatchObject({ ok: true, stored: 1 });
      const token = ok(
        await gql<{ login: { token: string } }>(
          hub.url,
          undefined,
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
          {
            e: email,
            p: password,
          },
        ),
      ).login.token;
      const list = ok(
        await gql<{ conversations: { edges: { node: { id: string } }[] } }>(
          hub.url,
          token,
          '{ conversations(first: 5) { edges { node { id } } } }',
        ),
      );
      expect(list.conversations.edges).toHaveLength(1);

      // The demo shop page at / embeds the demo workspace's widget with the one-tag snippet.
      const { integrations } = ok(
        await gql<{ integrations: { id: string; connectorId: string }[] }>(
          hub.url,
          token,
          '{ integrations { id connectorId } }',
        ),
      );
      const widget = integrations.find((i) => i.connectorId === 'widget');
      expect(widget).toBeDefined();
      const demo = await fetch(`${hub.url}/`);
      expect(demo.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await demo.text()).toContain(
        `<script async src="${hub.url}/widget.js" data-integration-id="${widget?.id}"></script>`,
      );
    } finally {
      await hub.stop();
      await dropDatabase(name);
    }
  });

  it.each([
    ['an invalid port', { PORT: 'eighty' }, 78, /PORT="eighty"/],
    ['an unknown role', { HUB_ROLE: 'web' }, 78, /HUB_ROLE="web"/],
    [
      'an unreachable PostgreSQL',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/switchboard' },
      69,
      /Cannot reach PostgreSQL at 127\.0\.0\.1:1.*set DATABASE_URL/,
    ],
    [
      'an unreachable Redis',
      { REDIS_URL: 'redis://127.0.0.1:1' },
      69,
      /Cannot reach Redis at 127\.0\.0\.1:1.*set REDIS_URL/,
    ],
  ])('stops with one clear line for %s', (_case, env, code, line) => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, SEED_DEMO: 'false', PORT: '0', ...env },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(result.status).toBe(code);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^switchboard: /);
    expect(lines[0]).toMatch(line);
  });
});
