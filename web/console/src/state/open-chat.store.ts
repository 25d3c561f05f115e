import type { GraphqlClient } from '../api/graphql-client';
import {
  CONVERSATION_DETAIL,
  MARK_READ,
  MESSAGE_PAGE_SIZE,
  MESSAGES_SINCE,
  SEND_MESSAGE,
} from '../api/graphql-documents';
import { errorCode, errorMessage } from '../api/hub-error';
import type { ConversationDetail, ConversationSummary, Message, UploadedFile } from '../api/hub-types';
import type { ConversationDirectory } from './conversation-directory.store';
import { MessageLog } from './message-log';
import { Store } from './store';

/** A reply or note the hub has not stored yet; retried with the same clientMessageId. */
export interface PendingSend {
  clientMessageId: string;
  text: string;
  private: boolean;
  attachments: UploadedFile[];
  createdAt: string;
  state: 'sending' | 'failed';
  error: string | null;
}

/** A reply the channel's window refused before anything was stored (REPLY_WINDOW_CLOSED). */
export interface WindowRefusal {
  /** The hub's plain words. */
  message: string;
}

export interface OpenChatState {
  conversationId: string | null;
  detail: ConversationDetail | null;
  messages: readonly Message[];
  pending: readonly PendingSend[];
  loading: boolean;
  loadingOlder: boolean;
  hasOlder: boolean;
  notFound: boolean;
  error: string | null;
}

/** How many messages a chat opens with; earlier ones load on demand. */
const INITIAL_WINDOW = MESSAGE_PAGE_SIZE;

const EMPTY: OpenChatState = {
  conversationId: null,
  detail: null,
  messages: [],
  pending: [],
  loading: false,
  loadingOlder: false,
  hasOlder: false,
  notFound: false,
  error: null,
};

function summaryOf(detail: ConversationDetail): ConversationSummary {
  const {
    prechat: _prechat,
    visitor: _visitor,
    integrationId: _integrationId,
    replyWindow: _replyWindow,
    contact,
    ...rest
  } = detail;
  return {
    ...rest,
    contact: { id: contact.id, name: contact.name, email: contact.email, avatarUrl: contact.avatarUrl },
  };
}

/**
 * The chat in view: its details and messages. Messages live in a MessageLog (one per id, by seq):
 * a live `message.created` fetches everything after the highest seq held, so a message is never
 * missed however events interleave, and never shown twice. Fetches run one after another.
 */
export class OpenChatStore extends Store<OpenChatState> {
  private log: MessageLog | null = null;
  private queue: Promise<void> = Promise.resolve();
  private generation = 0;
  private markedSeq = 0;

  constructor(
    private readonly api: GraphqlClient,
    private readonly directory: ConversationDirectory,
  ) {
    super(EMPTY);
  }

  open(conversationId: string | null): void {
    if (conversationId === this.state.conversationId) return;
    this.generation++;
    this.markedSeq = 0;
    this.log = conversationId ? new MessageLog(conversationId) : null;
    this.setState({ ...EMPTY, conversationId, loading: conversationId !== null });
    if (!conversationId) return;
    // The first task in the queue: a live catch-up that arrives meanwhile runs after it, from the
    // highest seq it loaded (not from 0 through the whole history).
    const generation = this.generation;
    void this.enqueue(generation, async () => {
      await this.refreshDetail();
      if (generation !== this.generation) return;
      if (!this.state.detail) return this.setState({ loading: false });
      await this.fetchFrom(generation, this.windowStart());
    });
  }

  /** Where a chat with nothing loaded starts: the latest INITIAL_WINDOW messages. */
  private windowStart(): number {
    return Math.max(0, (this.state.detail?.lastSeq ?? 0) - INITIAL_WINDOW);
  }

