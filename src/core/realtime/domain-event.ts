/**
 * Domain facts pushed to subscribers (GraphQL `workspaceEvents`, the widget). Each carries its
 * workspace so fan-out can filter by tenant, and ids plus the conversation `seq` so a client can
 * dedupe and resume with `messagesSince`.
 */
export type DomainEvent =
  | { type: 'message.created'; workspaceId: string; conversationId: string; messageId: string; seq: number }
  | { type: 'message.updated'; workspaceId: string; conversationId: string; messageId: string; seq: number }
  | { type: 'conversation.created'; workspaceId: string; conversationId: string }
  | {
      type: 'conversation.assigned';
      workspaceId: string;
      conversationId: string;
      assigneeId: string | null;
      teamId: string | null;
    }
  | { type: 'conversation.status_changed'; workspaceId: string; conversationId: string; status: string };

export type DomainEventType = DomainEvent['type'];
