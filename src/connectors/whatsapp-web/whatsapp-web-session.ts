import { ConnectorError, type SessionContext } from '../sdk';
import type { WaAck, WaMedia, WaMessage, WhatsappWebClient } from './whatsapp-web-client.port';
import {
  mapWhatsappWebAck,
  mapWhatsappWebMessage,
  needsMediaDownload,
  type InboundFilter,
} from './whatsapp-web-inbound.mapper';
import type { WhatsappWebSettings } from './whatsapp-web.settings';

/** Larger files are left out (the message says so); WhatsApp's own limit for documents is 2 GB. */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

const QR_HELP = 'Open WhatsApp on the phone → Settings → Linked devices → Link a device, and scan this code.';

/**
 * One run of a WhatsApp Web client, from `initialize` until it ends: the phone logged out (resolves,
 * so the host starts a new run that shows a QR code), the connection or the browser was lost
 * (rejects with `transient`, so the host restarts with backoff), or the host aborted it.
 */
export class WhatsappWebSession {
  private ready = false;
  private readonly filter: InboundFilter;
  /** Inbound work in arrival order: each message is stored before the next is looked at. */
  private inbound: Promise<void> = Promise.resolve();
  private finish?: (error?: Error) => void;

  constructor(
    private readonly ctx: SessionContext<WhatsappWebSettings>,
    readonly client: WhatsappWebClient,
  ) {
    this.filter = {
      includeGroups: ctx.settings.includeGroups,
      includeStatusBroadcasts: ctx.settings.includeStatusBroadcasts,
    };
  }

  get isReady(): boolean {
    return this.ready;
  }

  async run(): Promise<void> {
    const ended = new Promise<void>((resolve, reject) => {
      this.finish = (error) => (error ? reject(error) : resolve());
    });
    const onAbort = () => this.finish?.();
    this.ctx.signal.addEventListener('abort', onAbort, { once: true });
    this.listen();
    try {
      await this.ctx.reportStatus({ state: 'connecting', detail: 'Starting WhatsApp Web.' });
      await this.client.initialize().catch((e: unknown) => {
        throw initializeError(e);
      });
      await ended;
      await this.inbound;
    } finally {
      this.ready = false;
      this.ctx.signal.removeEventListener('abort', onAbort);
      await this.client
        .destroy()
        .catch((e: unknown) => this.ctx.logger.warn('Closing WhatsApp Web failed', { error: describe(e) }));
    }
  }

  /** Sends a text once the session is ready; the host holds replies until then. */
  async sendText(chatId: string, text: string): Promise<string> {
    if (!this.ready) throw notReady();
    try {
      const sent = await this.client.sendMessage(chatId, text);
      return sent.id._serialized;
    } catch (e) {
      throw sendError(e, this.ready);
    }
  }

  private listen(): void {
    const { client, ctx } = this;
    client.on('qr', (qr) => void this.report({ state: 'qr_required', qr, detail: QR_HELP }));
    client.on(
      'authenticated',
      () => void this.report({ state: 'connecting', detail: 'Linked; loading chats.' }),
    );
    client.on('auth_failure', (message) => {
      ctx.logger.warn('WhatsApp refused the saved session', { reason: message });
      // A session WhatsApp refuses will be refused again: drop it so the next run shows a QR code.
      void client
        .discardSavedSession()
        .catch((e: unknown) => ctx.logger.warn('Deleting the saved session failed', { error: describe(e) }))
        .then(() =>
          this.report({
            state: 'needs_relinking',
            detail: 'WhatsApp refused the saved session; scan the new QR code to link the phone again.',
          }),
        )
        .then(() => this.finish?.());
    });
    client.on('ready', () => {
      this.ready = true;
      void this.report({ state: 'ready' });
    });
    client.on('change_state', (state) => ctx.logger.info('WhatsApp Web state changed', { state }));
    client.on('disconnected', (reason) => {
      this.ready = false;
      if (reason === 'LOGOUT') {
        // The library has already deleted LocalAuth's session directory.
        void this.report({
          state: 'needs_relinking',
          detail: 'The phone logged this device out; scan the new QR code to link it again.',
        }).then(() => this.finish?.());
        return;
      }
      void this.report({ state: 'connecting', detail: `Disconnected (${reason}); reconnecting.` }).then(() =>
        this.finish?.(new ConnectorError('transient', `WhatsApp Web disconnected: ${reason}`)),
      );
    });
    client.on('message', (message) => this.enqueue(() => this.receive(message)));
    // Fires for our own sends and for replies typed on the phone: neither becomes an inbound
    // message (the mapper ignores fromMe), and messages from others already came through `message`.
    client.on('message_create', (message) => {
      if (!message.fromMe) return;
      ctx.logger.debug('Ignored an own WhatsApp message', { type: message.type });
    });
    client.on('message_ack', (message, ack) => this.enqueue(() => this.acknowledge(message, ack)));
  }

