import type { CanonicalEvent } from './canonical-event';
import type { ConnectorContext, SessionContext } from './connector-context';
import type { HttpReply, InboundRequest } from './inbound-request';
import type { FetchedMedia, MediaRef } from './media';
import type { MessageTemplate } from './message-template';
import type { OutboundMessage, SendResult } from './outbound-message';
import type { ReplyWindow, ReplyWindowFacts } from './reply-window';

/**
 * The functions a connector implements. Each is optional, but each declared capability needs its
 * hooks (see {@link ConnectorCapabilities}). Hooks are stateless: keep anything that must survive
 * a call in `ctx.state`. Throw only {@link ConnectorError}; anything else is treated as `transient`.
 *
 * Inbound order on `POST /webhooks/:integrationId`: `verify` → `parse` → the host stores the
 * events → `acknowledge` (or a plain 200).
 */
export interface ConnectorHooks<S = Record<string, unknown>> {
  /**
   * Answers a GET verification challenge. Return a 403 reply when the token does not match.
   *
   * @example
   * ```ts
   * handshake(ctx, req) {
   *   const ok = req.query['hub.mode'] === 'subscribe' &&
   *     timingSafeEqualString(req.query['hub.verify_token'] ?? '', ctx.settings.verifyToken);
   *   return ok ? { status: 200, body: req.query['hub.challenge'], contentType: 'text/plain' } : { status: 403 };
   * }
   * ```
   */
  handshake?(ctx: ConnectorContext<S>, req: InboundRequest): Promise<HttpReply> | HttpReply;

  /**
   * Checks the request's signature over `req.rawBody`; throws `ConnectorError('auth')` when it is
   * missing, wrong or too old. The host answers 401 and never calls `parse`.
   *
   * @example
   * ```ts
   * verify(ctx, req) {
   *   const expected = 'sha256=' + hmacSha256(ctx.settings.appSecret, req.rawBody).toString('hex');
   *   if (!timingSafeEqualString(req.headers['x-hub-signature-256'] ?? '', expected)) {
   *     throw new ConnectorError('auth', 'x-hub-signature-256 does not match the app secret');
   *   }
   * }
   * ```
   */
  verify?(ctx: ConnectorContext<S>, req: InboundRequest): Promise<void> | void;

  /**
   * Turns a verified request into canonical events. Iterate every array the platform batches; skip
   * invalid items (log why, without bodies) and ignore unknown event types. Throw
   * `ConnectorError('permanent')` only when nothing in the body can be used (the host answers 400).
   *
   * @example
   * ```ts
   * parse(ctx, req) {
   *   const body = JSON.parse(req.rawBody.toString('utf8'));
   *   return body.entry.flatMap((entry) => entry.messaging.map((m) => toMessageEvent(m, ctx.clock)));
   * }
   * ```
   */
  parse?(ctx: ConnectorContext<S>, req: InboundRequest): Promise<CanonicalEvent[]> | CanonicalEvent[];

  /**
   * Optional custom 2xx answer once the events are stored (some platforms want a body, like `EVENT_RECEIVED`).
   *
   * @example
   * ```ts
   * acknowledge: () => ({ status: 200, body: 'EVENT_RECEIVED', contentType: 'text/plain' }),
   * ```
   */
  acknowledge?(ctx: ConnectorContext<S>, req: InboundRequest, events: CanonicalEvent[]): HttpReply;

  /**
   * Delivers one outbound message and returns the provider's id for it. The host calls it only
   * through `invokeSend`, which skips keys already sent. Map failures to error kinds: 429 →
   * `rate_limited` (with `retryAfterMs`), 401/403 → `auth`, 5xx → `transient`, other 4xx → `permanent`.
   *
   * @example
   * ```ts
   * async send(ctx, message) {
   *   const res = await ctx.http.request({ method: 'POST', url, json: toProviderPayload(message) });
   *   if (res.status >= 300) throw errorFromResponse(res, ctx.clock);
   *   return { providerMessageId: res.json<{ id: string }>().id };
   * }
   * ```
   */
  send?(ctx: ConnectorContext<S>, message: OutboundMessage): Promise<SendResult>;

