import type { ClientFrame, UploadedFile } from '../shared/protocol';
import type { PendingMessage } from './message-store';
import type { PrechatAnswers } from './views/prechat-form-view';

/** Waited before resending when the hub said RATE_LIMITED or UNAVAILABLE without a `retryAfterMs`. */
export const RETRY_LATER_MS = 5_000;

/** What to do with a pending message the hub answered with an error frame. */
export type ErrorRecovery = { state: 'failed'; retryInMs: number } | { state: 'rejected' };

/**
 * A new visitor message, not sent yet. The prechat answers ride along only when given (the
 * conversation's first message), so the outbox holds no `prechat` key otherwise.
 *
 * @example newPendingMessage('5f0c…', 'Hello', [], '2025-01-01T10:00:00.000Z', null)
 */
export function newPendingMessage(
  clientMessageId: string,
  text: string | null,
  attachments: UploadedFile[],
  createdAt: string,
  prechat: PrechatAnswers | null,
): PendingMessage {
  return {
    clientMessageId,
    text,
    attachments,
    createdAt,
    state: 'sending',
    ...(prechat ? { prechat } : {}),
  };
}

/** The `message` frame for a pending message: empty text, no attachments or no prechat are left out. */
export function messageFrame(pending: PendingMessage): Extract<ClientFrame, { type: 'message' }> {
  const frame: Extract<ClientFrame, { type: 'message' }> = {
    type: 'message',
    clientMessageId: pending.clientMessageId,
  };
  if (pending.text) frame.text = pending.text;
  if (pending.attachments.length) frame.attachments = pending.attachments.map((a) => ({ fileId: a.fileId }));
  if (pending.prechat) frame.prechat = pending.prechat;
  return frame;
}

/**
 * RATE_LIMITED and UNAVAILABLE mean the hub could not take it now: keep it and send it again
 * later, same id. Any other code (INVALID_INPUT, TOO_LARGE…) is a refusal that only the visitor's
 * Retry resends.
 */
export function errorRecovery(code: string, retryAfterMs: number | undefined): ErrorRecovery {
  return code === 'RATE_LIMITED' || code === 'UNAVAILABLE'
    ? { state: 'failed', retryInMs: retryAfterMs ?? RETRY_LATER_MS }
    : { state: 'rejected' };
}

/** After a reconnect everything pending is sent again with its own id, except what the hub refused. */
export function resendsOnReconnect(pending: PendingMessage): boolean {
  return pending.state !== 'rejected';
}
