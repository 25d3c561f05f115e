import { createClient, type Client } from 'graphql-ws';
import { Store } from '../state/store';
import { WORKSPACE_EVENTS } from './graphql-documents';
import type { WorkspaceEvent } from './hub-types';

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting';

export interface RealtimeHandlers {
  onEvent(event: WorkspaceEvent): void;
  /** The socket is back after a drop: whatever happened meanwhile must be fetched again. */
  onReconnected(): void;
  /** The hub refused the token on the socket (it may be expired, or the database briefly down). */
  onRefused(): void;
}

const PING_EVERY_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;
/**
 * graphql-ws sends the subscription right after the connection ack, but the hub needs a moment to
 * attach it to its Redis channel: refetching a little later closes the window in which an event
 * could fall between the refetch and the live stream.
 */
const RESYNC_DELAY_MS = 300;

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && 'reason' in e) return String((e as { reason: unknown }).reason);
  return String(e);
}

function wsUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${path}`;
}

/**
 * The console's one websocket: `workspaceEvents` over graphql-ws, reconnecting forever with a
 * capped backoff. A ping every 10 s with a 5 s pong deadline notices a dead network that never
 * closed the socket. Its state (`phase`) drives the "Reconnecting…" banner.
 */
export class RealtimeConnection extends Store<{ phase: ConnectionPhase }> {
  private client: Client | null = null;
  private unsubscribe: (() => void) | null = null;
  private everConnected = false;
  private dropped = false;
  private disposed = false;
  private socket: WebSocket | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private resubscribeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly token: string,
    private readonly handlers: RealtimeHandlers,
    private readonly path = '/graphql',
  ) {
    super({ phase: 'connecting' });
  }

  start(): void {
    this.client = createClient({
      url: wsUrl(this.path),
      connectionParams: () => ({ authorization: `Bearer ${this.token}` }),
      lazy: false,
      keepAlive: PING_EVERY_MS,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => !this.disposed,
      retryWait: (retries) =>
        new Promise((resolve) =>
          setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) + Math.random() * 500),
        ),
      onNonLazyError: () => undefined,
      on: {
        connected: (socket) => this.onConnected(socket as WebSocket),
        closed: (event) => this.onClosed(event as CloseEvent),
        ping: (received) => {
          if (received) return;
          this.clearPongTimer();
          this.pongTimer = setTimeout(() => {
            if (this.socket?.readyState === WebSocket.OPEN) this.socket.close(4408, 'Pong timeout');
          }, PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received) this.clearPongTimer();
        },
      },
    });
    this.subscribeToEvents();
  }

  dispose(): void {
    this.disposed = true;
    this.clearPongTimer();
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    this.unsubscribe?.();
    void this.client?.dispose();
    this.client = null;
  }

  /**
   * Another subscription on the same socket (an admin screen's live state). graphql-ws subscribes
   * again after a reconnect, and the hub's subscriptions start with the state now, so nothing is
   * missed; `onError` gets the hub's refusal (FORBIDDEN, NOT_FOUND...). Returns the unsubscribe.
   */
  watch<T>(
    query: string,
    variables: Record<string, unknown>,
    onData: (data: T) => void,
    onError: (message: string) => void,
  ): () => void {
    if (!this.client || this.disposed) return () => undefined;
    return this.client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors?.length) onError(result.errors[0].message);
          else if (result.data) onData(result.data as T);
        },
        error: (e) =>
          onError(Array.isArray(e) ? String((e[0] as { message?: string })?.message) : errorText(e)),
        complete: () => undefined,
      },
    );
  }

  private subscribeToEvents(): void {
    if (!this.client || this.disposed) return;
    this.unsubscribe = this.client.subscribe<{ workspaceEvents: WorkspaceEvent }>(
      { query: WORKSPACE_EVENTS },
      {
        next: (result) => {
          if (result.data?.workspaceEvents) this.handlers.onEvent(result.data.workspaceEvents);
        },
        // The hub ended the stream (an error, or a restart draining sockets): subscribe again and
        // refetch, as after any drop.
        error: () => this.resubscribeSoon(),
        complete: () => this.resubscribeSoon(),
      },
    );
  }

  private resubscribeSoon(): void {
    if (this.disposed) return;
    this.unsubscribe = null;
    this.dropped = true;
    this.setState({ phase: 'reconnecting' });
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = setTimeout(() => {
      this.subscribeToEvents();
      if (this.socket?.readyState === WebSocket.OPEN) this.markConnected();
    }, 2_000);
  }

  private onConnected(socket: WebSocket): void {
    this.socket = socket;
    this.markConnected();
  }

  private markConnected(): void {
    this.setState({ phase: 'connected' });
    if (this.everConnected && this.dropped) {
      this.dropped = false;
      setTimeout(() => {
        if (!this.disposed) this.handlers.onReconnected();
      }, RESYNC_DELAY_MS);
    }
    this.everConnected = true;
  }

  private onClosed(event: CloseEvent): void {
    this.socket = null;
    this.clearPongTimer();
    if (this.disposed) return;
    this.dropped = true;
    this.setState({ phase: this.everConnected ? 'reconnecting' : 'connecting' });
    // graphql-ws closes with 4403 when the hub's onConnect refused the token.
    if (event?.code === 4403) this.handlers.onRefused();
  }

  private clearPongTimer(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }
}