  /**
   * Says whether an agent may reply now, for platforms that only accept replies for a while after
   * the customer wrote (Messenger's 24-hour window, WhatsApp's customer-service window). Pure: no
   * I/O, no clock of its own; the host passes the facts. The host calls it to show the window to
   * agents before they write and refuses a free-form reply while it is `closed`; `send` should
   * apply the same rule to `message.lastInboundAt` (a reply can wait in a retry past the window).
   * Without this hook the window is always open.
   *
   * @example
   * ```ts
   * replyWindow({ lastInboundAt, now }) {
   *   if (!lastInboundAt) return { state: 'closed', closesAt: null, reason: 'The customer has not written yet.' };
   *   const closesAt = new Date(lastInboundAt.getTime() + 24 * 3600_000);
   *   return closesAt > now
   *     ? { state: 'open', closesAt }
   *     : { state: 'closed', closesAt: null, reason: 'More than 24 hours since the customer last wrote.' };
   * },
   * ```
   */
  replyWindow?(facts: ReplyWindowFacts<S>): ReplyWindow;

  /**
   * Lists the provider's message templates (WhatsApp's pre-approved templates), for agents to
   * pick one when free text is not allowed. The host caches the answer briefly and offers only
   * `approved` ones; a send of one reaches `send` with `message.template`. Map failures to error
   * kinds like `send` does.
   *
   * @example
   * ```ts
   * async listTemplates(ctx) {
   *   const res = await ctx.http.request({ method: 'GET', url: `${base}/v21.0/${ctx.settings.wabaId}/message_templates` });
   *   if (res.status >= 300) throw errorFromResponse(res, ctx.clock);
   *   return res.json<{ data: RawTemplate[] }>().data.map(toMessageTemplate);
   * }
   * ```
   */
  listTemplates?(ctx: ConnectorContext<S>): Promise<MessageTemplate[]>;

  /**
   * Downloads a file that `parse` described with `providerMediaId` (see `CanonicalAttachment`).
   * The host calls it from a `download-media` job after the message is stored, with the
   * connector's own HTTP client (its allowed hosts), stores the bytes in its file storage and
   * replaces the message's attachment with the stored file. Throw `ConnectorError`: `transient`
   * and `rate_limited` are retried with backoff; `permanent` (the media is gone, too large)
   * marks the attachment unavailable.
   *
   * @example
   * ```ts
   * async fetchMedia(ctx, ref) {
   *   const auth = { authorization: `Bearer ${ctx.settings.accessToken}` };
   *   const meta = await ctx.http.request({ method: 'GET', url: `${base}/v21.0/${ref.providerMediaId}`, headers: auth });
   *   const { url, mime_type } = meta.json<{ url: string; mime_type: string }>();
   *   const file = await ctx.http.request({ method: 'GET', url, headers: auth });
   *   return { body: file.body, mimeType: mime_type };
   * }
   * ```
   */
  fetchMedia?(ctx: ConnectorContext<S>, media: MediaRef): Promise<FetchedMedia>;

  /**
   * Runs a long-lived session in a worker until `ctx.signal` aborts; emit events with `ctx.emit`.
   * Resolve when the session ends cleanly; throw a `ConnectorError` to have the host restart it
   * with backoff (or stop it for `config` and `auth`).
   *
   * @example
   * ```ts
   * async startSession(ctx) {
   *   let offset = (await ctx.state.get<number>('offset')) ?? 0;
   *   while (!ctx.signal.aborted) {
   *     const updates = await getUpdates(ctx, offset);
   *     await ctx.emit(updates.map(toCanonicalEvent));
   *     offset = nextOffset(updates, offset);
   *     await ctx.state.set('offset', offset);
   *   }
   * }
   * ```
   */
  startSession?(ctx: SessionContext<S>): Promise<void>;

  /**
   * Releases what the session holds (closes sockets, deregisters a webhook) after the host aborted it.
   *
   * @example
   * ```ts
   * async stopSession(ctx) { await ctx.state.delete('session-lease'); }
   * ```
   */
  stopSession?(ctx: SessionContext<S>): Promise<void>;
}
