/**
 * A structured logger scoped to one integration. The host adds the connector id and integration id.
 * Never pass secrets, tokens, raw bodies or personal data in the message or the fields.
 *
 * @example
 * ```ts
 * ctx.logger.warn('Skipped invalid events in a batch', { skipped: 2, problems });
 * ```
 */
export interface ConnectorLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
