import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { HubConfig } from '../../src/core/config/config.schema';
import type { DomainEvent } from '../../src/core/realtime/domain-event';
import { RealtimeBus } from '../../src/core/realtime/realtime-bus.service';
import { CONFIG, REDIS } from '../../src/core/tokens';
import { createWorkspaceWithAdmin, untilSubscribed } from '../support/factories';
import { startHub, TestHub } from '../support/hub';
import { spawnScript } from '../support/script-process';

/**
 * A graphql-ws subscriber in its own process that stops reading its socket on "pause" (stdin),
 * and reads again on "resume". It prints one JSON line when subscribed and one when its
 * subscription ends, with how many events it received.
 */
const SUBSCRIBER = `
const WebSocket = require('ws');
const { createClient } = require('graphql-ws');
const [url, token] = process.argv.slice(1);
let socket;
class PausableWebSocket extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols);
    this.once('upgrade', (response) => (socket = response.socket));
  }
}
const print = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'pause') socket.pause();
  if (line === 'resume') socket.resume();
  print({ [line]: true });
});
const client = createClient({
  url,
  webSocketImpl: PausableWebSocket,
  connectionParams: { authorization: 'Bearer ' + token },
  retryAttempts: 0,
  lazy: false,
  on: { connected: () => print({ connected: true }) },
});
let received = 0;
client.subscribe({ query: 'subscription { workspaceEvents { type conversationId messageId seq } }' }, {
  next: () => received++,
  error: (error) => print({ received, error: Array.isArray(error) ? error.map((e) => e.message).join('; ') : String(error) }),
  complete: () => print({ received, complete: true }),
});
`;

interface SubscriberLine {
  connected?: true;
  pause?: true;
  resume?: true;
  received?: number;
  error?: string;
  complete?: true;
}

/** A subscriber that stops reading cannot make the hub hold its backlog without bound. */
describe('a GraphQL subscriber that stops reading', () => {
  const LIMIT = 200;
  let hub: TestHub;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    hub = await startHub({ REALTIME_MAX_BUFFERED_EVENTS: String(LIMIT) });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await hub?.close();
  });

  it('has its subscription ended with an error once more than REALTIME_MAX_BUFFERED_EVENTS wait for it', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    const subscriber = spawnScript<SubscriberLine>(SUBSCRIBER, [hub.wsUrl, admin.token]);
    child = subscriber.child;
    const { nextLine } = subscriber;
    expect(await nextLine()).toEqual({ connected: true });
    await untilSubscribed(hub.app, workspaceId);
    child.stdin!.write('pause\n');
    expect(await nextLine()).toEqual({ pause: true });

    // Far more than the socket buffers hold (about 200 bytes a frame), so the hub must hold back.
    const redis = hub.app.get<Redis>(REDIS);
    const channel = `${hub.app.get<HubConfig>(CONFIG).REDIS_PREFIX}:events:${workspaceId}`;
    const subscribers = async () => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]);
    const bus = hub.app.get(RealtimeBus);
    const conversationId = randomUUID();
    let published = 0;
    for (let batch = 0; batch < 200 && (await subscribers()) > 0; batch++) {
      const events: DomainEvent[] = Array.from({ length: 1000 }, () => ({
        type: 'message.created',
        workspaceId,
        conversationId,
        messageId: randomUUID(),
        seq: ++published,
      }));
      await bus.publish(events);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The hub ended the subscription and left the workspace's channel.
    const deadline = Date.now() + 20000;
    while ((await subscribers()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await subscribers()).toBe(0);

    // The client, reading again, gets what was on its way and then the error that says what to do.
    child.stdin!.write('resume\n');
    expect(await nextLine()).toEqual({ resume: true });
    const end = await nextLine();
    expect(end.error).toMatch(new RegExp(`more than ${LIMIT} events behind.*subscribe again.*messagesSince`));
    expect(end.received).toBeGreaterThan(0);
    expect(end.received).toBeLessThan(published);
  });
});
