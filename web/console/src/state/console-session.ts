import { GraphqlClient } from '../api/graphql-client';
import { ME } from '../api/graphql-documents';
import { errorCode } from '../api/hub-error';
import type { Agent, ConversationSummary, WorkspaceEvent } from '../api/hub-types';
import { RealtimeConnection } from '../api/realtime-connection';
import { alertFor, type Alert } from '../notify/notification-rules';
import { Notifier, type AlertText } from '../notify/notifier';
import { AgentDirectory, isAdminRole } from './agent-directory.store';
import { CommandBus } from './command-bus';
import { ConversationDirectory } from './conversation-directory.store';
import { planEvent } from './event-plan';
import { OpenChatStore } from './open-chat.store';
import type { RouterStore } from './router.store';
import type { Session, SessionStore } from './session.store';
import type { SettingsStore } from './settings.store';
import { TypingStore } from './typing.store';

/**
 * Everything a signed-in console runs: the API client, the live socket, the stores it feeds and
 * the notifier. Made at sign-in, disposed at sign-out; the React tree reads it from context.
 */
export class ConsoleSession {
  readonly api: GraphqlClient;
  readonly directory: ConversationDirectory;
  readonly openChat: OpenChatStore;
  readonly typing: TypingStore;
  readonly agents: AgentDirectory;
  readonly realtime: RealtimeConnection;
  readonly commands = new CommandBus();
  /** Unsent composer text per conversation, while the console is open. */
  readonly drafts = new Map<string, string>();
  private readonly notifier: Notifier;
  private readonly cleanups: (() => void)[] = [];
  private readonly eventWatchers = new Set<(event: WorkspaceEvent) => void>();

  constructor(
    readonly session: Session,
    private readonly sessions: SessionStore,
    settings: SettingsStore,
    readonly router: RouterStore,
    private readonly alertText: (alert: NonNullable<Alert>) => AlertText,
  ) {
    this.api = new GraphqlClient(
      () => this.session.token,
      () => this.sessions.signOut(),
    );
    this.agents = new AgentDirectory(this.api, session.agent, (agent) => this.sessions.updateAgent(agent));
    this.directory = new ConversationDirectory(this.api, () => this.isAdmin);
    this.openChat = new OpenChatStore(this.api, this.directory);
    this.typing = new TypingStore(session.agent.id);
    this.notifier = new Notifier(
      () => settings.getSnapshot(),
      (id) => router.openChat(id),
    );
    this.realtime = new RealtimeConnection(session.token, {
      onEvent: (event) => this.handleEvent(event),
      onReconnected: () => void this.resync(),
      onRefused: () => void this.checkToken(),
    });
    this.directory.onChange(({ before, after }) => {
      const alert = alertFor(before, after, this.me.id, (id) => this.isInView(id));
      if (alert) this.notifier.notify(alert, this.alertText(alert));
    });
  }

  get me(): Agent {
    return this.agents.getSnapshot().me;
  }

  get isAdmin(): boolean {
    return isAdminRole(this.me);
  }

  start(): void {
    this.realtime.start();
    this.agents.startHeartbeat();
    void this.directory.loadLists();
    const markRead = () => {
      if (this.isInView(this.openChat.getSnapshot().conversationId)) void this.openChat.markRead();
    };
    window.addEventListener('focus', markRead);
    document.addEventListener('visibilitychange', markRead);
    this.cleanups.push(
      () => window.removeEventListener('focus', markRead),
      () => document.removeEventListener('visibilitychange', markRead),
      this.openChat.subscribe(markRead),
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.realtime.dispose();
    this.agents.dispose();
    this.typing.dispose();
    this.notifier.dispose();
    this.openChat.open(null);
  }

  /** The chat is on screen and the agent can see it (tab visible and focused). */
  isInView(conversationId: string | null): boolean {
    return (
      conversationId !== null &&
      this.openChat.getSnapshot().conversationId === conversationId &&
      document.visibilityState === 'visible' &&
      document.hasFocus()
    );
  }

  conversation(id: string): ConversationSummary | undefined {
    return this.directory.get(id);
  }

  /**
   * Calls `listener` with every workspace event while it is subscribed (views that show figures
   * the events move, such as the supervision queues, debounce their own refetch).
   */
  watchEvents(listener: (event: WorkspaceEvent) => void): () => void {
    this.eventWatchers.add(listener);
    return () => {
      this.eventWatchers.delete(listener);
    };
  }

  private handleEvent(event: WorkspaceEvent): void {
    for (const watcher of [...this.eventWatchers]) watcher(event);
    const openId = this.openChat.getSnapshot().conversationId;
    const plan = planEvent(event, {
      meId: this.me.id,
      workspaceWide: this.isAdmin,
      held: (id) => this.directory.get(id) !== undefined,
      openConversationId: openId,
    });
    const id = event.conversationId;
    if (plan.typing) this.typing.apply(event);
    if (plan.agentStatus) this.agents.applyStatus(plan.agentStatus.agentId, plan.agentStatus.status);
    // My status changed elsewhere (an admin, the presence sweep, a deactivation): reload me, which
    // signs out at once when the hub no longer accepts my token.
    if (plan.agentStatus?.agentId === this.me.id) void this.agents.refreshMe();
    if (plan.agentsChanged) this.agents.agentsMayHaveChanged();
    if (!id) return;
    if (plan.refreshConversation) {
      if (id === openId) void this.openChat.refreshDetail();
      else void this.directory.refresh(id);
    }
    if (plan.catchUpMessages) void this.openChat.catchUp();
    if (plan.reloadMessageSeq !== null) void this.openChat.reloadSeq(plan.reloadMessageSeq);
  }

  /** After the socket came back: refetch everything an event could have changed meanwhile. */
  private async resync(): Promise<void> {
    await Promise.all([
      this.directory.loadLists(),
      this.openChat.resync(),
      this.agents.refreshMe(),
      this.agents.getSnapshot().agents ? this.agents.loadLists() : Promise.resolve(),
      this.directory.getSnapshot().resolved.ids.length
        ? this.directory.searchResolved(
            this.directory.getSnapshot().resolved.search,
            this.directory.getSnapshot().resolved.tag,
          )
        : Promise.resolve(),
    ]);
  }

  /** The socket was refused: signs out only if the hub says the token is no longer valid. */
  private async checkToken(): Promise<void> {
    try {
      await this.api.request(ME);
    } catch (e) {
      if (errorCode(e) === 'UNAUTHENTICATED') this.sessions.signOut();
    }
  }
}
