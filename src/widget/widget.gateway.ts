import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { isOriginAllowed } from '../connectors/widget';
import type { HubConfig } from '../core/config/config.schema';
import { DomainError } from '../core/errors/domain-error';
import { CONFIG, ROOT_LOGGER } from '../core/tokens';
import { stripNul } from './strip-nul';
import type { VisitorClaims } from './visitor-token.service';
import { WidgetAvailability } from './widget-availability.service';
import { WidgetChatService } from './widget-chat.service';
import { WidgetConversationRepository } from './widget-conversation.repository';
import { WidgetFanout } from './widget-fanout.service';
import { WidgetIntegration, WidgetIntegrationLoader } from './widget-integration.loader';
import { WidgetQueuePositions } from './widget-queue-position.service';
import { markPushed, sendFrame, WidgetSession as Session } from './widget-session';
import { WidgetSocketRegistry } from './widget-socket-registry';
import { WidgetVisitorService } from './widget-visitor.service';

export const WIDGET_WS_PATH = '/widget/ws';
const HELLO_TIMEOUT_MS = 5000;
const HEARTBEAT_MS = 30_000;
const TYPING_INTERVAL_MS = 250; // at most 4 typing updates per second reach the agents
const MAX_FRAME_BYTES = 64 * 1024;
const RESUME_LIMIT = 2000;

/** The client's address: the proxy's word for it only when TRUST_PROXY says there is one. */
function ipOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

/**
 * The widget's websocket (`/widget/ws`): a visitor's browser connects, says hello with its token,
 * gets what it missed by seq, then writes, types and reads; WidgetFanout pushes its conversation's
 * messages, typing, assignment and customization live. Nothing here is needed for correctness
 * across processes: a reconnecting widget resumes by seq from PostgreSQL.
 */
@Injectable()
export class WidgetGateway implements OnModuleDestroy {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  private heartbeat?: NodeJS.Timeout;
  private readonly hubOrigin: string;

  constructor(
    private readonly loader: WidgetIntegrationLoader,
    private readonly visitors: WidgetVisitorService,
    private readonly chat: WidgetChatService,
    private readonly conversations: WidgetConversationRepository,
    private readonly availability: WidgetAvailability,
    private readonly registry: WidgetSocketRegistry,
    private readonly fanout: WidgetFanout,
    private readonly queuePlaces: WidgetQueuePositions,
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
    const count = this.registry.open(session);
    ws.on('close', () => {
      if (session.typing?.timer) clearTimeout(session.typing.timer);
      this.registry.close(session);
    });
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
        markPushed(s, message.id);
        sendFrame(s, { type: 'ack', clientMessageId: message.clientMessageId, message });
        // Routing may have placed it before this socket followed it: look up its place in line.
        if (opened) this.queuePlaces.refresh(integration.workspaceId);
        if (opened && s.conversation?.assigneeId)
          sendFrame(s, {
            type: 'conversation',
            conversation: { id: message.conversationId, status: 'open', lastSeq: message.seq },
            agent: await this.fanout.agentFor(integration, s.conversation.assigneeId),
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
        return sendFrame(s, { type: 'pong' });
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
    await this.registry.join(s, integration.workspaceId, (event) => {
      this.fanout
        .onEvent(event)
        .catch((e: unknown) =>
          this.logger.warn({ err: (e as Error).message, type: event.type }, 'widget fan-out failed'),
        );
    });
    const conversation = await this.chat.currentConversation(integration, visitor);
    if (conversation) {
      this.registry.follow(s, conversation.id, conversation.assigneeId);
      await this.resend(s, typeof frame.afterSeq === 'number' ? frame.afterSeq : 0);
    }
    // Presentation only: without it now, the next refresh tells the place.
    s.queue = await this.queuePlaces.placeOf(integration.workspaceId, conversation).catch(() => null);
    sendFrame(s, {
      type: 'ready',
      visitorId: visitor.externalId,
      conversation: conversation
        ? { id: conversation.id, status: conversation.status, lastSeq: conversation.lastSeq }
        : null,
      online: await this.availability.isOnline(integration.workspaceId),
      agent: await this.fanout.agentFor(integration, conversation?.assigneeId ?? null),
      queue: s.queue,
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
        markPushed(s, message.id);
        sendFrame(s, { type: 'message', message });
      }
      seq = messages[messages.length - 1].seq;
      sent += messages.length;
      if (messages.length < 200) break;
    }
    if (seq > afterSeq) await this.chat.recordReceipts(integration, s.conversation.id, seq, 'delivered');
  }

  /** Indexes the socket first, then reads the assignee: an assignment is either read here or delivered as an event. */
  private async follow(s: Session, conversationId: string): Promise<void> {
    this.registry.follow(s, conversationId, null);
    const conversation = await this.conversations.findConversation(
      (s.integration as WidgetIntegration).workspaceId,
      conversationId,
    );
    if (s.conversation?.id === conversationId && conversation?.assigneeId)
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

  private sendError(s: Session, error: unknown, clientMessageId?: string): void {
    if (error instanceof DomainError) {
      sendFrame(s, {
        type: 'error',
        code: error.code === 'TOO_LARGE' ? 'TOO_LARGE' : error.code,
        message: error.message,
        ...(clientMessageId ? { clientMessageId } : {}),
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      });
      return;
    }
    this.logger.error({ err: error }, 'widget frame failed unexpectedly');
    sendFrame(s, {
      type: 'error',
      code: 'UNAVAILABLE',
      message: 'Something went wrong; try again.',
      ...(clientMessageId ? { clientMessageId } : {}),
    });
  }

  private checkAlive(): void {
    for (const s of this.registry.all()) {
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
