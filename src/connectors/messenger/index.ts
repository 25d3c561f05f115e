import {
  ConnectorError,
  defineConnector,
  type CanonicalEvent,
  type ConnectorContext,
  type ConnectorDefinition,
  type HttpReply,
  type HttpResponse,
  type InboundRequest,
  type OutboundMessage,
  type SendResult,
} from '../sdk';
import {
  answerMetaHandshake,
  graphUrl,
  sendGraphParts,
  usableWebhookMapping,
  verifyMetaSignature,
} from '../meta-graph';
import { graphErrorFromResponse } from './messenger.errors';
import { mapMessengerWebhook } from './messenger-inbound.mapper';
import { messengerManifest } from './messenger.manifest';
import { messengerSendBodies, type MessengerSendMode } from './messenger-outbound.mapper';
import { messengerReplyWindow } from './messenger-reply-window';
import { messengerSettingsSchema, type MessengerSettings } from './messenger.settings';

function handshake(ctx: ConnectorContext<MessengerSettings>, req: InboundRequest): HttpReply {
  return answerMetaHandshake(req.query, ctx.settings.verifyToken);
}

function verify(ctx: ConnectorContext<MessengerSettings>, req: InboundRequest): void {
  verifyMetaSignature(ctx.settings.appSecret, req.headers, req.rawBody);
}

function parse(ctx: ConnectorContext<MessengerSettings>, req: InboundRequest): CanonicalEvent[] {
  const mapping = usableWebhookMapping(
    mapMessengerWebhook(req.rawBody, { pageId: ctx.settings.pageId, now: ctx.clock.now() }),
    'Messenger',
    ctx.logger,
  );
  const { echoes, otherPages, otherTypes } = mapping.ignored;
  if (echoes + otherPages + otherTypes > 0)
    ctx.logger.debug('Ignored Messenger webhook items', { echoes, otherPages, otherTypes });
  return mapping.events;
}

// Meta only needs a 200; its examples answer with this text.
function acknowledge(): HttpReply {
  return { status: 200, body: 'EVENT_RECEIVED', contentType: 'text/plain' };
}

/** RESPONSE, HUMAN_AGENT, or a refusal in plain words when the window has closed meanwhile. */
function sendMode(ctx: ConnectorContext<MessengerSettings>, message: OutboundMessage): MessengerSendMode {
  // A host that does not know when the customer last wrote leaves the decision to Meta.
  if (message.lastInboundAt === undefined) return 'RESPONSE';
  const window = messengerReplyWindow({
    lastInboundAt: message.lastInboundAt,
    now: ctx.clock.now(),
    settings: ctx.settings,
  });
  if (window.state === 'closed') {
    throw new ConnectorError('permanent', window.reason ?? 'The Messenger reply window is closed.', {
      providerCode: 'reply_window_closed',
    });
  }
  return window.state === 'tag_required' ? 'HUMAN_AGENT' : 'RESPONSE';
}

/** The mid of a Send API reply. */
function midOf(res: HttpResponse): string {
  const reply = res.json<{ message_id?: unknown }>();
  if (typeof reply?.message_id !== 'string' || reply.message_id === '')
    throw new ConnectorError('permanent', 'Graph API answered without a message_id');
  return reply.message_id;
}

/** One reply may take several Send API requests (long text, one per attachment). */
async function send(ctx: ConnectorContext<MessengerSettings>, message: OutboundMessage): Promise<SendResult> {
  const { pageAccessToken, appSecret } = ctx.settings;
  const parts = messengerSendBodies(message, sendMode(ctx, message));
  if (parts.length === 0)
    throw new ConnectorError('permanent', 'The reply has no text and no attachment to send.');
  return sendGraphParts(ctx, {
    idempotencyKey: message.idempotencyKey,
    parts,
    url: graphUrl(ctx.settings, 'me/messages'),
    accessToken: pageAccessToken,
    errorOf: (res) => graphErrorFromResponse(res, ctx.clock, [pageAccessToken, appSecret]),
    messageIdOf: midOf,
  });
}

/**
 * Facebook Messenger for one Page: Meta's webhook (GET handshake, signed POSTs) in, the Graph Send
 * API out, with Messenger's 24-hour reply window and the optional HUMAN_AGENT tag. See
 * docs/connectors/messenger.md.
 *
 * @example
 * ```ts
 * export const installedConnectors = [apiConnector, widgetConnector, messengerConnector];
 * ```
 */
export const messengerConnector: ConnectorDefinition<MessengerSettings> = defineConnector<MessengerSettings>({
  manifest: messengerManifest,
  settings: messengerSettingsSchema,
  hooks: { handshake, verify, parse, acknowledge, send, replyWindow: messengerReplyWindow },
});

export type { MessengerSettings } from './messenger.settings';
export {
  answerMetaHandshake,
  GRAPH_RATE_LIMIT_CODES,
  META_SIGNATURE_HEADER,
  signMetaWebhook,
  verifyMetaSignature,
} from '../meta-graph';
export { graphErrorFromResponse, messengerPolicyReasons } from './messenger.errors';
export { messengerReplyWindow } from './messenger-reply-window';
