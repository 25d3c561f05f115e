import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { isOriginAllowed } from '../connectors/widget';
import type { HubConfig } from '../core/config/config.schema';
import { DomainError } from '../core/errors/domain-error';
import type { DomainEvent } from '../core/realtime/domain-event';
import { RealtimeBus } from '../core/realtime/realtime-bus.service';
import { CONFIG, ROOT_LOGGER } from '../core/tokens';
import { stripNul } from './strip-nul';
import type { VisitorClaims } from './visitor-token.service';
import { WidgetAvailability } from './widget-availability.service';
import { WidgetChatService } from './widget-chat.service';
import { WidgetConversationRepository } from './widget-conversation.repository';
import { WidgetIntegration, WidgetIntegrationLoader } from './widget-integration.loader';
import { WidgetMessage, WidgetMessagePresenter } from './widget-message.presenter';
import { WidgetVisitorService } from './widget-visitor.service';

export const WIDGET_WS_PATH = '/widget/ws';
const HELLO_TIMEOUT_MS = 5000;
const HEARTBEAT_MS = 30_000;
const TYPING_INTERVAL_MS = 250; // at most 4 typing updates per second reach the agents
const MAX_FRAME_BYTES = 64 * 1024;
const RESUME_LIMIT = 2000;

interface Session {
  ws: WebSocket;
  ip: string;
  origin: string | undefined;
  alive: boolean;
  integration?: WidgetIntegration;
  visitor?: VisitorClaims;
  conversation?: { id: string; assigneeId: string | null };
  /** Messages this socket already has (bounded): a message reaches a socket once, whatever the events. */
  pushed: Set<string>;
  typing?: { lastSentAt: number; pending?: { on: boolean; draft: unknown }; timer?: NodeJS.Timeout };
  /** The frame being handled; the next one waits for it. */
  handling: Promise<void>;
}

/** The client's address: the proxy's word for it only when TRUST_PROXY says there is one. */
function ipOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

/**
 * The widget's websocket (`/widget/ws`): a visitor's browser connects, says hello with its token,
 * gets what it missed by seq, then receives its conversation's messages, typing, assignment and
 * customization live. Each process subscribes once per workspace to the realtime bus and fans
 * events out to the sockets of the conversations they name; nothing here is needed for
 * correctness across processes (a reconnecting widget resumes by seq from PostgreSQL).
 */
@Injectable()
export class WidgetGateway implements OnModuleDestroy {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  private readonly byConversation = new Map<string, Set<Session>>();
  private readonly byWorkspace = new Map<
    string,
    { sessions: Set<Session>; unsubscribe: Promise<() => Promise<void>> }
  >();
  private readonly sessions = new Set<Session>();
  private readonly perIp = new Map<string, number>();
  private readonly fetches = new Map<string, Promise<WidgetMessage | undefined>>();
  private heartbeat?: NodeJS.Timeout;
  private readonly hubOrigin: string;

  constructor(
    private readonly loader: WidgetIntegrationLoader,
    private readonly visitors: WidgetVisitorService,
    private readonly chat: WidgetChatService,
    private readonly conversations: WidgetConversationRepository,
    private readonly presenter: WidgetMessagePresenter,
    private readonly availability: WidgetAvailability,
    private readonly bus: RealtimeBus,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.hubOrigin = new URL(config.PUBLIC_BASE_URL).origin;
  }