  private enqueue(work: () => Promise<void>): void {
    this.inbound = this.inbound.then(work).catch((e: unknown) => {
      // The host failed to store it (PostgreSQL down): end the run; the restarted session gets the
      // messages again from WhatsApp, and their ids keep them from being stored twice.
      this.ctx.logger.warn('Storing a WhatsApp message failed', { error: describe(e) });
      this.finish?.(new ConnectorError('transient', 'Storing WhatsApp messages failed.', { cause: e }));
    });
  }

  private async receive(message: WaMessage): Promise<void> {
    const media = needsMediaDownload(message, this.filter) ? await this.download(message) : undefined;
    const mapped = mapWhatsappWebMessage(message, this.filter, media);
    if (mapped.kind === 'ignored') {
      this.ctx.logger.debug('Ignored a WhatsApp message', { reason: mapped.reason, type: message.type });
      return;
    }
    await this.ctx.emit([mapped.event]);
  }

  private async acknowledge(message: WaMessage, ack: WaAck): Promise<void> {
    const event = mapWhatsappWebAck(message, ack, this.ctx.clock.now());
    if (event) await this.ctx.emit([event]);
  }

  private async download(message: WaMessage): Promise<WaMedia | undefined> {
    const declared = message._data?.size;
    if (declared !== undefined && declared > MAX_MEDIA_BYTES) return undefined;
    try {
      const media = await message.downloadMedia();
      if (!media || Buffer.byteLength(media.data, 'base64') > MAX_MEDIA_BYTES) return undefined;
      return media;
    } catch (e) {
      this.ctx.logger.warn('Downloading WhatsApp media failed', { type: message.type, error: describe(e) });
      return undefined;
    }
  }

  private async report(status: Parameters<SessionContext['reportStatus']>[0]): Promise<void> {
    try {
      await this.ctx.reportStatus(status);
    } catch (e) {
      this.ctx.logger.warn('Reporting the session status failed', { error: describe(e) });
    }
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function notReady(): ConnectorError {
  return new ConnectorError(
    'transient',
    'The WhatsApp Web session is not ready; the reply waits until it is.',
    {
      retryAfterMs: 5000,
    },
  );
}

/** A browser that cannot start is a setting to fix (no such file), anything else a retry. */
function initializeError(e: unknown): ConnectorError {
  const message = describe(e);
  if (/ENOENT|Failed to launch|no such file/i.test(message)) {
    return new ConnectorError('config', `Chromium could not be started: ${message.split('\n')[0]}`, {
      cause: e,
    });
  }
  return new ConnectorError('transient', `WhatsApp Web did not start: ${message.split('\n')[0]}`, {
    cause: e,
  });
}

/** whatsapp-web.js throws plain Errors; an unknown chat id is the only one retrying cannot fix. */
function sendError(e: unknown, stillReady: boolean): ConnectorError {
  const message = describe(e);
  if (stillReady && /invalid wid|wid error|No LID for user/i.test(message)) {
    return new ConnectorError('permanent', 'WhatsApp does not know this chat (not a WhatsApp number?).', {
      cause: e,
    });
  }
  return new ConnectorError('transient', 'WhatsApp Web did not take the message; it is retried.', {
    cause: e,
  });
}
