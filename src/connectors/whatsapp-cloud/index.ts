import {
  answerMetaHandshake,
  graphUrl,
  sendGraphParts,
  usableWebhookMapping,
  verifyMetaSignature,
} from '../meta-graph';
import {
  ConnectorError,
  defineConnector,
  type CanonicalEvent,
  type ConnectorContext,
  type ConnectorDefinition,
  type FetchedMedia,
  type HttpReply,
  type HttpResponse,
  type InboundRequest,
  type MediaRef,
  type MessageTemplate,
  type OutboundMessage,
  type SendResult,
} from '../sdk';
import { whatsappErrorFromResponse } from './whatsapp.errors';
import { mapWhatsappWebhook } from './whatsapp-inbound.mapper';
import { whatsappCloudManifest } from './whatsapp-cloud.manifest';
import { whatsappSendBodies } from './whatsapp-outbound.mapper';
import { whatsappReplyWindow } from './whatsapp-reply-window';
import { whatsappCloudSettingsSchema, type WhatsappCloudSettings } from './whatsapp-cloud.settings';
import { mapTemplatePage } from './whatsapp-templates.mapper';

/** Template lists are paged by Graph; more than this many pages is not a live-chat catalogue. */
const MAX_TEMPLATE_PAGES = 10;
/** WhatsApp documents go up to 100 MB; the host's media job allows this much per request. */
const MEDIA_TIMEOUT_MS = 60_000;

type Ctx = ConnectorContext<WhatsappCloudSettings>;

// A bearer header keeps the token out of URLs, and so out of proxies' access logs.
function auth(ctx: Ctx): Record<string, string> {
  return { authorization: `Bearer ${ctx.settings.accessToken}` };
}

function secrets(ctx: Ctx): string[] {
  return [ctx.settings.accessToken, ctx.settings.appSecret];
}

function handshake(ctx: Ctx, req: InboundRequest): HttpReply {
  return answerMetaHandshake(req.query, ctx.settings.verifyToken);
}

function verify(ctx: Ctx, req: InboundRequest): void {
  verifyMetaSignature(ctx.settings.appSecret, req.headers, req.rawBody);
}

function parse(ctx: Ctx, req: InboundRequest): CanonicalEvent[] {
  const mapping = usableWebhookMapping(
    mapWhatsappWebhook(req.rawBody, { phoneNumberId: ctx.settings.phoneNumberId, now: ctx.clock.now() }),
    'WhatsApp',
    ctx.logger,
  );
  const { otherNumbers, otherTypes, valueErrors } = mapping.ignored;
  if (valueErrors > 0) ctx.logger.warn('WhatsApp reported errors for the number or app', { valueErrors });
  if (otherNumbers + otherTypes > 0)
    ctx.logger.debug('Ignored WhatsApp webhook items', { otherNumbers, otherTypes });
  return mapping.events;
}

/**
 * Free text only inside the 24-hour window (a reply can wait in a retry past it); templates
 * always. A host that does not know when the customer last wrote leaves the decision to Meta.
 */
function assertWindowAllows(ctx: Ctx, message: OutboundMessage): void {
  if (message.template || message.lastInboundAt === undefined) return;
  const window = whatsappReplyWindow({
    lastInboundAt: message.lastInboundAt,
    now: ctx.clock.now(),
    settings: {},
  });
  if (window.state === 'closed') {
    throw new ConnectorError('permanent', window.reason ?? 'The WhatsApp reply window is closed.', {
      providerCode: 'reply_window_closed',
    });
  }
}

/** The wamid of a `/messages` reply. */
function wamidOf(res: HttpResponse): string {
  const reply = res.json<{ messages?: { id?: unknown }[] }>();
  const id = Array.isArray(reply?.messages) ? reply.messages[0]?.id : undefined;
  if (typeof id !== 'string' || id === '')
    throw new ConnectorError('permanent', 'Graph API answered without a message id');
  return id;
}

