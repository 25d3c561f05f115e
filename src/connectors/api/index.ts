import {
  ConnectorError,
  defineConnector,
  type CanonicalEvent,
  type ConnectorContext,
  type ConnectorDefinition,
  type InboundRequest,
  type OutboundMessage,
  type SendResult,
} from '../sdk';
import { apiErrorFromResponse } from './api.errors';
import { mapApiInboundBody } from './api-inbound.mapper';
import { apiManifest } from './api.manifest';
import { mapApiOutboundMessage, providerMessageIdFromReply } from './api-outbound.mapper';
import { apiSettingsSchema, type ApiSettings } from './api.settings';
import { signStandardWebhook, verifyStandardWebhook } from './standard-webhooks.signature';

const MAX_PROBLEMS_IN_MESSAGE = 10;

function verify(ctx: ConnectorContext<ApiSettings>, req: InboundRequest): void {
  verifyStandardWebhook({
    secret: ctx.settings.signingSecret,
    headers: req.headers,
    rawBody: req.rawBody,
    now: ctx.clock.now(),
  });
}

function parse(ctx: ConnectorContext<ApiSettings>, req: InboundRequest): CanonicalEvent[] {
  const mapping = mapApiInboundBody(req.rawBody, ctx.clock.now());
  if (!mapping.ok) {
    const shown = mapping.problems.slice(0, MAX_PROBLEMS_IN_MESSAGE).join('; ');
    const more =
      mapping.problems.length > MAX_PROBLEMS_IN_MESSAGE
        ? ` (and ${mapping.problems.length - MAX_PROBLEMS_IN_MESSAGE} more)`
        : '';
    throw new ConnectorError('permanent', `Request body is not a valid API event: ${shown}${more}`);
  }
  if (mapping.skipped.length > 0) {
    // Paths and rules only: the problems never quote the sender's values.
    ctx.logger.warn('Skipped invalid events in an API batch', { problems: mapping.skipped });
  }
  if (mapping.ignored > 0)
    ctx.logger.debug('Ignored API events of unknown type', { ignored: mapping.ignored });
  return mapping.events;
}

async function send(ctx: ConnectorContext<ApiSettings>, message: OutboundMessage): Promise<SendResult> {
  const { callbackUrl, signingSecret } = ctx.settings;
  if (!callbackUrl) {
    throw new ConnectorError(
      'config',
      'This API integration has no callbackUrl, so agent replies cannot be delivered; set the Callback URL in its settings',
    );
  }
  // Serialise once and sign those exact bytes; the http client sends `body` unchanged.
  const body = JSON.stringify(mapApiOutboundMessage(message));
  // webhook-id is the idempotency key, so a receiver can drop our retries of one reply.
  const signed = signStandardWebhook({
    secret: signingSecret,
    id: message.idempotencyKey,
    timestamp: ctx.clock.now(),
    body,
  });
  const res = await ctx.http.request({
    method: 'POST',
    url: callbackUrl,
    headers: { 'content-type': 'application/json', ...signed },
    body,
  });
  if (res.status < 200 || res.status >= 300) throw apiErrorFromResponse(res, ctx.clock, [signingSecret]);
  return { providerMessageId: providerMessageIdFromReply(res.body, message.idempotencyKey) };
}

/**
 * The reference `api` connector: your own system posts signed JSON events to
 * `/webhooks/:integrationId` and receives agent replies, signed the same way, on its callback URL.
 * See docs/connectors/api.md for the wire format.
 *
 * @example
 * ```ts
 * const registry = new ConnectorRegistry([apiConnector]);
 * ```
 */
export const apiConnector: ConnectorDefinition<ApiSettings> = defineConnector<ApiSettings>({
  manifest: apiManifest,
  settings: apiSettingsSchema,
  hooks: { verify, parse, send },
});

export type { ApiSettings } from './api.settings';
export type { ApiMessageCreatedPayload } from './api-outbound.mapper';
export {
  signStandardWebhook,
  verifyStandardWebhook,
  type StandardWebhookHeaders,
} from './standard-webhooks.signature';
