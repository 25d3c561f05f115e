import type { ClientFrame, UploadedFile } from '../shared/protocol';
import { uuid } from './dom';
import type { MessageStore, PendingMessage } from './message-store';
import { errorRecovery, messageFrame, newPendingMessage, resendsOnReconnect } from './outgoing-message-rules';
import type { Outbox } from './outbox';
import { browserTimers, type Timers } from './throttle';
import type { PrechatAnswers } from './views/prechat-form-view';

/** No ack within this time while connected: show the message as not sent (it is still resent). */
const ACK_TIMEOUT_MS = 15_000;

export interface OutgoingMessagesOptions {
  /** Shared with the session: pending messages are drawn from it and settled by `upsert`. */
  store: MessageStore;
  outbox: Pick<Outbox, 'load' | 'save'>;
  /** The connection's `send`: false when no path works now (`resendAll` sends it on the next one). */
  send(frame: ClientFrame): boolean;
  /** A pending message appeared or changed state: draw the list again. */
  redraw(): void;
  /** A new message was drawn: bring it into view (called before the message is sent). */
  reveal(): void;
  timers?: Timers;
  newId?: () => string;
}

/**
 * The visitor's messages from the composer until the hub has stored them: each gets its
 * clientMessageId, waits in the outbox (a reload or a drop loses nothing) and is sent, and sent
 * again with the same id after a reconnect, on the visitor's Retry, or after the hub asked to wait
 * (the hub stores each id once). No ack within 15 s shows it as not sent.
 *
 * @example
 * const outgoing = new OutgoingMessages({ store, outbox, send: (f) => connection.send(f), redraw, reveal });
 * outgoing.queue('Hello', [], null); // drawn as pending, sent when connected
 */
export class OutgoingMessages {
  /** Per clientMessageId: the ack timeout, or the resend the hub asked to wait for. */
  private readonly timers = new Map<string, unknown>();
  private readonly clock: Timers;
  private readonly newId: () => string;

  constructor(private readonly options: OutgoingMessagesOptions) {
    this.clock = options.timers ?? browserTimers;
    this.newId = options.newId ?? uuid;
  }

  /** Forgets the saved outbox (the host page called `reset`: another visitor's unsent messages). */
  discardSaved(): void {
    this.options.outbox.save([]);
  }

  /** Shows what an earlier page left unsent; `resendAll` sends it once connected. */
  restoreSaved(): void {
    for (const pending of this.options.outbox.load()) this.options.store.addPending(pending);
  }

  /** A new message: kept, drawn and sent. `prechat` only with the conversation's first message. */
  queue(text: string | null, attachments: UploadedFile[], prechat: PrechatAnswers | null): void {
    const clientMessageId = this.newId();
    const createdAt = new Date(this.clock.now()).toISOString();
    const pending = newPendingMessage(clientMessageId, text, attachments, createdAt, prechat);
    this.options.store.addPending(pending);
    this.saveOutbox();
    this.options.redraw();
    this.options.reveal();
    this.transmit(pending);
  }

  /** The connection works again: everything pending but the refused goes out again, same ids. */
  resendAll(): void {
    for (const pending of this.options.store.pendingMessages()) {
      if (resendsOnReconnect(pending)) this.transmit(pending);
    }
  }

  /** The visitor's Retry (or the wait the hub asked for is over): send it again, same id. */
  retry(clientMessageId: string): void {
    const pending = this.options.store.pendingMessages().find((p) => p.clientMessageId === clientMessageId);
    if (!pending) return;
    this.setState(clientMessageId, 'sending');
    this.transmit({ ...pending, state: 'sending' });
  }

  /**
   * The hub stored the visitor's message (ack or echo, whichever comes first): no more timeout.
   * Returns the pending message it was, if still pending, so the caller sees what it carried.
   */
  settle(clientMessageId: string): PendingMessage | undefined {
    this.clock.clearTimeout(this.timers.get(clientMessageId));
    this.timers.delete(clientMessageId);
    return this.options.store.pendingMessages().find((p) => p.clientMessageId === clientMessageId);
  }

  /** The hub answered a message with an error: resend it later, or leave it to the visitor's Retry. */
  recoverFromError(clientMessageId: string, code: string, retryAfterMs: number | undefined): void {
    this.clock.clearTimeout(this.timers.get(clientMessageId));
    const recovery = errorRecovery(code, retryAfterMs);
    this.setState(clientMessageId, recovery.state);
    if (recovery.state === 'failed') {
      this.timers.set(
        clientMessageId,
        this.clock.setTimeout(() => this.retry(clientMessageId), recovery.retryInMs),
      );
    }
  }

  /** Writes the pending messages to the outbox (after the store settled some). */
  saveOutbox(): void {
    this.options.outbox.save(this.options.store.pendingMessages());
  }

  stop(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
  }

  private transmit(pending: PendingMessage): void {
    if (!this.options.send(messageFrame(pending))) return; // resent by `resendAll`
    this.setState(pending.clientMessageId, 'sending');
    this.clock.clearTimeout(this.timers.get(pending.clientMessageId));
    this.timers.set(
      pending.clientMessageId,
      this.clock.setTimeout(() => this.setState(pending.clientMessageId, 'failed'), ACK_TIMEOUT_MS),
    );
  }

  private setState(clientMessageId: string, state: PendingMessage['state']): void {
    this.options.store.setPendingState(clientMessageId, state);
    this.saveOutbox();
    this.options.redraw();
  }
}
