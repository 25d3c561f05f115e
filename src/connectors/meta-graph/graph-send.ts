import {
  SEND_RECORD_TTL_SECONDS,
  type ConnectorContext,
  type ConnectorError,
  type HttpResponse,
  type SendResult,
} from '../sdk';
import type { MetaGraphSettings } from './meta-graph.settings';

/**
 * A Graph API URL for `path` under the configured base URL and version.
 *
 * @example
 * ```ts
 * graphUrl({ graphBaseUrl: 'https://graph.facebook.com/', apiVersion: 'v21.0' }, 'me/messages');
 * // 'https://graph.facebook.com/v21.0/me/messages'
 * ```
 */
export function graphUrl(
  settings: Pick<MetaGraphSettings, 'graphBaseUrl' | 'apiVersion'>,
  path: string,
): string {
  return `${settings.graphBaseUrl.replace(/\/+$/, '')}/${settings.apiVersion}/${path}`;
}

/** What {@link sendGraphParts} needs besides the host's context. */
export interface GraphSendParts<B> {
  /** The reply's idempotency key: sent parts are recorded under it. */
  idempotencyKey: string;
  /** The request bodies of one reply, in order (text parts, then one per attachment). */
  parts: readonly B[];
  /** Where each part is POSTed. */
  url: string;
  accessToken: string;
  /** The product's mapping of a failed reply to a `ConnectorError`. */
  errorOf(res: HttpResponse): ConnectorError;
  /** The message id of a successful reply; throws when the reply has none. */
  messageIdOf(res: HttpResponse): string;
}

/**
 * POSTs the parts of one reply in order and returns the first part's message id. A reply of
 * several parts records each sent part's id in the state store, so a retry after a partial
 * failure sends only the rest (Graph has no idempotency key of its own).
 *
 * @example
 * ```ts
 * return sendGraphParts(ctx, {
 *   idempotencyKey: message.idempotencyKey,
 *   parts: messengerSendBodies(message, 'RESPONSE'),
 *   url: graphUrl(ctx.settings, 'me/messages'),
 *   accessToken: ctx.settings.pageAccessToken,
 *   errorOf: (res) => graphErrorFromResponse(res, ctx.clock, [ctx.settings.pageAccessToken]),
 *   messageIdOf: (res) => res.json<{ message_id: string }>().message_id,
 * });
 * ```
 */
export async function sendGraphParts<B>(
  ctx: Pick<ConnectorContext, 'http' | 'state'>,
  send: GraphSendParts<B>,
): Promise<SendResult> {
  const { parts } = send;
  let first: string | undefined;
  for (const [i, body] of parts.entries()) {
    const key = `part:${send.idempotencyKey}:${i}`;
    let id = parts.length > 1 ? await ctx.state.get<string>(key) : undefined;
    if (!id) {
      // A bearer header keeps the token out of URLs, and so out of proxies' access logs.
      const res = await ctx.http.request({
        method: 'POST',
        url: send.url,
        headers: { authorization: `Bearer ${send.accessToken}` },
        json: body,
      });
      if (res.status < 200 || res.status >= 300) throw send.errorOf(res);
      id = send.messageIdOf(res);
      if (parts.length > 1) await ctx.state.set(key, id, { ttlSeconds: SEND_RECORD_TTL_SECONDS });
    }
    first ??= id;
  }
  return { providerMessageId: first as string };
}