  /** Refetches the details (a live event named this conversation); also updates its list row. */
  async refreshDetail(): Promise<void> {
    const id = this.state.conversationId;
    if (!id) return;
    const generation = this.generation;
    const stamp = this.directory.stamp();
    try {
      const { conversation } = await this.api.request<{ conversation: ConversationDetail }>(
        CONVERSATION_DETAIL,
        {
          id,
        },
      );
      if (generation !== this.generation) return;
      this.directory.apply(summaryOf(conversation), stamp, true);
      this.setState({ detail: conversation, error: null });
    } catch (e) {
      if (generation !== this.generation) return;
      if (errorCode(e) === 'NOT_FOUND') this.setState({ notFound: true, loading: false });
      else this.setState({ error: errorMessage(e), loading: false });
    }
  }

  /** Fetches every message after the highest seq held. */
  catchUp(): Promise<void> {
    const generation = this.generation;
    return this.enqueue(generation, () => this.fetchFrom(generation, this.log?.maxSeq() ?? 0));
  }

  /** Refetches one message (its delivery status changed). */
  reloadSeq(seq: number): Promise<void> {
    const generation = this.generation;
    return this.enqueue(generation, async () => {
      const log = this.log;
      if (!log || seq < log.minSeq() || seq > log.maxSeq()) return;
      const messages = await this.messagesSince(log.conversationId, seq - 1, 1);
      if (generation === this.generation) this.store(messages);
    });
  }

  /**
   * After a reconnect: details again, the recent messages again (their delivery status may have
   * moved while the socket was down), then everything after the highest seq.
   */
  async resync(): Promise<void> {
    const log = this.log;
    if (!log) return;
    const generation = this.generation;
    await this.refreshDetail();
    await this.enqueue(generation, () => {
      const from = log.size
        ? Math.max(log.minSeq() - 1, log.maxSeq() - MESSAGE_PAGE_SIZE)
        : this.windowStart();
      return this.fetchFrom(generation, from);
    });
  }

  /** Loads the page of messages before the earliest held. */
  loadOlder(): Promise<void> {
    const generation = this.generation;
    return this.enqueue(generation, async () => {
      const log = this.log;
      if (!log || log.minSeq() <= 1) return;
      this.setState({ loadingOlder: true });
      const before = log.minSeq() - 1;
      const after = Math.max(0, before - MESSAGE_PAGE_SIZE);
      try {
        const messages = await this.messagesSince(log.conversationId, after, before - after);
        if (generation === this.generation) this.store(messages);
      } finally {
        if (generation === this.generation) this.setState({ loadingOlder: false });
      }
    });
  }

  /**
   * Sends a reply or a private note; the bubble shows at once and settles when the hub stores it.
   * Resolves with the hub's words when the reply window closed before the reply got there
   * (REPLY_WINDOW_CLOSED: nothing was stored): the bubble goes, the caller keeps the draft, and
   * the details are fetched again so the window shows as it is now.
   */
  async send(text: string, isPrivate: boolean, attachments: UploadedFile[]): Promise<WindowRefusal | null> {
    const conversationId = this.state.conversationId;
    if (!conversationId) return null;
    const pending: PendingSend = {
      clientMessageId: crypto.randomUUID(),
      text,
      private: isPrivate,
      attachments,
      createdAt: new Date().toISOString(),
      state: 'sending',
      error: null,
    };
    this.setState({ pending: [...this.state.pending, pending] });
    const refusal = await this.deliver(conversationId, pending);
    if (!refusal) return null;
    this.discard(pending.clientMessageId);
    void this.refreshDetail();
    return { message: refusal };
  }

  async retry(clientMessageId: string): Promise<void> {
    const conversationId = this.state.conversationId;
    const pending = this.state.pending.find((p) => p.clientMessageId === clientMessageId);
    if (!conversationId || !pending) return;
    this.updatePending(clientMessageId, { state: 'sending', error: null });
    const refusal = await this.deliver(conversationId, pending);
    // A retry keeps its bubble: the agent reads why on it and can discard it.
    if (refusal) {
      this.updatePending(clientMessageId, { state: 'failed', error: refusal });
      void this.refreshDetail();
    }
  }

