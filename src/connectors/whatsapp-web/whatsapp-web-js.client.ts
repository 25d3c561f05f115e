import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type {
  WaClientEvent,
  WaClientEvents,
  WhatsappWebClient,
  WhatsappWebClientFactory,
  WhatsappWebClientOptions,
} from './whatsapp-web-client.port';

/**
 * Chromium flags for a server: no setuid sandbox (containers rarely allow it) and /tmp instead of a
 * small /dev/shm. See https://pptr.dev/troubleshooting#running-puppeteer-in-docker.
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage'];

/**
 * The production client: whatsapp-web.js driving Debian's Chromium, the session kept by LocalAuth
 * under `dataPath/session-<clientId>`. The library is loaded on first use, so processes that run
 * no WhatsApp Web session never load Puppeteer.
 */
export const createWhatsappWebJsClient: WhatsappWebClientFactory = (options) =>
  new WhatsappWebJsClient(options);

type Library = typeof import('whatsapp-web.js');
type LibraryClient = InstanceType<Library['Client']>;

class WhatsappWebJsClient implements WhatsappWebClient {
  private readonly client: LibraryClient;
  private closing = false;

  constructor(private readonly options: WhatsappWebClientOptions) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const library = require('whatsapp-web.js') as Library;
    this.client = new library.Client({
      authStrategy: new library.LocalAuth({ clientId: options.clientId, dataPath: options.dataPath }),
      puppeteer: { executablePath: options.executablePath, headless: options.headless, args: CHROMIUM_ARGS },
    });
  }

  on<E extends WaClientEvent>(event: E, listener: WaClientEvents[E]): unknown {
    return this.client.on(event, listener as (...args: unknown[]) => void);
  }

  async initialize(): Promise<void> {
    await this.client.initialize();
    // The library says nothing when Chromium dies; report it like a disconnect so the session ends
    // and the supervisor starts a new browser.
    this.client.pupBrowser?.on('disconnected', () => {
      if (!this.closing) this.client.emit('disconnected', 'BROWSER_CLOSED');
    });
  }

  async sendMessage(chatId: string, content: string) {
    const sent = await this.client.sendMessage(chatId, content);
    return { id: sent.id };
  }

  async destroy(): Promise<void> {
    this.closing = true;
    await this.client.destroy();
  }

  async discardSavedSession(): Promise<void> {
    // LocalAuth's own layout (src/authStrategies/LocalAuth.js).
    const dir = join(resolve(this.options.dataPath), `session-${this.options.clientId}`);
    await rm(dir, { recursive: true, force: true, maxRetries: 4 });
  }
}
