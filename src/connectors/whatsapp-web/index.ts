import {
  ConnectorError,
  defineConnector,
  type ConnectorContext,
  type ConnectorDefinition,
  type OutboundMessage,
  type SendResult,
  type SessionContext,
} from '../sdk';
import type { WhatsappWebClientFactory } from './whatsapp-web-client.port';
import { createWhatsappWebJsClient } from './whatsapp-web-js.client';
import { whatsappWebManifest } from './whatsapp-web.manifest';
import { WhatsappWebSession } from './whatsapp-web-session';
import {
  localAuthClientId,
  whatsappWebSettingsSchema,
  type WhatsappWebSettings,
} from './whatsapp-web.settings';

export interface WhatsappWebConnectorDeps {
  /** Builds the WhatsApp Web client of one session run. */
  createClient: WhatsappWebClientFactory;
}

/** The reply as WhatsApp text: attachments go as links (the hub's signed file URLs). */
export function outboundText(message: OutboundMessage): string {
  const links = (message.attachments ?? []).map((a) => a.url).filter((url): url is string => !!url);
  return [message.text, ...links].filter((part) => !!part?.trim()).join('\n');
}

/**
 * Builds the whatsapp-web connector around a client factory. The live clients of the sessions this
 * process runs are kept here, by integration: a browser cannot be put in a state store. The host
 * runs a session in exactly one worker and calls `send` only there, once the session is ready.
 */
export function createWhatsappWebConnector(
  deps: WhatsappWebConnectorDeps,
): ConnectorDefinition<WhatsappWebSettings> {
  const live = new Map<string, WhatsappWebSession>();

  async function startSession(ctx: SessionContext<WhatsappWebSettings>): Promise<void> {
    const client = deps.createClient({
      clientId: localAuthClientId(ctx.integrationId, ctx.settings.clientId),
      dataPath: ctx.settings.dataDirectory,
      executablePath: ctx.settings.executablePath,
      headless: ctx.settings.headless,
    });
    const session = new WhatsappWebSession(ctx, client);
    live.set(ctx.integrationId, session);
    try {
      await session.run();
    } finally {
      if (live.get(ctx.integrationId) === session) live.delete(ctx.integrationId);
    }
  }

  // The host aborts ctx.signal first; the run then closes its browser on its own.
  async function stopSession(ctx: SessionContext<WhatsappWebSettings>): Promise<void> {
    live.delete(ctx.integrationId);
  }

  async function send(
    ctx: ConnectorContext<WhatsappWebSettings>,
    message: OutboundMessage,
  ): Promise<SendResult> {
    const text = outboundText(message);
    if (!text) throw new ConnectorError('permanent', 'The reply has no text and no attachment to send.');
    const session = live.get(ctx.integrationId);
    if (!session) {
      throw new ConnectorError('transient', 'No WhatsApp Web session runs here; the reply waits for it.', {
        retryAfterMs: 5000,
      });
    }
    return { providerMessageId: await session.sendText(message.recipient.externalId, text) };
  }

  return defineConnector<WhatsappWebSettings>({
    manifest: whatsappWebManifest,
    settings: whatsappWebSettingsSchema,
    hooks: { send, startSession, stopSession },
  });
}

/** The connector the hub ships: whatsapp-web.js in the system Chromium. */
export const whatsappWebConnector = createWhatsappWebConnector({ createClient: createWhatsappWebJsClient });
