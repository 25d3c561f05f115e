import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gql, ok } from '../support/factories';
import { startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 20000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T>(stdout: string): T {
  return JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as T;
}

/** `npm run cli -- <command>` sets up a real deployment: workspace, admin, integration. */
describe('command line', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'api' });
  });
  afterAll(() => hub.close());

  it('creates a workspace, an admin who can log in and an api integration that takes webhooks', async () => {
    const created = cli('create-workspace', '--name', 'Acme Support');
    expect(created.status).toBe(0);
    const { workspaceId } = json<{ workspaceId: string }>(created.stdout);

    const agent = cli(
      'create-agent',
      '--workspace',
      workspaceId,
      '--email',
      'Ada@Acme.test',
      '--name',
      'Ada',
      '--password',
      'correct horse battery',
      '--role',
      'admin',
    );
    expect(agent.status).toBe(0);
    expect(json<{ email: string; role: string }>(agent.stdout)).toMatchObject({
      email: 'ada@acme.test',
      role: 'admin',
    });

    const integration = cli(
      'create-integration',
      '--workspace',
      workspaceId,
      '--connector',
      'api',
      '--name',
      'Shop',
    );
    expect(integration.status).toBe(0);
    const { id, generatedSecrets } = json<{ id: string; generatedSecrets: { signingSecret: string } }>(
      integration.stdout,
    );
    expect((await postApiMessage(hub.url, id, generatedSecrets.signingSecret)).status).toBe(200);

    const token = ok(
      await gql<{ login: { token: string } }>(
        hub.url,
        undefined,
        'mutation { login(email: "ada@acme.test", password: "correct horse battery") { token } }',
      ),
    ).login.token;
    const me = ok(await gql<{ me: { role: string } }>(hub.url, token, '{ me { role } }'));
    expect(me.me.role).toBe('ADMIN');
  });

  it.each([
    [['create-workspace'], 65, /--name is required/],
    [
      [
        'create-agent',
        '--workspace',
        '00000000-0000-4000-8000-000000000000',
        '--email',
        'a@b.c',
        '--name',
        'A',
        '--password',
        'long enough pw',
      ],
      65,
      /Workspace not found/,
    ],
    [
      [
        'create-integration',
        '--workspace',
        '00000000-0000-4000-8000-000000000000',
        '--connector',
        'api',
        '--name',
        'x',
        '--settings',
        '{oops',
      ],
      65,
      /--settings must be a JSON object/,
    ],
    [['launch-rockets'], 64, /Usage: npm run cli/],
  ])('refuses %j with exit code %d and a clear message', (args, code, message) => {
    const result = cli(...args);
    expect(result.status).toBe(code);
    expect(result.stdout + result.stderr).toMatch(message);
  });
});
