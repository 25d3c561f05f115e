import type { ConversationPosition } from '../../core/conversations/conversation.repository';
import { DomainError } from '../../core/errors/domain-error';

const PREFIX = 'cv1:';
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opaque Relay cursors for the conversation list: the row's position in the list order
 * (last_message_at at microsecond precision, then id), versioned so the format can change.
 */
export function encodeConversationCursor(position: ConversationPosition): string {
  return Buffer.from(PREFIX + JSON.stringify([position.sortKey, position.id])).toString('base64url');
}

export function decodeConversationCursor(cursor: string): ConversationPosition {
  const invalid = new DomainError(
    'INVALID_INPUT',
    'after is not a cursor this API returned; pass an endCursor or edge cursor.',
  );
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(PREFIX.length));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid;
  const [sortKey, id] = parsed as unknown[];
  if (!(sortKey === null || (typeof sortKey === 'string' && SORT_KEY.test(sortKey)))) throw invalid;
  if (typeof id !== 'string' || !UUID.test(id)) throw invalid;
  return { sortKey, id };
}
