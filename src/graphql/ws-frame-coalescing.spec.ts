import { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { coalesceWebSocketFrames } from './ws-frame-coalescing';

type Callback = (err?: Error) => void;

/** The net socket under the WebSocket: records corks and writes into the shared log. */
class FakeNetSocket extends EventEmitter {
  writableLength = 0;
  readonly writableHighWaterMark = 16;
  constructor(private readonly log: string[]) {
    super();
  }
  cork(): void {
    this.log.push('cork');
  }
  uncork(): void {
    this.log.push('uncork');
  }
}

/**
 * What graphql-ws sees of a `ws` WebSocket. Like ws, `send` writes at once and calls back on a
 * later tick, with an error when the socket is not open (or when the test makes writes fail).
 */
class FakeWebSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  failWrites = false;
  readonly _socket: FakeNetSocket;
  constructor(readonly log: string[]) {
    super();
    this._socket = new FakeNetSocket(log);
  }
  send(data: string, options: object | Callback, cb?: Callback): void {
    const callback = typeof options === 'function' ? options : cb;
    if (this.readyState !== this.OPEN) {
      process.nextTick(() => callback?.(new Error(`WebSocket is not open: readyState ${this.readyState}`)));
      return;
    }
    this.log.push(`write ${data}`);
    process.nextTick(() => callback?.(this.failWrites ? new Error('EPIPE') : undefined));
  }
  close(code?: number): void {
    this.log.push(`close ${code}`);
    this.readyState = 2;
  }
  terminate(): void {
    this.log.push('terminate');
    this.readyState = 2;
  }
  /** The socket went away: ws moves to CLOSED and emits 'close'. */
  closed(): void {
    this.readyState = 3;
    this.emit('close', 1006, Buffer.alloc(0));
  }
}

function coalescedSocket(highWaterMark?: number): { ws: FakeWebSocket; socket: WebSocket; log: string[] } {
  const log: string[] = [];
  const ws = new FakeWebSocket(log);
  const socket = ws as unknown as WebSocket;
  coalesceWebSocketFrames(socket, { highWaterMark });
  return { ws, socket, log };
}

/** graphql-ws's `send`: a promise on the callback, resolved without sending once not open. */
function send(socket: WebSocket, data: string): Promise<void> {
  return new Promise((resolve, reject) => socket.send(data, (err) => (err ? reject(err) : resolve())));
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceWebSocketFrames', () => {
  it('acknowledges frames within the turn and writes them in order between one cork and one uncork', async () => {
    const { socket, log } = coalescedSocket();
    // graphql-ws's subscription loop: the next frame only once the previous send resolved.
    const produced = (async () => {
      for (const frame of ['ack', 'next-1', 'next-2', 'complete']) {
        await send(socket, frame);
        log.push(`sent ${frame}`);
      }
    })();
    await produced;
    expect(log).toEqual(['sent ack', 'sent next-1', 'sent next-2', 'sent complete']);
    await nextTurn();
    expect(log.slice(4)).toEqual([
      'cork',
      'write ack',
      'write next-1',
      'write next-2',
      'write complete',
      'uncork',
    ]);
  });

  it('writes the frames of each turn with one cork of their own', async () => {
    const { socket, log } = coalescedSocket();
    await send(socket, 'a');
    await nextTurn();
    await send(socket, 'b');
    await send(socket, 'c');
    await nextTurn();
    expect(log).toEqual(['cork', 'write a', 'uncork', 'cork', 'write b', 'write c', 'uncork']);
  });

  it('holds callbacks while the socket is congested and releases them on drain', async () => {
    const { ws, socket, log } = coalescedSocket(1000);
    ws._socket.writableLength = 5000;
    let sent = false;
    const pending = send(socket, 'a').then(() => (sent = true));
    await nextTurn();
    await nextTurn();
    expect(log).toEqual(['cork', 'write a', 'uncork']); // written, in order, but not acknowledged
    expect(sent).toBe(false);
    ws._socket.writableLength = 0;
    ws._socket.emit('drain');
    await pending;
    expect(sent).toBe(true);
  });

  it('counts frames queued in the turn towards the threshold, and releases them once written', async () => {
    const { socket, log } = coalescedSocket(1000);
    const acknowledged: string[] = [];
    const frames = ['x'.repeat(600), 'y'.repeat(600), 'z'.repeat(10)];
    const sends = frames.map((f) => send(socket, f).then(() => acknowledged.push(f[0])));
    await Promise.resolve();
    await Promise.resolve();
    expect(acknowledged).toEqual(['x']); // the second one took 1200 bytes past 1000; the third waits behind it
    await nextTurn();
    await Promise.all(sends);
    expect(acknowledged).toEqual(['x', 'y', 'z']);
    expect(log).toEqual(['cork', ...frames.map((f) => `write ${f}`), 'uncork']);
  });

  it('answers a send on a socket that is no longer open with ws’s error, without writing', async () => {
    const { ws, socket, log } = coalescedSocket();
    ws.readyState = 3;
    await expect(send(socket, 'late')).rejects.toThrow('WebSocket is not open');
    await nextTurn();
    expect(log).toEqual([]);
  });

  it('drops queued frames when the socket closes before the flush, and fails held callbacks', async () => {
    const { ws, socket, log } = coalescedSocket(1000);
    ws._socket.writableLength = 5000;
    const held = send(socket, 'held');
    ws.closed();
    await expect(held).rejects.toThrow('WebSocket is not open: readyState 3 (CLOSED)');
    await nextTurn();
    expect(log).toEqual([]);
  });

  it('fails callbacks held for drain when the socket closes instead', async () => {
    const { ws, socket } = coalescedSocket(1000);
    ws._socket.writableLength = 5000;
    const held = send(socket, 'held');
    await nextTurn();
    ws.closed();
    await expect(held).rejects.toThrow('not open');
  });

  it('writes queued frames before a close frame', async () => {
    const { socket, log } = coalescedSocket();
    await send(socket, 'error');
    socket.close(4400, 'bad');
    await nextTurn();
    expect(log).toEqual(['cork', 'write error', 'uncork', 'close 4400']);
  });

  it('terminates the socket when a frame already acknowledged cannot be written', async () => {
    const { ws, socket, log } = coalescedSocket();
    ws.failWrites = true;
    await send(socket, 'a');
    await send(socket, 'b');
    await nextTurn();
    await nextTurn();
    expect(log).toEqual(['cork', 'write a', 'write b', 'uncork', 'terminate']);
  });

  it('hands the write error to a callback that was still held', async () => {
    const { ws, socket } = coalescedSocket(1000);
    ws._socket.writableLength = 5000;
    ws.failWrites = true;
    await expect(send(socket, 'a')).rejects.toThrow('EPIPE');
  });
});
