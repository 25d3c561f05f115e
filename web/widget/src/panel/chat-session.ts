import { format, resolveLocale } from '../shared/locale';
import type {
  AgentRef,
  ClientFrame,
  ConversationRef,
  Invitation,
  LoaderToPanel,
  PageInfo,
  PanelToLoader,
  ServerFrame,
  WidgetLocale,
  WidgetMessage,
  WidgetPublicConfig,
} from '../shared/protocol';
import { readStored, writeStored } from '../shared/storage';
import { PANEL_STRINGS, type PanelStrings } from '../shared/strings';
import { uploadAttachment } from './attachment-upload';
import { type ConnectionStatus, WidgetConnection } from './connection';
import { uuid } from './dom';
import { HubApi } from './hub-api';
import { MessageStore, type PendingMessage } from './message-store';
import { Outbox } from './outbox';
import { applyTheme } from './theme';
import { TypingSender } from './typing-sender';
import { typingText } from './views/message-list-view';
import { PanelView } from './views/panel-view';
import type { PrechatAnswers } from './views/prechat-form-view';

type InitMessage = Extract<LoaderToPanel, { sb: 'init' }>;

/** No ack within this time while connected: show the message as not sent (it is still resent). */
const ACK_TIMEOUT_MS = 15_000;
/** The agent's typing indicator clears itself if the hub never says `on:false`. */
const TYPING_TTL_MS = 8_000;

/**
 * One visitor's chat inside the panel, from `init` until the next `init` or the page goes away:
 * owns the message store and outbox, the connection, read receipts and unread count, and turns
 * hub frames and loader messages into view updates and JavaScript API events.
 */
export class ChatSession {
  private readonly store = new MessageStore();
  private readonly api: HubApi;
  private readonly outbox: Outbox;
  private readonly connection: WidgetConnection;
  private readonly view: PanelView;
  private readonly typing: TypingSender;
  private config: WidgetPublicConfig;
  private locale: WidgetLocale;
  private strings: PanelStrings;
  private page: PageInfo;
  private open: boolean;
  private conversation: ConversationRef | null = null;
  private agent: AgentRef | null = null;
  private online = true;
  private resumedOnce = false;
  private showingPrechat = false;
  private readSeq = 0;
  private lastUnread = -1;
  private greeting: Invitation | null = null;
  private profile: { name?: string; email?: string } = {};
  private variables: Record<string, string> = {};
  private prechat: PrechatAnswers | null;
  private readonly prechatKey: string;
  private readonly ackTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onVisibility = (): void => this.markRead();

  constructor(
    integrationId: string,
    init: InitMessage,
    root: HTMLElement,
    private readonly toLoader: (message: PanelToLoader) => void,
  ) {
    this.config = init.config;
    this.page = init.page;
    this.open = init.open;
    this.locale = resolveLocale(init.config.locale, [init.locale, navigator.language]);
    this.strings = PANEL_STRINGS[this.locale];
    this.outbox = new Outbox(integrationId);
    this.prechatKey = `switchboard:${integrationId}:prechat`;
    if (init.reset) {
      this.outbox.save([]);
      writeStored('sessionStorage', this.prechatKey, null);
    }
    this.prechat = this.loadPrechat();
    for (const pending of this.outbox.load()) this.store.addPending(pending);

    this.view = new PanelView(root, {
      onSend: (text) => this.sendMessage(text, []),
      onInput: (text) => this.typing.input(text),
      onFile: (file) => void this.attach(file),
      onMinimize: () => this.toLoader({ sb: 'minimize' }),
      onRetry: (id) => this.retry(id),
      onOfflineEmail: (email) => this.setProfile({ email }),
      onPrechat: (answers) => this.submitPrechat(answers),
    });
    this.api = new HubApi(integrationId, init.token);
    this.typing = new TypingSender(
      (frame) => this.connection.send(frame),
      () => this.config.sneakPeek,
    );
    this.connection = new WidgetConnection({
      integrationId,
      token: init.token,
      api: this.api,
      afterSeq: () => this.store.maxSeq(this.conversation?.id ?? null),
      page: () => this.page,
      onFrame: (frame) => this.handleFrame(frame),
      onStatus: (status) => this.connectionStatus(status),
      onResumed: () => this.resumed(),
      onAuthFailed: () => {
        this.connection.stop();
        this.toLoader({ sb: 'auth_failed' });
      },
    });
    document.addEventListener('visibilitychange', this.onVisibility);
    this.renderAll();
    this.connection.start();
    if (this.open) this.view.focusInput();
  }

