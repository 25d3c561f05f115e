import type { Logger } from 'pino';
import type WebSocket from 'ws';

/**
 * How many bytes may wait for a subscriber (in the net socket's write buffer plus the frames
 * queued for the next flush) before new frames are held back. Past it, graphql-ws's `send` does
 * not resolve until the socket drains, so a slow client's subscriptions wait for it, as they did
 * when ws called back once per written frame, instead of the hub queueing frames for it without
 * bound. 1 MiB is several thousand events: a console that is merely busy never reaches it; one that
 * stopped reading does, and then gets nothing more until it reads again.
 */
export const COALESCING_HIGH_WATER_MARK = 1024 * 1024;

type SendData = Parameters<WebSocket['send']>[0];
type SendOptions = Exclude<Parameters<WebSocket['send']>[1], ((err?: Error) => void) | undefined>;
type SendCallback = (err?: Error) => void;

/** The part of the net socket under a `ws` WebSocket that the coalescing uses. */
interface NetSocket {
  readonly writableLength: number;
  readonly writableHighWaterMark: number;
  cork(): void;
  uncork(): void;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

interface QueuedFrame {
  data: SendData;
  options: SendOptions | undefined;
  /** The sender's callback until it has been called; then undefined. */
  callback: SendCallback | undefined;
}

export interface FrameCoalescingOptions {
  /** Bytes waiting for the client past which new frames are held; see COALESCING_HIGH_WATER_MARK. */
  highWaterMark?: number;
  /** Told when a frame whose send was already acknowledged could not be written. */
  logger?: Pick<Logger, 'warn'>;
}

const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
const coalesced = new WeakSet<WebSocket>();

/**
 * Makes every frame sent on `socket` during one event-loop turn leave in one socket write.
 *
 * graphql-ws awaits each frame's send callback before it produces the next frame (`for await`
 * over the subscription, `await emit.next`), and `ws` calls that callback only once the frame has
 * been written: fifty events of one realtime-bus message become fifty `writev` calls, and corking
 * the socket alone would only stall graphql-ws until the uncork. So `send` is replaced: it queues
 * the frame and, while the client keeps up, acknowledges it at once (in a microtask, so
 * graphql-ws produces the next frame in the same turn). Once per turn (setImmediate) the queue is
 * written with the original `send`, in order, between one cork and one uncork of the net socket.
 * That adds at most one turn of latency.
 *
 * - Backpressure: when more than `highWaterMark` bytes wait for the client, new frames are still
 *   queued (order) but their callbacks are held until the net socket emits 'drain'.
 * - Closing: a frame sent on a socket that is no longer open goes straight to `ws` (which calls
 *   back with an error); queued frames are dropped when the socket stops being open, and held
 *   callbacks get that same error. `close()` first writes what is queued, so a close frame never
 *   overtakes data frames.
 * - Failure: if writing a frame fails after its callback already said it was sent, nobody is left
 *   to tell, so the socket is terminated (graphql-ws cleans up on close) and `logger` is warned.
 *
 * Assumes permessage-deflate is off (the `ws` server default, and Nest's): with it, `ws`
 * compresses frames asynchronously and they would leave after the uncork.
 *
 * @example
 * // graphql-ws onConnect, once the connection is accepted:
 * coalesceWebSocketFrames((ctx.extra as { socket: WebSocket }).socket, { logger });
 */
export function coalesceWebSocketFrames(socket: WebSocket, options: FrameCoalescingOptions = {}): void {
  const net = (socket as unknown as { _socket?: NetSocket | null })._socket;
  if (!net || coalesced.has(socket)) return;
  coalesced.add(socket);
  // 'drain' is emitted only after a write found the buffer at its own high-water mark: waiting
  // for it is safe only above that mark.
  const highWaterMark = Math.max(
    options.highWaterMark ?? COALESCING_HIGH_WATER_MARK,
    net.writableHighWaterMark,
  );
  const send = socket.send.bind(socket) as (data: SendData, options: SendOptions, cb: SendCallback) => void;
  const close = socket.close.bind(socket);

  let queue: QueuedFrame[] = [];
  let queuedBytes = 0;
  let held: QueuedFrame[] = [];
  let flushScheduled = false;
  let awaitingDrain = false;
  let failed = false;

  const waitingBytes = () => net.writableLength + queuedBytes;

  const settle = (frame: QueuedFrame, err?: Error) => {
    const callback = frame.callback;
    if (!callback) return;
    frame.callback = undefined;
    // Like ws, never call back from inside send(); a microtask keeps it within this turn.
    queueMicrotask(() => (err ? callback(err) : callback()));
  };

  const notOpen = () =>
    new Error(`WebSocket is not open: readyState ${socket.readyState} (${READY_STATES[socket.readyState]})`);

  const failHeld = () => {
    const frames = held;
    held = [];
    for (const frame of frames) settle(frame, notOpen());
  };

  const releaseHeld = () => {
    const frames = held;
    held = [];
    for (const frame of frames) settle(frame);
  };

  const onDrain = () => {
    awaitingDrain = false;
    // Frames queued meanwhile are written by the flush already scheduled, which decides again.
    if (waitingBytes() <= highWaterMark) releaseHeld();
  };

  const writeFailed = (frame: QueuedFrame, err: Error) => {
    if (frame.callback) {
      held = held.filter((f) => f !== frame);
      settle(frame, err);
      return;
    }
    if (failed) return;
    failed = true;
    options.logger?.warn(
      { err },
      'graphql-ws frame lost after its send was acknowledged; terminating the socket',
    );
    socket.terminate();
  };

  const flush = () => {
    flushScheduled = false;
    const frames = queue;
    queue = [];
    queuedBytes = 0;
    if (socket.readyState !== socket.OPEN) {
      failHeld();
      return;
    }
    if (frames.length > 0) {
      net.cork();
      try {
        for (const frame of frames) {
          try {
            send(frame.data, frame.options ?? {}, (err) => {
              if (err) writeFailed(frame, err);
            });
          } catch (e) {
            writeFailed(frame, e instanceof Error ? e : new Error(String(e)));
          }
        }
      } finally {
        net.uncork();
      }
    }
    if (held.length === 0) return;
    if (net.writableLength <= highWaterMark) releaseHeld();
    else if (!awaitingDrain) {
      awaitingDrain = true;
      net.once('drain', onDrain);
    }
  };

  const coalescedSend = (
    data: SendData,
    optionsOrCallback?: SendOptions | SendCallback,
    cb?: SendCallback,
  ) => {
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : cb;
    const sendOptions = typeof optionsOrCallback === 'function' ? undefined : optionsOrCallback;
    if (socket.readyState !== socket.OPEN) {
      // ws's own answer: an error to the callback (or a throw while CONNECTING).
      send(data, sendOptions ?? {}, callback ?? (() => undefined));
      return;
    }
    const frame: QueuedFrame = { data, options: sendOptions, callback };
    queue.push(frame);
    queuedBytes += approximateSize(data);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
    // Once anything is held, later frames wait behind it: callbacks come back in order.
    if (held.length === 0 && waitingBytes() <= highWaterMark) settle(frame);
    else held.push(frame);
  };

  socket.send = coalescedSend as WebSocket['send'];
  socket.close = (code?: number, reason?: string | Buffer) => {
    if (queue.length > 0) flush();
    close(code, reason);
  };
  socket.once('close', () => {
    if (awaitingDrain) net.removeListener('drain', onDrain);
    awaitingDrain = false;
    queue = [];
    queuedBytes = 0;
    failHeld();
  });
}

/** Close enough for a threshold: graphql-ws sends JSON strings, mostly ASCII. */
function approximateSize(data: SendData): number {
  if (typeof data === 'string') return data.length;
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}
