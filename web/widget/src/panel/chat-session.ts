import { format, resolveLocale } from '../shared/locale';
import type {
  AgentRef,
  ConversationRef,
  Invitation,
  LoaderToPanel,
  PanelToLoader,
  QueuePlace,
  ServerFrame,
  UploadedFile,
  WidgetLocale,
  WidgetMessage,
  WidgetPublicConfig,
} from '../shared/protocol';
import { PANEL_STRINGS, type PanelStrings } from '../shared/strings';
import { uploadAttachment } from './attachment-upload';
import { type ConnectionStatus, WidgetConnection } from './connection';
import { HubApi } from './hub-api';
import { MessageStore } from './message-store';
import { OutgoingMessages } from './outgoing-messages';
import { Outbox } from './outbox';
import { queuePlaceText } from './queue-place';
import { ReadReceipts } from './read-receipts';
import { SavedPrechat } from './saved-prechat';
import { applyTheme } from './theme';
import { TypingSender } from './typing-sender';
import { VisitorDetails } from './visitor-details';
import { typingText } from './views/message-list-view';
import { PanelView } from './views/panel-view';
import type { PrechatAnswers } from './views/prechat-form-view';

type InitMessage = Extract<LoaderToPanel, { sb: 'init' }>;

/** The agent's typing indicator clears itself if the hub never says `on:false`. */
const TYPING_TTL_MS = 8_000;

/**
 * One visitor's chat inside the panel, from `init` until the next `init` or the page goes away:
 * owns the message store and the connection, follows the conversation, and turns hub frames and
 * loader messages into view updates and JavaScript API events. The visitor's own messages until
 * the hub stores them are `OutgoingMessages`', read receipts and the unread badge `ReadReceipts`'.
 */
export class ChatSession {
  private readonly store = new MessageStore();
  private readonly api: HubApi;
  private readonly outgoing: OutgoingMessages;
  private readonly connection: WidgetConnection;
  private readonly view: PanelView;
  private readonly typing: TypingSender;
  private readonly receipts: ReadReceipts;
  private readonly visitor: VisitorDetails;
  private config: WidgetPublicConfig;
  private locale: WidgetLocale;
  private strings: PanelStrings;
  private open: boolean;
  private conversation: ConversationRef | null = null;
  private agent: AgentRef | null = null;
  /** The place in line the hub last told (`ready`, `queue`), while no agent has the chat. */
  private queue: QueuePlace | null = null;
  private online = true;
  private resumedOnce = false;
  private showingPrechat = false;
  private greeting: Invitation | null = null;
  private prechat: PrechatAnswers | null;
  private readonly savedPrechat: SavedPrechat;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onVisibility = (): void => this.markRead();

  constructor(
    integrationId: string,
    init: InitMessage,
    root: HTMLElement,
    private readonly toLoader: (message: PanelToLoader) => void,
  ) {
    this.config = init.config;
    this.open = init.open;
    this.locale = resolveLocale(init.config.locale, [init.locale, navigator.language]);
    this.strings = PANEL_STRINGS[this.locale];
    this.outgoing = new OutgoingMessages({
      store: this.store,
      outbox: new Outbox(integrationId),
      send: (frame) => this.connection.send(frame),
      redraw: () => this.renderMessages(),
      reveal: () => this.view.list.scrollToEnd(),
    });
    this.receipts = new ReadReceipts(
      this.store,
      (frame) => this.connection.send(frame),
      (count) => this.toLoader({ sb: 'unread', count }),
    );
    this.visitor = new VisitorDetails(init.page, (frame) => this.connection.send(frame));
    this.savedPrechat = new SavedPrechat(integrationId);
    if (init.reset) {
      this.outgoing.discardSaved();
      this.savedPrechat.save(null);
    }
    this.prechat = this.savedPrechat.load();
    this.outgoing.restoreSaved();

    this.view = new PanelView(root, {
      onSend: (text) => this.sendMessage(text, []),
      onInput: (text) => this.typing.input(text),
      onFile: (file) => void this.attach(file),
      onMinimize: () => this.toLoader({ sb: 'minimize' }),
      onRetry: (id) => this.outgoing.retry(id),
      onOfflineEmail: (email) => this.visitor.setProfile({ email }),
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
      page: () => this.visitor.currentPage(),
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
    this.outgoing.stop();
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
        return this.visitor.setProfile({ name: message.name, email: message.email });
      case 'session_variables':
        return this.visitor.addSessionVariables(message.variables);
      case 'page':
        return this.visitor.setPage(message.page);
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
        this.queue = frame.queue ?? null;
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
        // Assigned or resolved: no longer in line, whether or not a `queue` frame follows.
        if (frame.conversation.status !== 'queued') this.queue = null;
        this.setConversation(frame.conversation);
        return this.renderAll();
      case 'queue':
        this.queue =
          frame.position === null ? null : { position: frame.position, etaSeconds: frame.etaSeconds };
        return this.renderQueue();
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
    this.outgoing.saveOutbox();
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
    if (next.status !== 'resolved' && !sameConversation) this.receipts.restart();
  }

  /** The connection works again: resend the outbox and the visitor's state, then read receipts. */
  private resumed(): void {
    const firstTime = !this.resumedOnce;
    this.resumedOnce = true;
    this.outgoing.resendAll();
    this.visitor.resend(!firstTime);
    this.renderAll();
    this.markRead();
  }

  private sendMessage(text: string | null, attachments: UploadedFile[]): void {
    this.typing.stop();
    this.view.showAlert(null);
    const firstOfChat = !this.conversation || this.conversation.status === 'resolved';
    this.outgoing.queue(text, attachments, firstOfChat ? this.prechat : null);
  }

  /** The hub stored the visitor's message: the prechat answers it carried are delivered. */
  private settle(clientMessageId: string): void {
    const settled = this.outgoing.settle(clientMessageId);
    if (this.prechat && settled?.prechat) {
      this.prechat = null;
      this.savedPrechat.save(null);
    }
  }

  private handleError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    if (frame.code === 'RATE_LIMITED') this.view.showAlert(this.strings.rateLimited);
    if (frame.clientMessageId) {
      this.outgoing.recoverFromError(frame.clientMessageId, frame.code, frame.retryAfterMs);
    }
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

  private submitPrechat(answers: PrechatAnswers): void {
    this.prechat = answers;
    this.savedPrechat.save(answers);
    this.renderAll();
    this.view.focusInput();
  }

  /** Read receipts only while the panel is open and the tab visible; the unread badge always. */
  private markRead(): void {
    this.receipts.update(this.conversation?.id ?? null, this.open && document.visibilityState === 'visible');
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
    this.renderQueue();
    this.renderMessages();
  }

  /** "You are number 3 in line · about 2 minutes" until an agent has the chat. */
  private renderQueue(): void {
    const place = this.agent || this.conversation?.status === 'resolved' ? null : this.queue;
    this.view.setQueue(place ? queuePlaceText(place, this.strings, this.locale) : null);
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
