import { execSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { newApiIntegration, newWorkspace } from '../support/data';
import { eventually, spawnHub, startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

const cluster = () => readdirSync('/etc/postgresql')[0];
const pgctl = (action: 'start' | 'stop') =>
  execSync(
    `pg_ctlcluster --skip-systemctl-redirect ${cluster()} main ${action}${action === 'stop' ? ' -m fast' : ''}`,
    {
      stdio: 'pipe',
    },
  );
const pgReady = () => {
  try {
    execSync('pg_isready -h 127.0.0.1 -p 5432 -q');
    return true;
  } catch {
    return false;
  }
};

/**
 * Rule 1 under failure: with PostgreSQL stopped a webhook gets 503 quickly (the provider retries),
 * the hub keeps running, and once PostgreSQL is back ingest works without a restart.
 */
describe('PostgreSQL outage', () => {
  let setup: TestHub;

  beforeAll(async () => {
    setup = await startHub({ HUB_ROLE: 'api' });
  });
  afterAll(async () => {
    if (!pgReady()) pgctl('start');
    await setup.close().catch(() => undefined);
  });

  it('answers 503 within 2 s while PostgreSQL is down and recovers by itself', async () => {
    const workspaceId = await newWorkspace(setup.app);
    const { integrationId, secret } = await newApiIntegration(setup.app, workspaceId);
    const hub = await spawnHub({ HUB_ROLE: 'all' });
    try {
      expect((await postApiMessage(hub.url, integrationId, secret)).status).toBe(200);
      pgctl('stop');
      try {
        for (let i = 0; i < 3; i++) {
          const answer = await postApiMessage(hub.url, integrationId, secret);
          expect(answer.status).toBe(503);
          expect(answer.ms).toBeLessThan(2000);
        }
        expect(hub.child.exitCode).toBeNull();
        expect((await fetch(`${hub.url}/health/live`)).status).toBe(200);
        expect((await fetch(`${hub.url}/health/ready`)).status).toBe(503);
      } finally {
        pgctl('start');
      }
      await eventually(
        async () =>
          (await postApiMessage(hub.url, integrationId, secret)).status === 200 ? true : undefined,
        20000,
        'ingest after recovery',
      );
      expect(hub.child.exitCode).toBeNull();
      expect((await fetch(`${hub.url}/health/ready`)).status).toBe(200);
    } finally {
      await hub.stop();
    }
  }, 60000);
});
