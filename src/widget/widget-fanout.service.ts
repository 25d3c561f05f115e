import { Injectable } from '@nestjs/common';
import { WebSocket } from 'ws';
import type { DomainEvent } from '../core/realtime/domain-event';
import { WidgetChatService } from './widget-chat.service';
import { WidgetConversationRepository } from './widget-conversation.repository';
import { WidgetIntegration, WidgetIntegrationLoader } from './widget-integration.loader';
import { WidgetMessage, WidgetMessagePresenter } from './widget-message.presenter';
import { WidgetQueuePositions } from './widget-queue-position.service';
import { markPushed, sendFrame } from './widget-session';
import { WidgetSocketRegistry } from './widget-socket-registry';

export interface ShownAgent {
  name: string | null;
  avatarUrl: string | null;
}

/**
 * Turns the workspace's domain events into widget frames for the sockets of this process: new
 * messages (each reaches a socket once), assignment and status, agent typing, customization;
 * places in line are WidgetQueuePositions'.
 */
@Injectable()
export class WidgetFanout {
  private readonly fetches = new Map<string, Promise<WidgetMessage | undefined>>();

  constructor(
    private readonly registry: WidgetSocketRegistry,
    private readonly loader: WidgetIntegrationLoader,
    private readonly chat: WidgetChatService,
    private readonly conversations: WidgetConversationRepository,
    private readonly presenter: WidgetMessagePresenter,
    private readonly queuePlaces: WidgetQueuePositions,
  ) {}

  async onEvent(event: DomainEvent): Promise<void> {
    this.queuePlaces.onEvent(event);
    switch (event.type) {
      case 'message.created':
      case 'message.updated': {
        // A reply is created pending (invisible to the visitor) and shown once sent.
        if (event.type === 'message.created' && event.direction === 'outbound') return;
        const waiting = this.registry
          .inConversation(event.conversationId)
          .filter((x) => !x.pushed.has(event.messageId));
        if (waiting.length === 0) return; // nobody here, or a receipt of a message every tab has
        const integration = waiting[0].integration as WidgetIntegration;
        const message = await this.fetchMessage(integration, event.messageId, event.type);
        if (!message) return;
        const frame = JSON.stringify({ type: 'message', message });
        for (const x of waiting) {
          if (x.ws.readyState !== WebSocket.OPEN || x.pushed.has(message.id)) continue;
          markPushed(x, message.id);
          x.ws.send(frame);
        }
        if (message.direction === 'outbound' && message.status === 'sent')
          await this.chat.recordReceipts(integration, event.conversationId, message.seq, 'delivered');
        return;
      }
      case 'conversation.assigned':
      case 'conversation.status_changed': {
        const sessions = this.registry.inConversation(event.conversationId);
        if (sessions.length === 0) return;
        const integration = sessions[0].integration as WidgetIntegration;
        const conversation = await this.conversations.findConversation(
          integration.workspaceId,
          event.conversationId,
        );
        if (!conversation) return;
        const agent = await this.agentFor(integration, conversation.assigneeId);
        for (const s of sessions) {
          if (s.conversation) s.conversation.assigneeId = conversation.assigneeId;
          sendFrame(s, {
            type: 'conversation',
            conversation: { id: conversation.id, status: conversation.status, lastSeq: conversation.lastSeq },
            agent,
          });
        }
        return;
      }
      case 'conversation.typing': {
        if (event.actor !== 'agent') return;
        const sessions = this.registry.inConversation(event.conversationId);
        if (sessions.length === 0) return;
        const agent = await this.agentFor(sessions[0].integration as WidgetIntegration, event.agentId);
        for (const s of sessions) sendFrame(s, { type: 'typing', on: event.on, agent });
        return;
      }
      case 'widget.config_updated': {
        this.loader.forget(event.integrationId);
        const integration = await this.loader.load(event.integrationId);
        if (!integration) return;
        const config = { ...integration.config, integrationId: integration.id, version: integration.version };
        for (const s of this.registry.inWorkspace(event.workspaceId)) {
          if (s.integration?.id !== event.integrationId) continue;
          s.integration = integration;
          sendFrame(s, { type: 'config', config });
        }
        return;
      }
      case 'conversation.created':
      case 'conversation.updated': // tags: for agents only
      case 'agent.status_changed':
      case 'agent.deactivated':
      case 'integration.session_changed':
        return;
    }
  }

  /** Who the visitor sees answering, as the widget's customization allows. */
  async agentFor(integration: WidgetIntegration, agentId: string | null): Promise<ShownAgent | null> {
    if (!agentId) return null;
    const profile = await this.conversations.agentProfile(integration.workspaceId, agentId);
    if (!profile) return null;
    const { showAgentName, showAgentPhoto } = integration.config.appearance;
    return {
      name: showAgentName ? profile.name : null,
      avatarUrl: showAgentPhoto ? profile.avatarUrl : null,
    };
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
}
