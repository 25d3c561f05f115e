import type { CanonicalEvent } from './canonical-event';
import type { Clock } from './clock';
import type { ConnectorLogger } from './connector-logger';
import type { HttpClient } from './http-client';
import type { StateStore } from './state-store';

/**
 * Everything a hook may use. A connector never reads the database, Redis or environment variables: the
 * host injects settings (secrets already decrypted), an HTTP client limited to the manifest's
 * allowed hosts, a state store, a logger and a clock.
 *
 * @example
 * ```ts
 * type AcmeSettings = { apiKey: string; region: 'eu' | 'us' };
 * async function send(ctx: ConnectorContext<AcmeSettings>, message: OutboundMessage) {
 *   const res = await ctx.http.request({
 *     method: 'POST',
 *     url: `https://${ctx.settings.region}.acme.example/v1/messages`,
 *     headers: { authorization: `Bearer ${ctx.settings.apiKey}` },
 *     json: { to: message.recipient.externalId, text: message.text },
 *   });
 *   ...
 * }
 * ```
 */
export interface ConnectorContext<S = Record<string, unknown>> {
  integrationId: string;
  /** Non-secret settings (with defaults) merged with the decrypted secrets. */
  settings: S;
  http: HttpClient;
  state: StateStore;
  logger: ConnectorLogger;
  clock: Clock;
}

/**
 * The context of a long-lived session (a websocket, a polling loop) run by a worker.
 * `emit` hands events to the host, which stores them like webhook events; it resolves once they
 * are committed, so a session can advance its cursor after it. `signal` aborts when the host
 * stops the session.
 *
 * @example
 * ```ts
 * async startSession(ctx) {
 *   while (!ctx.signal.aborted) {
 *     const updates = await poll(ctx);
 *     await ctx.emit(updates.map(toCanonicalEvent));
 *   }
 * }
 * ```
 */
export interface SessionContext<S = Record<string, unknown>> extends ConnectorContext<S> {
  emit(events: CanonicalEvent[]): Promise<void>;
  signal: AbortSignal;
  /**
   * Tells the host how the session is doing; the host keeps the latest report, shows it to admins
   * (GraphQL `integrationSession`) and holds outbound messages until the session is `ready`.
   * `qr` is the raw string of a QR code the admin must scan to link the account.
   *
   * @example
   * ```ts
   * client.on('qr', (qr) => void ctx.reportStatus({ state: 'qr_required', qr }));
   * client.on('ready', () => void ctx.reportStatus({ state: 'ready' }));
   * client.on('disconnected', (reason) => {
   *   if (reason === 'LOGOUT') void ctx.reportStatus({ state: 'needs_relinking', detail: 'Logged out on the phone.' });
   * });
   * ```
   */
  reportStatus(status: SessionStatusReport): Promise<void>;
}

/**
 * A session's state as its connector sees it. `needs_relinking`: the account was unlinked (logged
 * out on the phone); the host keeps this state, showing any new QR code, until the session is
 * `ready` again.
 *
 * @example
 * ```ts
 * const report: SessionStatusReport = { state: 'qr_required', qr: '2@Xk3...', detail: 'Scan with WhatsApp → Linked devices.' };
 * ```
 */
export interface SessionStatusReport {
  state: 'connecting' | 'qr_required' | 'ready' | 'needs_relinking' | 'error';
  detail?: string;
  qr?: string;
}
