import type { AgentStatus } from '../agents/agent.entity';

/**
 * Domain facts pushed to subscribers (GraphQL `workspaceEvents`, the widget). Each carries its
 * workspace so fan-out can filter by tenant, and ids plus the conversation `seq` so a client can
 * dedupe and resume with `messagesSince`.
 */
export type DomainEvent =
  | {
      type: 'message.created';
      workspaceId: string;
      conversationId: string;
      messageId: string;
      seq: number;
      /** Set for agent replies (created pending), so listeners can skip them without a query. */
      direction?: 'inbound' | 'outbound';
    }
  | { type: 'message.updated'; workspaceId: string; conversationId: string; messageId: string; seq: number }
  | { type: 'conversation.created'; workspaceId: string; conversationId: string }
  | {
      type: 'conversation.assigned';
      workspaceId: string;
      conversationId: string;
      assigneeId: string | null;
      teamId: string | null;
    }
  | { type: 'conversation.status_changed'; workspaceId: string; conversationId: string; status: string }
  /** Something agents see changed (tags): refetch the conversation. */
  | { type: 'conversation.updated'; workspaceId: string; conversationId: string }
  /** An admin deactivated the agent: their own live subscriptions end after this event. */
  | { type: 'agent.deactivated'; workspaceId: string; agentId: string }
  /** An agent's availability changed: they set it, an admin did, or the presence sweep set OFFLINE. */
  | { type: 'agent.status_changed'; workspaceId: string; agentId: string; status: AgentStatus }
  /**
   * Ephemeral, published straight to the bus and never stored: someone is typing. `draft` is the
   * visitor's unsent text (sneak peek), shown only to the assigned agent and admins.
   */
  | {
      type: 'conversation.typing';
      workspaceId: string;
      conversationId: string;
      actor: 'contact' | 'agent';
      agentId: string | null;
      on: boolean;
      draft: string | null;
      assigneeId: string | null;
    }
  /** An admin changed a widget's customization; open widgets re-theme without a reload. */
  | { type: 'widget.config_updated'; workspaceId: string; integrationId: string; version: number }
  /**
   * Ephemeral, published straight to the bus (the state is kept in integration_sessions): a
   * long-lived connector session (WhatsApp Web) changed state. `qr` is the code to scan while
   * linking; for admins only (GraphQL `integrationSession`).
   */
  | {
      type: 'integration.session_changed';
      workspaceId: string;
      integrationId: string;
      state: 'CONNECTING' | 'QR_REQUIRED' | 'READY' | 'NEEDS_RELINKING' | 'ERROR';
      detail: string | null;
      qr: string | null;
      updatedAt: string;
    };

export type DomainEventType = DomainEvent['type'];