  discard(clientMessageId: string): void {
    this.setState({ pending: this.state.pending.filter((p) => p.clientMessageId !== clientMessageId) });
  }

  /** Resolves with the hub's message when the reply window refused it, null otherwise. */
  private async deliver(conversationId: string, pending: PendingSend): Promise<string | null> {
    const generation = this.generation;
    try {
      const { sendMessage } = await this.api.request<{ sendMessage: Message }>(SEND_MESSAGE, {
        input: {
          conversationId,
          clientMessageId: pending.clientMessageId,
          text: pending.text,
          ...(pending.private ? { private: true } : {}),
          ...(pending.attachments.length
            ? { attachments: pending.attachments.map((a) => ({ fileId: a.fileId })) }
            : {}),
        },
      });
      if (generation === this.generation) this.store([sendMessage]);
      return null;
    } catch (e) {
      if (generation !== this.generation) return null;
      if (errorCode(e) === 'REPLY_WINDOW_CLOSED') return errorMessage(e);
      this.updatePending(pending.clientMessageId, { state: 'failed', error: errorMessage(e) });
      return null;
    }
  }

  /** Stores a message the caller sent another way (a template); the log settles it like any. */
  received(message: Message): void {
    if (message.conversationId === this.state.conversationId) this.store([message]);
  }

  /**
   * Marks the chat read up to the highest seq shown, when it is in view. Once per new seq: the
   * hub only moves the mark forward anyway.
   */
  async markRead(): Promise<void> {
    const log = this.log;
    const id = this.state.conversationId;
    if (!log || !id) return;
    const seq = log.maxSeq();
    const summary = this.directory.get(id);
    if (
      seq === 0 ||
      seq <= this.markedSeq ||
      (summary && summary.lastReadSeq >= seq && summary.unreadCount === 0)
    )
      return;
    this.markedSeq = seq;
    const stamp = this.directory.stamp();
    try {
      const { markConversationRead } = await this.api.request<{ markConversationRead: ConversationSummary }>(
        MARK_READ,
        { conversationId: id, seq },
      );
      this.directory.apply(markConversationRead, stamp);
    } catch {
      this.markedSeq = 0; // try again with the next message or focus
    }
  }

  private enqueue(generation: number, task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (generation !== this.generation) return;
      try {
        await task();
      } catch (e) {
        if (generation === this.generation) this.setState({ error: errorMessage(e), loading: false });
      }
    });
    this.queue = run;
    return run;
  }

  /** Pages through messagesSince from `afterSeq` until the hub has nothing newer. */
  private async fetchFrom(generation: number, afterSeq: number): Promise<void> {
    const log = this.log;
    if (!log) return;
    let cursor = afterSeq;
    for (;;) {
      const messages = await this.messagesSince(log.conversationId, cursor, MESSAGE_PAGE_SIZE);
      if (generation !== this.generation) return;
      this.store(messages);
      if (messages.length < MESSAGE_PAGE_SIZE) break;
      cursor = messages[messages.length - 1].seq;
    }
    this.setState({ loading: false });
  }

  private async messagesSince(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const { messagesSince } = await this.api.request<{ messagesSince: Message[] }>(MESSAGES_SINCE, {
      conversationId,
      afterSeq,
      limit,
    });
    return messagesSince;
  }

  private store(messages: Message[]): void {
    const log = this.log;
    if (!log) return;
    const changed = log.upsert(messages);
    const pending = this.state.pending.filter((p) => !log.hasClientMessageId(p.clientMessageId));
    if (!changed && pending.length === this.state.pending.length) return;
    this.setState({ messages: log.list(), pending, hasOlder: log.minSeq() > 1, error: null });
  }

  private updatePending(clientMessageId: string, patch: Partial<PendingSend>): void {
    this.setState({
      pending: this.state.pending.map((p) =>
        p.clientMessageId === clientMessageId ? { ...p, ...patch } : p,
      ),
    });
  }
}
