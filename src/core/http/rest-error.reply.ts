import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { DomainError, httpStatusFor } from '../errors/domain-error';

/** The one error body of the REST edges (widget API, files): `{ error: { code, message } }`. */
export function sendRestError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

/**
 * Answers an error of a REST edge: domain errors by their code (with Retry-After when rate
 * limited), Fastify's own body errors (too large, unreadable) in the same shape, anything else as
 * a logged 500 that reveals nothing.
 */
export function replyRestError(
  reply: FastifyReply,
  e: unknown,
  logger: Logger,
  hints: { badBody: string; tooLarge: string },
): FastifyReply {
  if (e instanceof DomainError) {
    if (e.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(e.retryAfterMs / 1000)));
    return sendRestError(reply, httpStatusFor(e.code), e.code, e.message);
  }
  const status = (e as { statusCode?: number }).statusCode;
  if (status === 413) return sendRestError(reply, 413, 'TOO_LARGE', hints.tooLarge);
  if (status === 400 || status === 415) return sendRestError(reply, 400, 'INVALID_INPUT', hints.badBody);
  logger.error({ err: e }, 'request failed unexpectedly');
  return sendRestError(reply, 500, 'INTERNAL', 'Something went wrong; try again.');
}
