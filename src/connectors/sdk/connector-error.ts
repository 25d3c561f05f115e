/**
 * What went wrong, boiled down to the one fact the host needs to pick a recovery (Twenty's
 * messaging exception handler does the same): retry later, ask an admin to fix the settings,
 * re-authenticate, or give up.
 *
 * - `config`: the integration's settings are wrong or missing; retrying will not help until an admin fixes them.
 * - `auth`: credentials or a signature were rejected.
 * - `rate_limited`: the provider asked us to slow down; honour `retryAfterMs` when present.
 * - `transient`: network failure, timeout or a 5xx; retry with backoff.
 * - `permanent`: the provider will never accept this input; do not retry.
 * - `unsupported`: the connector cannot do this (for example attachments on a text-only channel).
 *
 * @example
 * ```ts
 * if (res.status === 429) throw new ConnectorError('rate_limited', 'Provider answered 429', { retryAfterMs: 30_000 });
 * ```
 */
export type ConnectorErrorKind =
  'config' | 'auth' | 'rate_limited' | 'transient' | 'permanent' | 'unsupported';

/** Every kind, in a stable order; useful for exhaustive tables and validation. */
export const CONNECTOR_ERROR_KINDS: readonly ConnectorErrorKind[] = Object.freeze([
  'config',
  'auth',
  'rate_limited',
  'transient',
  'permanent',
  'unsupported',
]);

/** Extra facts a connector may attach to a {@link ConnectorError}. */
export interface ConnectorErrorOptions {
  /** How long the provider asked us to wait before the next attempt. */
  retryAfterMs?: number;
  /** The provider's own error code (`131047`, `invalid_auth`...), for support and metrics. */
  providerCode?: string;
  /** The underlying error. Kept for debugging, never serialised, so it may hold anything. */
  cause?: unknown;
}

/**
 * The only error type a connector hook should throw. The host decides the retry policy from `kind`.
 *
 * The message is shown to admins and written to logs, so it must never contain a secret, a token,
 * a full URL with credentials or a message body. Put the raw error in `cause` instead: it is kept
 * for debugging but left out of `toJSON()`.
 *
 * @example
 * ```ts
 * throw new ConnectorError('permanent', 'Provider answered 400: recipient is not a valid phone number', {
 *   providerCode: '131009',
 * });
 * ```
 */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly kind: ConnectorErrorKind;
  readonly retryAfterMs?: number;
  readonly providerCode?: string;

  constructor(kind: ConnectorErrorKind, message: string, opts: ConnectorErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.kind = kind;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
    if (opts.providerCode !== undefined) this.providerCode = opts.providerCode;
  }

  /** Leaves `cause` and `stack` out: the cause may be a raw library error that quotes headers or URLs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
      ...(this.providerCode !== undefined && { providerCode: this.providerCode }),
    };
  }
}

/**
 * True for a {@link ConnectorError}. Also recognises one built by another copy of the SDK (a plugin
 * that bundles its own), where `instanceof` would fail.
 *
 * @example
 * ```ts
 * catch (e) { if (isConnectorError(e) && e.kind === 'auth') markForReauth(); }
 * ```
 */
export function isConnectorError(e: unknown): e is ConnectorError {
  if (e instanceof ConnectorError) return true;
  if (!(e instanceof Error) || e.name !== 'ConnectorError') return false;
  const kind = (e as { kind?: unknown }).kind;
  return typeof kind === 'string' && (CONNECTOR_ERROR_KINDS as readonly string[]).includes(kind);
}
