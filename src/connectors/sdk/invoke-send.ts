import { ConnectorError } from './connector-error';
import type { ConnectorContext } from './connector-context';
import type { ConnectorDefinition } from './define-connector';
import type { OutboundMessage, SendResult } from './outbound-message';
import { toConnectorError } from './to-connector-error';

/** How long a sent idempotency key is remembered: longer than the delivery worker's retry horizon. */
export const SEND_RECORD_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The state key under which a sent message's provider id is recorded. */
export function sendRecordKey(idempotencyKey: string): string {
  return `send:${idempotencyKey}`;
}

/**
 * The one place the host calls a connector's `send`. A delivery job can run again after it sent
 * but before it recorded success (a crash, a lost ack); the `send:<idempotencyKey>` record in
 * `ctx.state` turns that retry into a no-op that returns the first result.
 *
 * Two concurrent calls with one key can both send: the host runs one delivery job per message at
 * a time, so this guards retries, not races.
 *
 * @example
 * ```ts
 * const { providerMessageId } = await invokeSend(definition, ctx, message);
 * ```
 */
export async function invokeSend<S>(
  definition: ConnectorDefinition<S>,
  ctx: ConnectorContext<S>,
  message: OutboundMessage,
): Promise<SendResult> {
  const send = definition.hooks.send;
  if (!send) {
    throw new ConnectorError('unsupported', `Connector ${definition.manifest.id} cannot send messages`);
  }
  if (typeof message.idempotencyKey !== 'string' || message.idempotencyKey === '') {
    throw new ConnectorError('permanent', 'Outbound message has no idempotencyKey');
  }
  const key = sendRecordKey(message.idempotencyKey);
  const recorded = await ctx.state.get<string>(key);
  if (typeof recorded === 'string' && recorded !== '') return { providerMessageId: recorded };

  let result: SendResult;
  try {
    result = await send.call(definition.hooks, ctx, message);
  } catch (e) {
    throw toConnectorError(e);
  }
  if (typeof result?.providerMessageId !== 'string' || result.providerMessageId === '') {
    throw new ConnectorError(
      'permanent',
      `Connector ${definition.manifest.id} returned no providerMessageId`,
    );
  }
  try {
    await ctx.state.set(key, result.providerMessageId, { ttlSeconds: SEND_RECORD_TTL_SECONDS });
  } catch (e) {
    // The message is out; failing now would make the host retry and send it twice.
    ctx.logger.warn('Could not record a sent message; a retry may send it again', {
      errorKind: toConnectorError(e).kind,
    });
  }
  return { providerMessageId: result.providerMessageId };
}
