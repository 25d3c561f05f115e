import { ConnectorError, isConnectorError } from './connector-error';

/**
 * Turns anything a hook threw into a {@link ConnectorError}. A foreign error becomes `transient`
 * (a bug or an unexpected library failure is usually worth one more try) with a generic message:
 * library errors often quote request headers or URLs, so their text could hold a secret. The
 * original stays available as `cause`.
 *
 * @example
 * ```ts
 * try { await hooks.send(ctx, message); } catch (e) { throw toConnectorError(e); }
 * ```
 */
export function toConnectorError(e: unknown): ConnectorError {
  if (isConnectorError(e)) return e;
  const type = e instanceof Error ? e.constructor.name : typeof e;
  return new ConnectorError('transient', `Connector failed with an unexpected ${type}`, { cause: e });
}
