import type { DeliveryStatus, Message } from '../api/hub-types';

/**
 * How far along delivery a status is. A late answer (a catch-up page fetched before a status
 * update) must not move a message backwards; FAILED ranks with SENT so a retry that succeeds can
 * still replace it.
 */
const DELIVERY_RANK: Record<DeliveryStatus, number> = {
  PENDING: 0,
  SENT: 1,
  FAILED: 1,
  DELIVERED: 2,
  READ: 3,
};

function rank(status: DeliveryStatus | null): number {
  return status ? DELIVERY_RANK[status] : -1;
}

/**
 * The messages of one conversation as the console holds them: one entry per id (a message fetched
 * twice, by a catch-up and by a status refresh, is kept once), listed by seq. `maxSeq` is where
 * `messagesSince` resumes after a reconnect; `minSeq` where loading earlier messages continues.
 */
export class MessageLog {
  private readonly byId = new Map<string, Message>();
  private sorted: Message[] | null = [];

  constructor(readonly conversationId: string) {}

  /** Stores or updates messages of this conversation; answers whether anything changed. */
  upsert(messages: readonly Message[]): boolean {
    let changed = false;
    for (const incoming of messages) {
      if (incoming.conversationId !== this.conversationId) continue;
      const held = this.byId.get(incoming.id);
      const next =
        held && rank(incoming.deliveryStatus) < rank(held.deliveryStatus)
          ? { ...incoming, deliveryStatus: held.deliveryStatus, failureReason: held.failureReason }
          : incoming;
      if (held && sameMessage(held, next)) continue;
      this.byId.set(incoming.id, next);
      changed = true;
    }
    if (changed) this.sorted = null;
    return changed;
  }

  /** Messages ordered by seq (ties, which the hub never makes, by id for a stable order). */
  list(): readonly Message[] {
    if (!this.sorted) {
      this.sorted = [...this.byId.values()].sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
    }
    return this.sorted;
  }

  /** Highest seq held, 0 when none: the `afterSeq` of the next catch-up. */
  maxSeq(): number {
    const list = this.list();
    return list.length ? list[list.length - 1].seq : 0;
  }

  /** Lowest seq held, 0 when none. */
  minSeq(): number {
    const list = this.list();
    return list.length ? list[0].seq : 0;
  }

  /** Whether a message sent with this clientMessageId is stored (its pending bubble can go). */
  hasClientMessageId(clientMessageId: string): boolean {
    for (const m of this.byId.values()) if (m.clientMessageId === clientMessageId) return true;
    return false;
  }

  get size(): number {
    return this.byId.size;
  }
}

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.seq === b.seq &&
    a.text === b.text &&
    a.deliveryStatus === b.deliveryStatus &&
    a.failureReason === b.failureReason &&
    a.private === b.private &&
    a.attachments.length === b.attachments.length &&
    a.attachments.every((att, i) => att.url === b.attachments[i].url)
  );
}
