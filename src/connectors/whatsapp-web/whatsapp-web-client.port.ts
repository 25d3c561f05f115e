/**
 * The part of whatsapp-web.js's `Client` the connector uses, and the shapes of what it emits
 * (https://docs.wwebjs.dev/Client.html). The real adapter (whatsapp-web-js.client.ts) wraps the
 * library; tests drive the connector with a fake that emits the same events through this port.
 */

/** `msg.id`: `_serialized` is `${fromMe}_${remote}_${id}[_${participant}]`, stable across reconnects. */
export interface WaMessageId {
  fromMe: boolean;
  remote: string;
  id: string;
  participant?: string;
  _serialized: string;
}

/** `msg.location` of a `location` message. */
export interface WaLocation {
  latitude: number | string;
  longitude: number | string;
  name?: string;
  address?: string;
  url?: string;
  description?: string;
}

/** `MessageMedia`: the file of a media message, base64-encoded. */
export interface WaMedia {
  mimetype: string;
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/**
 * A `Message` as whatsapp-web.js hands it over (src/structures/Message.js). Only the fields the
 * mappers read; `_data.notifyName` is the sender's profile name.
 */
export interface WaMessage {
  id: WaMessageId;
  from: string;
  to: string;
  author?: string;
  body: string;
  type: string;
  /** Epoch seconds. */
  timestamp: number;
  fromMe: boolean;
  hasMedia: boolean;
  isStatus?: boolean;
  ack?: number;
  location?: WaLocation;
  vCards?: string[];
  hasQuotedMsg?: boolean;
  _data?: { notifyName?: string; quotedStanzaID?: string; size?: number };
  downloadMedia(): Promise<WaMedia | undefined>;
}

/** `message_ack`'s second argument: -1 error, 0 pending, 1 server, 2 device, 3 read, 4 played. */
export type WaAck = -1 | 0 | 1 | 2 | 3 | 4;

/**
 * The events the connector listens to, with their listener arguments. `disconnected`'s reason is
 * `'LOGOUT'` when the phone unlinked this device, a WAState (`CONFLICT`, `UNPAIRED`...) otherwise;
 * the adapter also reports `'BROWSER_CLOSED'` when Chromium dies.
 */
export interface WaClientEvents {
  qr: (qr: string) => void;
  authenticated: () => void;
  auth_failure: (message: string) => void;
  ready: () => void;
  message: (message: WaMessage) => void;
  message_create: (message: WaMessage) => void;
  message_ack: (message: WaMessage, ack: WaAck) => void;
  change_state: (state: string) => void;
  disconnected: (reason: string) => void;
}

export type WaClientEvent = keyof WaClientEvents;

/** One linked WhatsApp account driven through WhatsApp Web. */
export interface WhatsappWebClient {
  on<E extends WaClientEvent>(event: E, listener: WaClientEvents[E]): unknown;
  /** Starts the browser and WhatsApp Web; events follow (`qr`, or `authenticated` then `ready`). */
  initialize(): Promise<void>;
  /** Sends a text to a chat id (`…@c.us`, `…@g.us`, `…@lid`) and returns the sent message. */
  sendMessage(chatId: string, content: string): Promise<{ id: WaMessageId }>;
  /** Closes the browser; the saved session stays, so the next start restores it without a QR. */
  destroy(): Promise<void>;
  /** Deletes the saved session (LocalAuth's directory), so the next start shows a QR code. */
  discardSavedSession(): Promise<void>;
}

/**
 * What the connector asks of a client: where LocalAuth keeps this integration's session and which
 * browser runs it. Chromium comes from the system (Debian's /usr/bin/chromium); nothing is downloaded.
 */
export interface WhatsappWebClientOptions {
  /** LocalAuth's clientId: `^[-_\w]+$`, unique per integration. */
  clientId: string;
  dataPath: string;
  executablePath: string;
  headless: boolean;
}

/** Builds a client; the real one is `createWhatsappWebJsClient`, tests inject a fake. */
export type WhatsappWebClientFactory = (options: WhatsappWebClientOptions) => WhatsappWebClient;