  /** Takes over upgrades of WIDGET_WS_PATH on the HTTP server; other paths are left to their owners. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== WIDGET_WS_PATH) return;
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Open widget sockets on this process. */
  get connections(): number {
    return this.wss.clients.size;
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const session: Session = {
      ws,
      ip: ipOf(req, this.config.TRUST_PROXY),
      origin,
      alive: true,
      handling: Promise.resolve(),
      pushed: new Set(),
    };
    this.sessions.add(session);
    const count = (this.perIp.get(session.ip) ?? 0) + 1;
    this.perIp.set(session.ip, count);
    ws.on('close', () => this.onClose(session));
    if (count > this.config.WIDGET_CONNECTIONS_PER_IP) {
      ws.close(4429, 'too many connections from this address');
      return;
    }
    const hello = setTimeout(() => ws.close(4408, 'hello expected'), HELLO_TIMEOUT_MS);
    ws.on('pong', () => (session.alive = true));
    ws.on('message', (data, isBinary) => {
      if (isBinary)
        return this.sendError(session, new DomainError('INVALID_INPUT', 'Send JSON text frames.'));
      let frame: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(data.toString());
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        frame = stripNul(parsed as Record<string, unknown>);
      } catch {
        return this.sendError(session, new DomainError('INVALID_INPUT', 'Frames must be JSON objects.'));
      }
      if (!session.visitor) {
        if (frame.type !== 'hello') return ws.close(4401, 'hello first');
        clearTimeout(hello);
      }
      // One frame at a time per socket: messages sent in a row are stored in the order sent.
      session.handling = session.handling.then(() =>
        this.onFrame(session, frame).catch((e: unknown) =>
          this.sendError(
            session,
            e,
            typeof frame.clientMessageId === 'string' ? frame.clientMessageId : undefined,
          ),
        ),
      );
    });
    ws.on('error', () => undefined);
  }

  private async onFrame(s: Session, frame: Record<string, unknown>): Promise<void> {
    if (frame.type === 'hello') return this.onHello(s, frame);
    const integration = s.integration as WidgetIntegration;
    const visitor = s.visitor as VisitorClaims;
    switch (frame.type) {
      case 'message': {
        const message = await this.chat.postMessage(integration, visitor, frame, s.ip);
        // Follow the conversation before answering, and say who took it if routing already did:
        // its assignment event may have come and gone while the message was being stored.
        const opened = !s.conversation || s.conversation.id !== message.conversationId;
        if (opened) await this.follow(s, message.conversationId);
        this.markPushed(s, message.id);
        this.send(s, { type: 'ack', clientMessageId: message.clientMessageId, message });
        if (opened && s.conversation?.assigneeId)
          this.send(s, {
            type: 'conversation',
            conversation: { id: message.conversationId, status: 'open', lastSeq: message.seq },
            agent: await this.agentFor(integration, s.conversation.assigneeId),
          });
        return;
      }
      case 'typing':
        return this.onTyping(s, frame.on === true, frame.draft);
      case 'read':
        return this.chat.markRead(integration, visitor, frame.seq);
      case 'page':
        return this.visitors.recordPage(integration, visitor, frame);
      case 'profile':
        return this.visitors.setProfile(integration, visitor, frame);
      case 'session_variables':
        return this.visitors.setSessionVariables(integration, visitor, frame.variables);
      case 'sync':
        return this.resend(s, typeof frame.afterSeq === 'number' ? frame.afterSeq : 0);
      case 'ping':
        return this.send(s, { type: 'pong' });
      default:
        throw new DomainError(
          'INVALID_INPUT',
          `Unknown frame type ${JSON.stringify(String(frame.type)).slice(0, 60)}.`,
        );
    }
  }

  private async onHello(s: Session, frame: Record<string, unknown>): Promise<void> {
    if (s.visitor) throw new DomainError('INVALID_INPUT', 'Already said hello.');
    const integration =
      typeof frame.integrationId === 'string' ? await this.loader.load(frame.integrationId) : undefined;
    if (!integration) return s.ws.close(4401, 'unknown widget');
    if (s.origin && s.origin !== this.hubOrigin && !isOriginAllowed(integration.origins, s.origin))
      return s.ws.close(4403, 'origin not allowed');
    let visitor: VisitorClaims;
    try {
      visitor = await this.visitors.authenticate(
        integration,
        typeof frame.token === 'string' ? frame.token : undefined,
      );
    } catch {
      return s.ws.close(4401, 'invalid visitor token');
    }
    s.integration = integration;
    s.visitor = visitor;
    await this.join(s);
    const conversation = await this.chat.currentConversation(integration, visitor);
    if (conversation) {
      s.conversation = { id: conversation.id, assigneeId: conversation.assigneeId };
      this.index(s);
      await this.resend(s, typeof frame.afterSeq === 'number' ? frame.afterSeq : 0);
    }
    this.send(s, {
      type: 'ready',
      visitorId: visitor.externalId,
      conversation: conversation
        ? { id: conversation.id, status: conversation.status, lastSeq: conversation.lastSeq }
        : null,
      online: await this.availability.isOnline(integration.workspaceId),
      agent: await this.agentFor(integration, conversation?.assigneeId ?? null),
    });
    if (frame.page) await this.visitors.recordPage(integration, visitor, frame.page).catch(() => undefined);
  }

  /** Sends the conversation's messages after `afterSeq`, then records them delivered. */
  private async resend(s: Session, afterSeq: number): Promise<void> {
    const integration = s.integration as WidgetIntegration;
    if (!s.conversation) return;
    let seq = afterSeq;
    for (let sent = 0; sent < RESUME_LIMIT;) {
      const { messages } = await this.chat.messagesAfter(integration, s.visitor as VisitorClaims, seq);
      if (messages.length === 0) break;
      for (const message of messages) {
        this.markPushed(s, message.id);
        this.send(s, { type: 'message', message });
      }
      seq = messages[messages.length - 1].seq;
      sent += messages.length;
      if (messages.length < 200) break;
    }
    if (seq > afterSeq) await this.chat.recordReceipts(integration, s.conversation.id, seq, 'delivered');
  }

  private markPushed(s: Session, messageId: string): void {
    if (s.pushed.size >= 1000) s.pushed.clear();
    s.pushed.add(messageId);
  }

  /** Indexes the socket first, then reads the assignee: an assignment is either read here or delivered as an event. */
  private async follow(s: Session, conversationId: string): Promise<void> {
    this.unindex(s);
    s.conversation = { id: conversationId, assigneeId: null };
    this.index(s);
    const conversation = await this.conversations.findConversation(
      (s.integration as WidgetIntegration).workspaceId,
      conversationId,
    );
    if (s.conversation.id === conversationId && conversation?.assigneeId)
      s.conversation.assigneeId = conversation.assigneeId;
  }

  private async onTyping(s: Session, on: boolean, draft: unknown): Promise<void> {
    if (!s.conversation) return;
    const state = (s.typing ??= { lastSentAt: 0 });
    const now = Date.now();
    const wait = state.lastSentAt + TYPING_INTERVAL_MS - now;
    if (wait > 0 && on) {
      // Throttled, keeping the latest draft: it goes out when the interval ends.
      state.pending = { on, draft };
      state.timer ??= setTimeout(() => {
        state.timer = undefined;
        const pending = state.pending;
        state.pending = undefined;
        if (pending) void this.onTyping(s, pending.on, pending.draft).catch(() => undefined);
      }, wait);
      return;
    }
    state.pending = undefined;
    state.lastSentAt = now;
    await this.chat.publishTyping(s.integration as WidgetIntegration, s.conversation, on, draft);
  }

  private async join(s: Session): Promise<void> {
    const workspaceId = (s.integration as WidgetIntegration).workspaceId;
    let entry = this.byWorkspace.get(workspaceId);
    if (!entry) {
      entry = {
        sessions: new Set(),
        unsubscribe: this.bus.subscribe(workspaceId, (event) => {
          this.onEvent(event).catch((e: unknown) =>
            this.logger.warn({ err: (e as Error).message, type: event.type }, 'widget fan-out failed'),
          );
        }),
      };
      this.byWorkspace.set(workspaceId, entry);
    }
    entry.sessions.add(s);
    await entry.unsubscribe;
  }

  private index(s: Session): void {
    if (!s.conversation) return;
    let set = this.byConversation.get(s.conversation.id);
    if (!set) this.byConversation.set(s.conversation.id, (set = new Set()));
    set.add(s);
  }

  private unindex(s: Session): void {
    if (!s.conversation) return;
    const set = this.byConversation.get(s.conversation.id);
    set?.delete(s);
    if (set?.size === 0) this.byConversation.delete(s.conversation.id);
  }

  private onClose(s: Session): void {
    this.sessions.delete(s);
    const n = (this.perIp.get(s.ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(s.ip);
    else this.perIp.set(s.ip, n);
    if (s.typing?.timer) clearTimeout(s.typing.timer);
    this.unindex(s);
    if (!s.integration) return;
    const entry = this.byWorkspace.get(s.integration.workspaceId);
    if (!entry) return;
    entry.sessions.delete(s);
    if (entry.sessions.size === 0) {
      this.byWorkspace.delete(s.integration.workspaceId);
      void entry.unsubscribe.then((unsubscribe) => unsubscribe()).catch(() => undefined);
    }
  }

  private async onEvent(event: DomainEvent): Promise<void> {
    switch (event.type) {
      case 'message.created':
      case 'message.updated': {
        const sessions = this.byConversation.get(event.conversationId);
        if (!sessions?.size) return;
        // A reply is created pending (invisible to the visitor) and shown once sent.
        if (event.type === 'message.created' && event.direction === 'outbound') return;
        const waiting = [...sessions].filter((x) => !x.pushed.has(event.messageId));
        if (waiting.length === 0) return; // a receipt of a message every tab here already has
        const integration = waiting[0].integration as WidgetIntegration;
        const message = await this.fetchMessage(integration, event.messageId, event.type);
        if (!message) return;
        const frame = JSON.stringify({ type: 'message', message });
        for (const x of waiting) {
          if (x.ws.readyState !== WebSocket.OPEN || x.pushed.has(message.id)) continue;
          this.markPushed(x, message.id);
          x.ws.send(frame);
        }
        if (message.direction === 'outbound' && message.status === 'sent')
          await this.chat.recordReceipts(integration, event.conversationId, message.seq, 'delivered');
        return;
      }
      case 'conversation.assigned':
      case 'conversation.status_changed': {
        const sessions = this.byConversation.get(event.conversationId);
        if (!sessions?.size) return;
        const first = sessions.values().next().value as Session;
        const integration = first.integration as WidgetIntegration;
        const conversation = await this.conversations.findConversation(
          integration.workspaceId,
          event.conversationId,
        );
        if (!conversation) return;
        const agent = await this.agentFor(integration, conversation.assigneeId);
        for (const s of sessions) {
          if (s.conversation) s.conversation.assigneeId = conversation.assigneeId;
          this.send(s, {
            type: 'conversation',
            conversation: { id: conversation.id, status: conversation.status, lastSeq: conversation.lastSeq },
            agent,
          });
        }
        return;
      }
      case 'conversation.typing': {
        if (event.actor !== 'agent') return;
        const sessions = this.byConversation.get(event.conversationId);
        if (!sessions?.size) return;
        const first = sessions.values().next().value as Session;
        const agent = await this.agentFor(first.integration as WidgetIntegration, event.agentId);
        for (const s of sessions) this.send(s, { type: 'typing', on: event.on, agent });
        return;
      }
      case 'widget.config_updated': {
        this.loader.forget(event.integrationId);
        const integration = await this.loader.load(event.integrationId);
        if (!integration) return;
        const config = { ...integration.config, integrationId: integration.id, version: integration.version };
        for (const s of this.byWorkspace.get(event.workspaceId)?.sessions ?? []) {
          if (s.integration?.id !== event.integrationId) continue;
          s.integration = integration;
          this.send(s, { type: 'config', config });
        }
        return;
      }
      case 'conversation.created':
        return;
    }
  }

  /** One query per event and process, however many tabs show the conversation. */
  private fetchMessage(
    integration: WidgetIntegration,
    messageId: string,
    kind: string,
  ): Promise<WidgetMessage | undefined> {
    const key = `${kind}:${messageId}`;
    let pending = this.fetches.get(key);
    if (!pending) {
      pending = this.conversations
        .messageById(integration.workspaceId, messageId)
        .then((row) => row && this.presenter.present(row, integration.config))
        .finally(() => this.fetches.delete(key));
      this.fetches.set(key, pending);
    }
    return pending;
  }

  private async agentFor(
    integration: WidgetIntegration,
    agentId: string | null,
  ): Promise<{ name: string | null; avatarUrl: string | null } | null> {
    if (!agentId) return null;
    const profile = await this.conversations.agentProfile(integration.workspaceId, agentId);
    if (!profile) return null;
    const { showAgentName, showAgentPhoto } = integration.config.appearance;
    return {
      name: showAgentName ? profile.name : null,
      avatarUrl: showAgentPhoto ? profile.avatarUrl : null,
    };
  }

  private send(s: Session, frame: object): void {
    if (s.ws.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify(frame));
  }

  private sendError(s: Session, error: unknown, clientMessageId?: string): void {
    if (error instanceof DomainError) {
      this.send(s, {
        type: 'error',
        code: error.code === 'TOO_LARGE' ? 'TOO_LARGE' : error.code,
        message: error.message,
        ...(clientMessageId ? { clientMessageId } : {}),
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      });
      return;
    }
    this.logger.error({ err: error }, 'widget frame failed unexpectedly');
    this.send(s, {
      type: 'error',
      code: 'UNAVAILABLE',
      message: 'Something went wrong; try again.',
      ...(clientMessageId ? { clientMessageId } : {}),
    });
  }

  private checkAlive(): void {
    for (const s of this.sessions) {
      if (!s.alive) {
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      s.ws.ping();
    }
  }

  /**
   * Cuts every widget socket (widgets reconnect and resume by seq). Called by the app's close
   * before Nest's destroy hooks: Apollo drains the HTTP server in its own hook, which would
   * otherwise wait on these upgraded sockets.
   */
  async onModuleDestroy(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    // terminate, not close: a close handshake would wait on every browser's answer.
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
