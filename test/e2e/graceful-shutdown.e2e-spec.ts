import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { SendMessageService } from '../../src/core/conversations/send-message.service';
import { newAgent, newApiIntegration, newWorkspace } from '../support/data';
import { eventually, spawnHub, startHub, TestHub } from '../support/hub';
import { postApiMessage } from '../support/webhooks';

/** SIGTERM lets in-flight jobs finish: a delivery under way completes before the worker exits. */
describe('graceful shutdown', () => {
  let hub: TestHub;
  let receiver: Server;
  let receiverUrl: string;
  const received: number[] = [];

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'api' });
    // A receiver that takes 1.5 s to answer, so the SIGTERM lands mid-delivery.
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(Date.now());
        setTimeout(
          () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"slow-1"}'),
          1500,
        );
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await hub.close();
    await new Promise((r) => receiver.close(r));
  });

  it('finishes the delivery under way, then exits 0', async () => {
    const db = hub.app.get(DataSource);
    const workspaceId = await newWorkspace(hub.app);
    const agentId = await newAgent(hub.app, workspaceId, { status: 'offline' });
    const { integrationId, secret } = await newApiIntegration(hub.app, workspaceId, receiverUrl);
    expect((await postApiMessage(hub.url, integrationId, secret)).status).toBe(200);
    const [{ id: conversationId }]: { id: string }[] = await db.query(
      'SELECT id FROM conversations WHERE workspace_id = $1',
      [workspaceId],
    );

    const worker = await spawnHub({ HUB_ROLE: 'worker' });
    const message = await hub.app
      .get(SendMessageService)
      .sendMessage(
        { workspaceId, agentId, role: 'agent' },
        { conversationId, clientMessageId: 'slow-reply', text: 'take your time' },
      );
    await eventually(async () => (received.length > 0 ? true : undefined), 10000, 'delivery started');
    const exitCode = await worker.stop();
    expect(exitCode).toBe(0);
    const [row]: { delivery_status: string; provider_message_id: string }[] = await db.query(
      'SELECT delivery_status, provider_message_id FROM messages WHERE id = $1',
      [message.id],
    );
    expect(row).toEqual({ delivery_status: 'sent', provider_message_id: 'slow-1' });
    expect(received).toHaveLength(1);
  }, 30000);
});
