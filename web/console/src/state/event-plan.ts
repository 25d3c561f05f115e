import type { WorkspaceEvent } from '../api/hub-types';

/** What the console does about one workspace event. */
export interface EventPlan {
  /** Refetch the conversation's row (and the open chat's details when it is the open one). */
  refreshConversation: boolean;
  /** Fetch the open chat's messages after the highest seq held. */
  catchUpMessages: boolean;
  /** Refetch the open chat's message with this seq (its delivery status changed). */
  reloadMessageSeq: number | null;
  /** A typing indicator or sneak-peek draft to show. */
  typing: boolean;
  /** An agent's status changed (presence, setMyStatus). */
  agentStatus: { agentId: string; status: string } | null;
  /** Agents' loads may have moved (supervision). */
  agentsChanged: boolean;
}

export interface EventContext {
  meId: string;
  /** Admins and owners list the whole workspace; agents only their chats and the queue. */
  workspaceWide: boolean;
  /** The conversation is held (shown in a list, or open). */
  held(conversationId: string): boolean;
  openConversationId: string | null;
}

const NOTHING: EventPlan = {
  refreshConversation: false,
  catchUpMessages: false,
  reloadMessageSeq: null,
  typing: false,
  agentStatus: null,
  agentsChanged: false,
};

/**
 * Decides what a workspaceEvents item means for this console. An agent's console ignores
 * activity in conversations it does not show (other agents' chats), so one busy workspace does
 * not make every console refetch every conversation.
 */
export function planEvent(event: WorkspaceEvent, ctx: EventContext): EventPlan {
  const id = event.conversationId;
  if (event.type === 'agent.status_changed') {
    return event.agentId && event.status
      ? { ...NOTHING, agentStatus: { agentId: event.agentId, status: event.status }, agentsChanged: true }
      : NOTHING;
  }
  if (!id) return NOTHING;
  const isOpen = id === ctx.openConversationId;
  const relevant = ctx.workspaceWide || isOpen || ctx.held(id);
  switch (event.type) {
    case 'message.created':
      return { ...NOTHING, refreshConversation: relevant, catchUpMessages: isOpen };
    case 'message.updated':
      return { ...NOTHING, reloadMessageSeq: isOpen && event.seq !== null ? event.seq : null };
    case 'conversation.created':
      return { ...NOTHING, refreshConversation: true, agentsChanged: true };
    case 'conversation.assigned':
      return {
        ...NOTHING,
        refreshConversation: relevant || event.assigneeId === ctx.meId || !event.assigneeId,
        agentsChanged: true,
      };
    case 'conversation.status_changed':
      return {
        ...NOTHING,
        refreshConversation: relevant || (event.status ?? '').toUpperCase() === 'QUEUED',
        agentsChanged: true,
      };
    case 'conversation.updated':
      return { ...NOTHING, refreshConversation: relevant };
    case 'conversation.typing':
      return { ...NOTHING, typing: relevant };
    default:
      return NOTHING;
  }
}
