import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../src/core/realtime/domain-event';
import { RealtimeBus } from '../../src/core/realtime/realtime-bus.service';
import { createWorkspaceWithAdmin, untilSubscribed } from '../support/factories';
import { startHub, TestHub } from '../support/hub';
import { spawnScript } from '../support/script-process';

const EVENTS = 50;

/**
 * A graphql-ws subscriber in its own process: it counts the TCP `data` chunks that reach its
 * socket after the connection_ack, and prints one JSON line when connected and one with the
 * counts once `expected` events arrived. It has to be another process: a client on the hub's own
 * event loop reads only after the hub's turn ended, when every frame is already in the socket
 * buffer, so it would see one chunk whether the hub wrote once or fifty times.
 */
const SUBSCRIBER = `
const WebSocket = require('ws');
const { createClient } = require('graphql-ws');
const [url, token, expected] = process.argv.slice(1);
let chunks = 0;
let counting = false;
class CountingWebSocket extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols);
    this.once('upgrade', (response) => response.socket.on('data', () => counting && chunks++));
  }
}
const print = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
const client = createClient({
  url,
  webSocketImpl: CountingWebSocket,
  connectionParams: { authorization: 'Bearer ' + token },
  retryAttempts: 0,
  on: { connected: () => { counting = true; print({ connected: true }); } },
});
const seqs = [];
client.subscribe({ query: 'subscription { workspaceEvents { type seq } }' }, {
  next: ({ data, errors }) => {
    if (errors) return print({ error: errors });
    seqs.push(data.workspaceEvents.seq);
    if (seqs.length === Number(expected)) print({ chunks, seqs });
  },
  error: (error) => print({ error: String(error) }),
  complete: () => undefined,
});
`;

interface SubscriberLine {
  connected?: true;
  chunks?: number;
  seqs?: number[];
  error?: unknown;
}

/** Frames of one event-loop turn leave the hub in one write (src/graphql/ws-frame-coalescing.ts). */
describe('GraphQL subscription frames', () => {
  let hub: TestHub;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await hub?.close();
  });

  it('delivers a batch of 50 events in order, in a handful of TCP chunks instead of one per frame', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    const subscriber = spawnScript<SubscriberLine>(SUBSCRIBER, [hub.wsUrl, admin.token, String(EVENTS)]);
    child = subscriber.child;
    const nextLine = async (): Promise<SubscriberLine> => {
      const parsed = await subscriber.nextLine();
      if (parsed.error) throw new Error(`the subscriber failed: ${JSON.stringify(parsed.error)}`);
      return parsed;
    };
    expect(await nextLine()).toEqual({ connected: true });
    await untilSubscribed(hub.app, workspaceId);
    const conversationId = randomUUID();
    const events: DomainEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
      type: 'message.created',
      workspaceId,
      conversationId,
      messageId: randomUUID(),
      seq: i + 1,
    }));
    await hub.app.get(RealtimeBus).publish(events); // one Redis message

    const { chunks, seqs } = await nextLine();
    expect(seqs).toEqual(events.map((_, i) => i + 1));
    // One write per turn: the batch usually arrives in one chunk. Without coalescing, each frame
    // is its own write and a client reading alongside sees dozens.
    expect(chunks).toBeLessThanOrEqual(5);
  });
});
