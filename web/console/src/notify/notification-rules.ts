import type { ConversationSummary } from '../api/hub-types';

export type Alert = { kind: 'assigned' | 'message'; conversation: ConversationSummary } | null;

/**
 * Whether a live change deserves a chime or a desktop notification: a chat newly assigned to me,
 * or more unread contact messages in one of my chats that I am not looking at (another chat is
 * open, or the console's tab is hidden or unfocused).
 */
export function alertFor(
  before: ConversationSummary | undefined,
  after: ConversationSummary,
  meId: string,
  inView: (conversationId: string) => boolean,
): Alert {
  if (after.assigneeId !== meId || after.status === 'RESOLVED') return null;
  if (before?.assigneeId !== meId) return { kind: 'assigned', conversation: after };
  if (after.unreadCount > before.unreadCount && !inView(after.id))
    return { kind: 'message', conversation: after };
  return null;
}
