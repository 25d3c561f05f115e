import type { ClientFrame } from '../shared/protocol';
import type { MessageStore } from './message-store';

/**
 * Read receipts and the launcher's unread badge for the current conversation: agent messages are
 * marked read only while the visitor can see them, and the badge counts the agent messages above
 * what was read (the loader hears the count only when it changed).
 */
export class ReadReceipts {
  private readSeq = 0;
  private lastUnread = -1;

  constructor(
    private readonly store: Pick<MessageStore, 'maxOutboundSeq' | 'unreadCount'>,
    /** The connection's `send`: false when no path works now (the receipt is sent on a later update). */
    private readonly send: (frame: Extract<ClientFrame, { type: 'read' }>) => boolean,
    private readonly onUnread: (count: number) => void,
  ) {}

  /** Another conversation started: none of its messages is read yet. */
  restart(): void {
    this.readSeq = 0;
  }

  /** `seen`: the panel is open and the tab visible, so the agent's messages are in front of the visitor. */
  update(conversationId: string | null, seen: boolean): void {
    if (seen && conversationId) {
      const seq = this.store.maxOutboundSeq(conversationId);
      if (seq > this.readSeq && this.send({ type: 'read', seq })) this.readSeq = seq;
    }
    const unread = this.store.unreadCount(conversationId, this.readSeq);
    if (unread !== this.lastUnread) {
      this.lastUnread = unread;
      this.onUnread(unread);
    }
  }
}
