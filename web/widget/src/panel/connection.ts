import type {
  ClientFrame,
  ConversationRef,
  PageInfo,
  QueuePlace,
  ServerFrame,
  WidgetMessage,
} from '../shared/protocol';
import { reconnectDelay } from './backoff';
import type { HubApi } from './hub-api';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'refused';

export interface ConnectionOptions {
  integrationId: string;
  token: string;
  api: HubApi;
  /** The highest seq seen in the current conversation: where a reconnect resumes. */
  afterSeq(): number;
  page(): PageInfo;
  onFrame(frame: ServerFrame): void;
  onStatus(status: ConnectionStatus): void;
  /** A path works again (websocket `ready` or a first successful poll): resend what is pending. */
  onResumed(): void;
  /** The hub refused the token (close 4401 or HTTP 401): the loader must boot again. */
  onAuthFailed(): void;
}

const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
const POLL_EVERY_MS = 3_000;
/** In fallback mode, try the websocket again every this many polls (~30 s). */
const PROBE_EVERY_POLLS = 10;
/** Websocket attempts in a row that never reached `ready` before the HTTP fallback takes over. */
const FALLBACK_AFTER_FAILURES = 3;

/**
 * The panel's link to the hub: the `/widget/ws` websocket with hello/resume, keepalive, reconnect
 * with capped exponential backoff and jitter, and the HTTP fallback (poll every 3 s, POST the rest)
 * once the websocket failed to connect three times in a row. Both paths deliver server frames
 * through `onFrame`, so the session does not care which one is in use.
 */
export class WidgetConnection {
  private socket: WebSocket | null = null;
  private mode: 'ws' | 'http' = 'ws';
  private ready = false;
  private failures = 0;
  private attempt = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private polls = 0;
  private lastFrameAt = 0;
  private conversation: ConversationRef | null = null;
  /** The place in line the last poll told the session; undefined: none yet in this fallback spell. */
  private queue: QueuePlace | null | undefined;
  private readonly reconnectNow = (): void => {
    if (this.mode === 'ws' && !this.socket) {
      clearTimeout(this.timer);
      this.open();
    }
  };

  constructor(private readonly options: ConnectionOptions) {}

  start(): void {
    this.options.onStatus('connecting');
    window.addEventListener('online', this.reconnectNow);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    clearTimeout(this.timer);
    clearTimeout(this.pollTimer);
    clearInterval(this.pingTimer);
    this.socket?.close(1000);
    this.socket = null;
  }