/** One reply may take several requests (long text, one per attachment). */
async function send(ctx: Ctx, message: OutboundMessage): Promise<SendResult> {
  assertWindowAllows(ctx, message);
  const parts = whatsappSendBodies(message);
  if (parts.length === 0)
    throw new ConnectorError('permanent', 'The reply has no text, attachment or template to send.');
  return sendGraphParts(ctx, {
    idempotencyKey: message.idempotencyKey,
    parts,
    url: graphUrl(ctx.settings, `${ctx.settings.phoneNumberId}/messages`),
    accessToken: ctx.settings.accessToken,
    errorOf: (res) => whatsappErrorFromResponse(res, ctx.clock, secrets(ctx)),
    messageIdOf: wamidOf,
  });
}

/** The WABA's templates, every page (`paging.next` is an absolute Graph URL). */
async function listTemplates(ctx: Ctx): Promise<MessageTemplate[]> {
  if (!ctx.settings.wabaId) {
    throw new ConnectorError(
      'config',
      "Templates need the WhatsApp Business Account ID: an admin must fill in the integration's wabaId setting.",
    );
  }
  const templates: MessageTemplate[] = [];
  let url: string | undefined = graphUrl(
    ctx.settings,
    `${ctx.settings.wabaId}/message_templates?fields=name,language,status,category,components&limit=100`,
  );
  for (let page = 0; url && page < MAX_TEMPLATE_PAGES; page++) {
    const res = await ctx.http.request({ method: 'GET', url, headers: auth(ctx) });
    if (res.status < 200 || res.status >= 300) throw whatsappErrorFromResponse(res, ctx.clock, secrets(ctx));
    const body = res.json<{ paging?: { next?: unknown } }>();
    templates.push(...mapTemplatePage(body));
    url = typeof body?.paging?.next === 'string' ? body.paging.next : undefined;
  }
  return templates;
}

/**
 * Meta's two steps (PLATFORMS.md §3): `GET /{version}/{media-id}` gives a short-lived URL, which
 * is downloaded with the same bearer token. The URL and token never leave this hook.
 */
async function fetchMedia(ctx: Ctx, media: MediaRef): Promise<FetchedMedia> {
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(media.providerMediaId))
    throw new ConnectorError('permanent', 'The media id is not a WhatsApp media id');
  const lookup = await ctx.http.request({
    method: 'GET',
    url: graphUrl(ctx.settings, media.providerMediaId),
    headers: auth(ctx),
  });
  if (lookup.status < 200 || lookup.status >= 300)
    throw whatsappErrorFromResponse(lookup, ctx.clock, secrets(ctx));
  const meta = lookup.json<{ url?: unknown; mime_type?: unknown }>();
  if (typeof meta?.url !== 'string')
    throw new ConnectorError('permanent', 'Graph API answered without a media URL');
  const file = await ctx.http.request({
    method: 'GET',
    url: meta.url,
    headers: auth(ctx),
    timeoutMs: MEDIA_TIMEOUT_MS,
  });
  if (file.status < 200 || file.status >= 300) throw whatsappErrorFromResponse(file, ctx.clock, secrets(ctx));
  const mimeType =
    typeof meta.mime_type === 'string' ? meta.mime_type : (media.mimeType ?? file.headers['content-type']);
  return {
    body: file.body,
    mimeType: mimeType ?? 'application/octet-stream',
    ...(media.name && { name: media.name }),
  };
}

// Meta only needs a 200.
function acknowledge(): HttpReply {
  return { status: 200, body: 'EVENT_RECEIVED', contentType: 'text/plain' };
}

/**
 * WhatsApp Business Cloud API for one business phone number: Meta's webhook (GET handshake,
 * signed POSTs) in, the Graph `/messages` endpoint out, with WhatsApp's 24-hour customer-service
 * window, approved templates outside it, and media the hub downloads. See
 * docs/connectors/whatsapp-cloud.md.
 *
 * @example
 * ```ts
 * export const installedConnectors = [apiConnector, widgetConnector, messengerConnector, whatsappCloudConnector];
 * ```
 */
export const whatsappCloudConnector: ConnectorDefinition<WhatsappCloudSettings> =
  defineConnector<WhatsappCloudSettings>({
    manifest: whatsappCloudManifest,
    settings: whatsappCloudSettingsSchema,
    hooks: {
      handshake,
      verify,
      parse,
      acknowledge,
      send,
      replyWindow: whatsappReplyWindow,
      listTemplates,
      fetchMedia,
    },
  });

export type { WhatsappCloudSettings } from './whatsapp-cloud.settings';
export { whatsappReplyWindow } from './whatsapp-reply-window';
