import { EventEmitter } from 'node:events';
import type {
  WaAck,
  WaClientEvent,
  WaClientEvents,
  WaMedia,
  WaMessage,
  WaMessageId,
  WhatsappWebClient,
  WhatsappWebClientFactory,
  WhatsappWebClientOptions,
} from '../whatsapp-web-client.port';

/** A message the fake recorded from `sendMessage`. */
export interface FakeSentMessage {
  chatId: string;
  content: string;
  id: WaMessageId;
}

/** A library-shaped inbound message, with the fields tests do not care about filled in. */
export function fakeWaMessage(
  fields: Partial<Omit<WaMessage, 'id' | 'downloadMedia'>> & { id?: string; media?: WaMedia },
): WaMessage {
  const from = fields.from ?? '4915112345678@c.us';
  const fromMe = fields.fromMe ?? false;
  const local = fields.id ?? '3EB0C0FFEE0000000001';
  const participant = fields.author && from.endsWith('@g.us') ? fields.author : undefined;
  const remote = fromMe ? (fields.to ?? from) : from;
  const { media, id: _id, ...rest } = fields;
  return {
    from,
    to: fields.to ?? '4930123456789@c.us',
    body: '',
    type: 'chat',
    timestamp: 1717243200,
    hasMedia: false,
    ...rest,
    fromMe,
    id: {
      fromMe,
      remote,
      id: local,
      ...(participant ? { participant } : {}),
      _serialized: `${fromMe}_${remote}_${local}${participant ? `_${participant}` : ''}`,
    },
    downloadMedia: async () => media,
  };
}

/**
 * Stands in for the phone and WhatsApp's servers behind every fake client of one factory: whether
 * the phone is linked (LocalAuth's saved session), what was sent, and what the current client emits.
 * Each session run gets a new client, like the real one; tests drive the newest.
 */
export class FakeWhatsappPhone {
  linked = false;
  readonly clients: FakeWhatsappWebClient[] = [];
  readonly sent: FakeSentMessage[] = [];
  /** While true, new clients stay "connecting" (no QR, no ready) until `reconnect()` is called. */
  offline = false;
  /** Makes the connection drop right after this many more successful sends. */
  dropAfterSends: number | undefined;
  private counter = 0;

  readonly factory: WhatsappWebClientFactory = (options) => {
    const client = new FakeWhatsappWebClient(this, options);
    this.clients.push(client);
    return client;
  };

  get current(): FakeWhatsappWebClient | undefined {
    return this.clients[this.clients.length - 1];
  }

  /** The admin scanned the QR code shown by the current client. */
  scanQr(): void {
    this.linked = true;
    this.current?.becomeReady();
  }

  /** The phone unlinked this device (Linked devices → Log out). */
  logOut(): void {
    this.linked = false;
    this.current?.emitEvent('disconnected', 'LOGOUT');
  }

  /** The connection to WhatsApp dropped (or the browser died) without a logout. */
  drop(reason = 'NAVIGATION'): void {
    this.current?.emitEvent('disconnected', reason);
  }

  /** Clients started while offline come up now. */
  reconnect(): void {
    this.offline = false;
    this.current?.start();
  }

  /** A message from a contact arrives on the current client. */
  receive(message: WaMessage): void {
    this.current?.emitEvent('message', message);
  }

  nextQr(): string {
    this.counter += 1;
    return `2@fake-qr-${this.counter}`;
  }

  recordSend(chatId: string, content: string): WaMessageId {
    const local = `3EB0SENT${String(this.sent.length + 1).padStart(12, '0')}`;
    const id = { fromMe: true, remote: chatId, id: local, _serialized: `true_${chatId}_${local}` };
    this.sent.push({ chatId, content, id });
    if (this.dropAfterSends !== undefined) {
      this.dropAfterSends -= 1;
      if (this.dropAfterSends <= 0) {
        this.dropAfterSends = undefined;
        this.offline = true;
        const client = this.current;
        setImmediate(() => client?.emitEvent('disconnected', 'NAVIGATION'));
      }
    }
    return id;
  }
}

/** One fake client: the events whatsapp-web.js would emit, on the phone's script. */
export class FakeWhatsappWebClient implements WhatsappWebClient {
  private readonly emitter = new EventEmitter();
  ready = false;
  destroyed = false;
  initialized = false;

  constructor(
    private readonly phone: FakeWhatsappPhone,
    readonly options: WhatsappWebClientOptions,
  ) {}

  on<E extends WaClientEvent>(event: E, listener: WaClientEvents[E]): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  emitEvent<E extends WaClientEvent>(event: E, ...args: Parameters<WaClientEvents[E]>): void {
    if (event === 'disconnected') this.ready = false;
    this.emitter.emit(event, ...args);
  }

  async initialize(): Promise<void> {
    this.initialized = true;
    if (!this.phone.offline) setImmediate(() => this.start());
  }

  /** What a starting client does: restore the saved session, or show a QR code. */
  start(): void {
    if (this.destroyed) return;
    if (this.phone.linked) this.becomeReady();
    else this.emitEvent('qr', this.phone.nextQr());
  }

  becomeReady(): void {
    if (this.destroyed) return;
    this.emitEvent('authenticated');
    this.ready = true;
    this.emitEvent('ready');
  }

  ack(id: WaMessageId, ack: WaAck): void {
    this.emitEvent(
      'message_ack',
      fakeWaMessage({ id: id.id, fromMe: true, to: id.remote, from: '4930123456789@c.us' }),
      ack,
    );
  }

  async sendMessage(chatId: string, content: string): Promise<{ id: WaMessageId }> {
    if (!this.ready || this.destroyed) throw new Error('Evaluation failed: session closed');
    return { id: this.phone.recordSend(chatId, content) };
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.ready = false;
    this.emitter.removeAllListeners();
  }

  async discardSavedSession(): Promise<void> {
    this.phone.linked = false;
  }
}