  /**
   * Sends a frame now; false when there is no working path at this moment (the session keeps
   * what matters, messages in the outbox and profile/read state, and sends it again on `ready`).
   */
  send(frame: ClientFrame): boolean {
    if (this.mode === 'http') {
      void this.sendOverHttp(frame);
      return true;
    }
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || !this.ready) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    if (this.stopped) return;
    const probing = this.mode === 'http';
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/widget/ws`;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      return this.closed(null, false, probing);
    }
    let readySeen = false;
    const openedAt = Date.now();
    this.socket = socket;
    socket.onopen = () => {
      const { integrationId, token } = this.options;
      socket.send(
        JSON.stringify({
          type: 'hello',
          integrationId,
          token,
          afterSeq: this.options.afterSeq(),
          page: this.options.page(),
        }),
      );
    };
    socket.onmessage = (event) => {
      this.lastFrameAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      if (!frame || typeof frame.type !== 'string' || frame.type === 'pong') return;
      if (frame.type === 'ready') {
        readySeen = this.ready = true;
        this.failures = 0;
        if (this.mode === 'http') {
          this.mode = 'ws';
          clearTimeout(this.pollTimer);
        }
        this.startKeepalive(socket);
        this.options.onStatus('online');
        this.options.onFrame(frame);
        return this.options.onResumed();
      }
      this.options.onFrame(frame);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) {
        this.socket = null;
        this.ready = false;
      }
      clearInterval(this.pingTimer);
      this.closed(event.code, readySeen, probing, Date.now() - openedAt);
    };
  }

  private closed(code: number | null, readySeen: boolean, probing: boolean, livedMs = 0): void {
    if (this.stopped) return;
    if (code === 4401) return this.options.onAuthFailed();
    if (code === 4403) return this.options.onStatus('refused');
    if (probing) return; // the HTTP fallback goes on
    // A session that lived a while resets the backoff; one that dies at once keeps growing it.
    this.attempt = readySeen && livedMs > 10_000 ? 0 : this.attempt + 1;
    if (!readySeen && ++this.failures >= FALLBACK_AFTER_FAILURES) return this.startFallback();
    this.options.onStatus('reconnecting');
    // 4429: too many connections (another tab?); wait at least the cap before knocking again.
    const delay = Math.max(reconnectDelay(this.attempt - 1), code === 4429 ? 10_000 : 0);
    this.timer = setTimeout(() => this.open(), delay);
  }

  /** Pings every 25 s; a connection with no frame for 10 s after a ping is dead: close and resume. */
  private startKeepalive(socket: WebSocket): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      const sentAt = Date.now();
      socket.send(JSON.stringify({ type: 'ping' }));
      setTimeout(() => {
        if (this.lastFrameAt < sentAt && socket.readyState === WebSocket.OPEN) socket.close(4000);
      }, PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  private startFallback(): void {
    this.mode = 'http';
    this.polls = 0;
    this.queue = undefined;
    void this.poll(true);
  }

  private async poll(first = false): Promise<void> {
    if (this.stopped || this.mode !== 'http') return;
    const answer = await this.options.api.request<{
      conversation: ConversationRef | null;
      messages: WidgetMessage[];
      queue?: QueuePlace | null;
    }>('GET', `messages?afterSeq=${this.options.afterSeq()}`);
    if (this.stopped || this.mode !== 'http') return;
    if (answer.status === 401) return this.options.onAuthFailed();
    if (answer.data) {
      const { conversation, messages } = answer.data;
      if (
        conversation &&
        (conversation.id !== this.conversation?.id || conversation.status !== this.conversation?.status)
      ) {
        this.options.onFrame({ type: 'conversation', conversation });
      }
      this.conversation = conversation;
      for (const message of messages) this.options.onFrame({ type: 'message', message });
      const queue = answer.data.queue ?? null;
      if (
        this.queue === undefined ||
        queue?.position !== this.queue?.position ||
        queue?.etaSeconds !== this.queue?.etaSeconds
      ) {
        this.options.onFrame({
          type: 'queue',
          position: queue?.position ?? null,
          etaSeconds: queue?.etaSeconds ?? null,
        });
      }
      this.queue = queue;
      this.options.onStatus('online');
      if (first) this.options.onResumed();
    } else {
      this.options.onStatus('reconnecting');
    }
    if (++this.polls % PROBE_EVERY_POLLS === 0) this.open();
    const wait = answer.data ? POLL_EVERY_MS : Math.max(POLL_EVERY_MS, answer.retryAfterMs ?? 0);
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(first && !answer.data), wait);
  }

  private async sendOverHttp(frame: ClientFrame): Promise<void> {
    const post = (path: string, body: unknown) =>
      this.options.api.request<{ message?: WidgetMessage }>('POST', path, body);
    switch (frame.type) {
      case 'message': {
        const { type: _type, ...body } = frame;
        const answer = await post('messages', body);
        if (answer.data?.message) {
          this.options.onFrame({
            type: 'ack',
            clientMessageId: frame.clientMessageId,
            message: answer.data.message,
          });
        } else if (answer.status === 401) {
          this.options.onAuthFailed();
        } else {
          this.options.onFrame({
            type: 'error',
            code: httpErrorCode(answer.status, answer.code),
            message: answer.code ?? '',
            clientMessageId: frame.clientMessageId,
            retryAfterMs: answer.retryAfterMs ?? undefined,
          });
        }
        return;
      }
      case 'typing':
        return void post('typing', { on: frame.on, draft: frame.draft });
      case 'read':
        return void post('read', { seq: frame.seq });
      case 'page':
        return void post('page', { url: frame.url, title: frame.title });
      case 'profile':
        return void post('profile', { name: frame.name, email: frame.email });
      case 'session_variables':
        return void post('session-variables', { variables: frame.variables });
      default:
        // hello, ping and sync have no HTTP counterpart: the next poll resumes from afterSeq anyway.
        return;
    }
  }
}

/** The websocket's error codes for an HTTP failure, so the session handles both paths alike. */
function httpErrorCode(status: number, code: string | null): string {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 413) return 'TOO_LARGE';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400 || status === 415) return code ?? 'INVALID_INPUT';
  return 'UNAVAILABLE';
}
