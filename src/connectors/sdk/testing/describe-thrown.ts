import { isConnectorError } from '../connector-error';

/**
 * A one-line description of something a hook threw, for check failure messages.
 *
 * @example
 * ```ts
 * describeThrown(new ConnectorError('auth', 'bad signature')); // "ConnectorError('auth'): bad signature"
 * ```
 */
export function describeThrown(error: unknown): string {
  if (isConnectorError(error)) return `ConnectorError('${error.kind}'): ${error.message}`;
  if (error instanceof Error) return `${error.name} (not a ConnectorError): ${error.message}`;
  return `a non-error value (${typeof error})`;
}