  destroy(): void {
    this.connection.stop();
    this.typing.stop();
    document.removeEventListener('visibilitychange', this.onVisibility);
    for (const timer of this.ackTimers.values()) clearTimeout(timer);
    clearTimeout(this.typingTimer);
  }

  handleLoaderMessage(message: LoaderToPanel): void {
    switch (message.sb) {
      case 'open':
        this.open = true;
        this.view.list.scrollToEnd();
        this.view.focusInput();
        return this.markRead();
      case 'close':
        this.open = false;
        return this.typing.stop();
      case 'config':
        return this.applyConfig(message.config);
      case 'profile':
        return this.setProfile({ name: message.name, email: message.email });
      case 'session_variables':
        this.variables = { ...this.variables, ...message.variables };
        this.connection.send({ type: 'session_variables', variables: this.variables });
        return;
      case 'page':
        this.page = message.page;
        this.connection.send({ type: 'page', url: message.page.url, title: message.page.title });
        return;
      case 'invitation':
        this.greeting = message.invitation;
        return this.renderMessages();
      default:
        return;
    }
  }

  private handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ready':
        this.online = frame.online;
        this.agent = frame.agent;
        if (frame.conversation) this.setConversation(frame.conversation);
        return this.renderAll();
      case 'message':
        return this.receive(frame.message);
      case 'ack':
        return this.receive(frame.message);
      case 'error':
        return this.handleError(frame);
      case 'typing':
        clearTimeout(this.typingTimer);
        if (frame.on) this.typingTimer = setTimeout(() => this.view.setTyping(null), TYPING_TTL_MS);
        return this.view.setTyping(
          frame.on
            ? typingText(this.strings, this.config.appearance.showAgentName ? frame.agent?.name : null)
            : null,
        );
      case 'conversation':
        if (frame.agent !== undefined) this.agent = frame.agent;
        this.setConversation(frame.conversation);
        return this.renderAll();
      case 'availability':
        if (this.online !== frame.online) this.emit('availability_changed', { online: frame.online });
        this.online = frame.online;
        return this.renderAll();
      case 'config':
        this.toLoader({ sb: 'config', config: frame.config });
        return this.applyConfig(frame.config);
      default:
        return;
    }
  }

  /** A stored message (the agent's, or the visitor's own echoed or acknowledged). */
  private receive(message: WidgetMessage): void {
    if (message.clientMessageId) this.settle(message.clientMessageId);
    const isNew = this.store.upsert(message);
    const startsChat =
      message.direction === 'inbound' &&
      (!this.conversation ||
        this.conversation.id !== message.conversationId ||
        this.conversation.status === 'resolved');
    if (startsChat || !this.conversation) {
      this.setConversation({ id: message.conversationId, status: 'open', lastSeq: message.seq });
      if (startsChat && this.resumedOnce)
        this.emit('chat_started', { conversationId: message.conversationId });
    }
    if (message.author.kind !== 'contact') this.view.setTyping(null);
    this.outbox.save(this.store.pendingMessages());
    // Messages replayed on first load are history, not news; resumed ones after a drop are news.
    if (isNew && this.resumedOnce) this.emit('new_event', { message });
    this.renderMessages();
    this.markRead();
  }

  private setConversation(next: ConversationRef): void {
    const wasActive = this.conversation && this.conversation.status !== 'resolved';
    const sameConversation = this.conversation?.id === next.id;
    this.conversation = next;
    if (next.status === 'resolved' && wasActive && sameConversation) {
      this.agent = null;
      this.emit('chat_ended', { conversationId: next.id });
    }
    if (next.status !== 'resolved' && !sameConversation) this.readSeq = 0;
  }

  /** The connection works again: resend the outbox and the visitor's state, then read receipts. */
  private resumed(): void {
    const firstTime = !this.resumedOnce;
    this.resumedOnce = true;
    for (const pending of this.store.pendingMessages()) {
      if (pending.state !== 'rejected') this.transmit(pending);
    }
    if (this.profile.name || this.profile.email) this.connection.send({ type: 'profile', ...this.profile });
    if (Object.keys(this.variables).length) {
      this.connection.send({ type: 'session_variables', variables: this.variables });
    }
    if (!firstTime) this.connection.send({ type: 'page', url: this.page.url, title: this.page.title });
    this.renderAll();
    this.markRead();
  }

  private sendMessage(text: string | null, attachments: PendingMessage['attachments']): void {
    this.typing.stop();
    this.view.showAlert(null);
    const firstOfChat = !this.conversation || this.conversation.status === 'resolved';
    const pending: PendingMessage = {
      clientMessageId: uuid(),
      text,
      attachments,
      createdAt: new Date().toISOString(),
      state: 'sending',
      ...(firstOfChat && this.prechat ? { prechat: this.prechat } : {}),
    };
    this.store.addPending(pending);
    this.outbox.save(this.store.pendingMessages());
    this.renderMessages();
    this.view.list.scrollToEnd();
    this.transmit(pending);
  }

  private transmit(pending: PendingMessage): void {
    const frame: ClientFrame = { type: 'message', clientMessageId: pending.clientMessageId };
    if (pending.text) frame.text = pending.text;
    if (pending.attachments.length)
      frame.attachments = pending.attachments.map((a) => ({ fileId: a.fileId }));
    if (pending.prechat) frame.prechat = pending.prechat;
    if (!this.connection.send(frame)) return; // resent by `resumed`
    this.setPendingState(pending.clientMessageId, 'sending');
    clearTimeout(this.ackTimers.get(pending.clientMessageId));
    this.ackTimers.set(
      pending.clientMessageId,
      setTimeout(() => this.setPendingState(pending.clientMessageId, 'failed'), ACK_TIMEOUT_MS),
    );
  }

  private retry(clientMessageId: string): void {
    const pending = this.store.pendingMessages().find((p) => p.clientMessageId === clientMessageId);
    if (!pending) return;
    this.setPendingState(clientMessageId, 'sending');
    this.transmit({ ...pending, state: 'sending' });
  }

  /** The hub stored the visitor's message (ack or echo, whichever comes first). */
  private settle(clientMessageId: string): void {
    clearTimeout(this.ackTimers.get(clientMessageId));
    this.ackTimers.delete(clientMessageId);
    if (
      this.prechat &&
      this.store.pendingMessages().some((p) => p.clientMessageId === clientMessageId && p.prechat)
    ) {
      this.prechat = null;
      writeStored('sessionStorage', this.prechatKey, null);
    }
  }

  private setPendingState(clientMessageId: string, state: PendingMessage['state']): void {
    this.store.setPendingState(clientMessageId, state);
    this.outbox.save(this.store.pendingMessages());
    this.renderMessages();
  }

  private handleError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    const id = frame.clientMessageId;
    if (frame.code === 'RATE_LIMITED') this.view.showAlert(this.strings.rateLimited);
    if (!id) return;
    clearTimeout(this.ackTimers.get(id));
    if (frame.code === 'RATE_LIMITED' || frame.code === 'UNAVAILABLE') {
      // The hub could not take it now: keep it and send it again later, same id.
      this.setPendingState(id, 'failed');
      const wait = frame.retryAfterMs ?? 5_000;
      this.ackTimers.set(
        id,
        setTimeout(() => this.retry(id), wait),
      );
      return;
    }
    this.setPendingState(id, 'rejected');
  }

  private async attach(file: File): Promise<void> {
    this.view.showAlert(null);
    this.view.setStatus(format(this.strings.uploading, { name: file.name || this.strings.file }));
    const outcome = await uploadAttachment(
      file,
      this.config.attachments,
      this.api,
      this.strings,
      this.locale,
    );
    this.view.setStatus(null);
    if (outcome.kind === 'uploaded') this.sendMessage(null, [outcome.file]);
    else if (outcome.kind === 'auth_failed') this.toLoader({ sb: 'auth_failed' });
    else this.view.showAlert(outcome.message);
  }

  private setProfile(profile: { name?: string; email?: string }): void {
    if (profile.name !== undefined) this.profile.name = profile.name;
    if (profile.email !== undefined) this.profile.email = profile.email;
    this.connection.send({ type: 'profile', ...profile });
  }

  private submitPrechat(answers: PrechatAnswers): void {
    this.prechat = answers;
    writeStored('sessionStorage', this.prechatKey, JSON.stringify(answers));
    this.renderAll();
    this.view.focusInput();
  }

  private loadPrechat(): PrechatAnswers | null {
    try {
      return JSON.parse(readStored('sessionStorage', this.prechatKey) ?? 'null') as PrechatAnswers | null;
    } catch {
      return null;
    }
  }

  /**
   * Read receipts: only while the panel is open and the tab visible. Then the unread count for
   * the launcher's badge: agent messages above what was read.
   */
  private markRead(): void {
    const conversationId = this.conversation?.id ?? null;
    if (this.open && document.visibilityState === 'visible' && conversationId) {
      const seq = this.store.maxOutboundSeq(conversationId);
      if (seq > this.readSeq && this.connection.send({ type: 'read', seq })) this.readSeq = seq;
    }
    const unread = this.store.unreadCount(conversationId, this.readSeq);
    if (unread !== this.lastUnread) {
      this.lastUnread = unread;
      this.toLoader({ sb: 'unread', count: unread });
    }
  }

  private applyConfig(config: WidgetPublicConfig): void {
    this.config = config;
    this.locale = resolveLocale(config.locale, [this.locale, navigator.language]);
    this.strings = PANEL_STRINGS[this.locale];
    this.renderAll();
  }

  private connectionStatus(status: ConnectionStatus): void {
    this.view.setStatus(
      status === 'reconnecting'
        ? this.strings.reconnecting
        : status === 'refused'
          ? this.strings.unavailable
          : null,
    );
  }

  private renderAll(): void {
    const title = this.config.appearance.title?.trim() || this.strings.defaultTitle;
    applyTheme(this.config, this.locale, title);
    this.view.header.render({
      config: this.config,
      strings: this.strings,
      agent: this.agent,
      online: this.online,
    });
    this.view.renderChrome(this.config, this.strings, this.online);
    const needsPrechat =
      this.config.prechat.enabled &&
      this.config.prechat.fields.length > 0 &&
      !this.conversation &&
      this.store.isEmpty() &&
      !this.prechat;
    if (needsPrechat !== this.showingPrechat) {
      this.showingPrechat = needsPrechat;
      this.view.showPrechat(needsPrechat ? this.config : null, this.strings);
    }
    this.renderMessages();
  }

  private renderMessages(): void {
    this.view.list.render({
      entries: this.store.entries(),
      strings: this.strings,
      locale: this.locale,
      welcomeText: this.config.appearance.welcomeText?.trim() || this.strings.welcome,
      greeting: this.greeting,
      ended: this.conversation?.status === 'resolved' && this.store.pendingMessages().length === 0,
      showAgentName: this.config.appearance.showAgentName,
    });
  }

  private emit(name: string, data: unknown): void {
    this.toLoader({ sb: 'event', name, data });
  }
}
