import type { UploadedFile, WidgetMessage } from '../shared/protocol';

/** A visitor message the hub has not acknowledged yet (kept in the outbox until it has). */
export interface PendingMessage {
  clientMessageId: string;
  text: string | null;
  attachments: UploadedFile[];
  prechat?: Record<string, string | boolean>;
  createdAt: string;
  /**
   * `failed`: no ack in time or the hub could not store it; resent on the next connection.
   * `rejected`: the hub refused it (invalid, too large); only the visitor's Retry resends it.
   */
  state: 'sending' | 'failed' | 'rejected';
}

export type ListEntry =
  | { kind: 'message'; key: string; message: WidgetMessage }
  | { kind: 'pending'; key: string; pending: PendingMessage };

/**
 * The messages the panel shows: deduplicated by id, ordered by seq within a conversation and
 * conversations by their first message, with the visitor's unacknowledged messages after them.
 * An entry's key is the visitor's clientMessageId when there is one, so the bubble drawn for a
 * pending message is the same one that later shows it stored.
 */
export class MessageStore {
  private readonly byId = new Map<string, WidgetMessage>();
  private readonly pending = new Map<string, PendingMessage>();
  private readonly conversationStart = new Map<string, string>();

  /** Stores or updates a message; true when its id was new. Settles the pending message it acknowledges. */
  upsert(message: WidgetMessage): boolean {
    const isNew = !this.byId.has(message.id);
    this.byId.set(message.id, message);
    if (message.clientMessageId) this.pending.delete(message.clientMessageId);
    const start = this.conversationStart.get(message.conversationId);
    if (start === undefined || message.createdAt < start) {
      this.conversationStart.set(message.conversationId, message.createdAt);
    }
    return isNew;
  }

  addPending(message: PendingMessage): void {
    this.pending.set(message.clientMessageId, message);
  }

  setPendingState(clientMessageId: string, state: PendingMessage['state']): void {
    const message = this.pending.get(clientMessageId);
    if (message) this.pending.set(clientMessageId, { ...message, state });
  }

  pendingMessages(): PendingMessage[] {
    return [...this.pending.values()];
  }

  /** Highest seq seen in a conversation (0 when none): the `afterSeq` to resume from. */
  maxSeq(conversationId: string | null): number {
    let max = 0;
    for (const m of this.byId.values()) if (m.conversationId === conversationId && m.seq > max) max = m.seq;
    return max;
  }

  /** Highest seq of an agent (outbound) message in a conversation, 0 when none. */
  maxOutboundSeq(conversationId: string | null): number {
    let max = 0;
    for (const m of this.byId.values()) {
      if (m.conversationId === conversationId && m.direction === 'outbound' && m.seq > max) max = m.seq;
    }
    return max;
  }

  /** Agent messages above `readSeq` that the hub does not already know as read (read elsewhere). */
  unreadCount(conversationId: string | null, readSeq: number): number {
    let count = 0;
    for (const m of this.byId.values()) {
      if (
        m.conversationId === conversationId &&
        m.direction === 'outbound' &&
        m.seq > readSeq &&
        m.status !== 'read'
      ) {
        count++;
      }
    }
    return count;
  }

  isEmpty(): boolean {
    return this.byId.size === 0 && this.pending.size === 0;
  }

  entries(): ListEntry[] {
    const start = (m: WidgetMessage): string => this.conversationStart.get(m.conversationId) ?? '';
    const stored = [...this.byId.values()].sort((a, b) =>
      a.conversationId === b.conversationId
        ? a.seq - b.seq
        : start(a) < start(b)
          ? -1
          : start(a) > start(b)
            ? 1
            : a.conversationId < b.conversationId
              ? -1
              : 1,
    );
    return [
      ...stored.map((message): ListEntry => ({
        kind: 'message',
        key: message.clientMessageId ?? message.id,
        message,
      })),
      ...this.pendingMessages().map((pending): ListEntry => ({
        kind: 'pending',
        key: pending.clientMessageId,
        pending,
      })),
    ];
  }

  clear(): void {
    this.byId.clear();
    this.pending.clear();
    this.conversationStart.clear();
  }
}
