import { newApiIntegration, newWorkspace } from '../support/data';
import { startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

describe('health and metrics', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'all' });
  });
  afterAll(() => hub.close());

  it('reports liveness and readiness of PostgreSQL, Redis and the queues', async () => {
    expect(await (await fetch(`${hub.url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${hub.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { postgres: { status: 'ok' }, redis: { status: 'ok' }, queues: { status: 'ok' } },
    });
  });

  it('exposes HTTP latency, ingested messages, queue depth and delivery failures to Prometheus', async () => {
    const workspaceId = await newWorkspace(hub.app);
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId);
    expect((await postApiMessage(hub.url, integrationId, secret)).status).toBe(200);
    const res = await fetch(`${hub.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /switchboard_http_request_duration_seconds_bucket\{.*route="\/webhooks\/:integrationId".*status="200"/,
    );
    expect(text).toMatch(/switchboard_ingested_messages_total\{connector="api",result="stored"\} [1-9]/);
    expect(text).toMatch(
      /switchboard_queue_jobs\{queue="routing",state="(waiting|active|delayed|failed)"\} \d+/,
    );
    expect(text).toContain('# TYPE switchboard_delivery_failures_total counter');
  });
});
