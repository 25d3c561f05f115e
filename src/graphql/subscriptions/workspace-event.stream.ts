import { isAdmin, type Principal } from '../../core/auth/principal';
import type { DomainEvent } from '../../core/realtime/domain-event';
import type { WorkspaceEventModel } from '../models/workspace-event.model';

/** Who receives the event; decides what of an event they may see. */
export type EventViewer = Pick<Principal, 'agentId' | 'role'>;

/**
 * The subscription payload of a domain event, or null for events agents do not subscribe to.
 * Exhaustive: a new event type must decide its shape. A visitor's draft (sneak peek) goes only
 * to the assigned agent and admins; another agent's status change only to admins.
 */
export function toWorkspaceEvent(event: DomainEvent, viewer: EventViewer): WorkspaceEventModel | null {
  switch (event.type) {
    case 'message.created':
    case 'message.updated':
      return {
        type: event.type,
        conversationId: event.conversationId,
        messageId: event.messageId,
        seq: event.seq,
      };
    case 'conversation.created':
    case 'conversation.updated':
      return { type: event.type, conversationId: event.conversationId };
    case 'conversation.assigned':
      return {
        type: event.type,
        conversationId: event.conversationId,
        assigneeId: event.assigneeId,
        teamId: event.teamId,
      };
    case 'conversation.status_changed':
      return { type: event.type, conversationId: event.conversationId, status: event.status };
    case 'agent.deactivated':
      if (event.agentId !== viewer.agentId && !isAdmin(viewer)) return null;
      return { type: event.type, conversationId: null, agentId: event.agentId };
    case 'agent.status_changed':
      // Agents are listed to admins only: an agent hears of their own status (the presence sweep).
      if (event.agentId !== viewer.agentId && !isAdmin(viewer)) return null;
      return { type: event.type, conversationId: null, agentId: event.agentId, status: event.status };
    case 'conversation.typing': {
      const mayPeek = event.assigneeId === viewer.agentId || isAdmin(viewer);
      return {
        type: event.type,
        conversationId: event.conversationId,
        actor: event.actor,
        agentId: event.agentId,
        typing: event.on,
        draft: mayPeek ? event.draft : null,
      };
    }
    case 'widget.config_updated':
    case 'integration.session_changed': // admins follow it with integrationSession (it carries the QR code)
      return null;
  }
}

/**
 * One subscriber's view of its workspace channel. The bus channel is already per workspace; the
 * workspace check here is the second lock (rule 5). `return` is forwarded at once, so a client
 * that disconnects while no event arrives still releases its Redis subscription (an async
 * generator would wait for the next event before running its `finally`).
 */
export function workspaceEventStream(
  source: AsyncIterableIterator<DomainEvent>,
  viewer: EventViewer & { workspaceId: string },
): AsyncIterableIterator<WorkspaceEventModel> {
  // The viewer's token was valid when the socket connected; once they are deactivated, they hear
  // that one last event and the subscription completes (a reconnect is refused).
  let revoked = false;
  const stream: AsyncIterableIterator<WorkspaceEventModel> = {
    async next() {
      if (revoked) {
        await source.return?.();
        return { value: undefined, done: true };
      }
      for (;;) {
        const result = await source.next();
        if (result.done) return { value: undefined, done: true };
        if (result.value.workspaceId !== viewer.workspaceId) continue;
        const event = toWorkspaceEvent(result.value, viewer);
        if (result.value.type === 'agent.deactivated' && result.value.agentId === viewer.agentId)
          revoked = true;
        if (event) return { value: event, done: false };
      }
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
