import type { DomainEvent } from '../../core/realtime/domain-event';
import type { WorkspaceEventModel } from '../models/workspace-event.model';

/** The subscription payload of a domain event. Exhaustive: a new event type must decide its shape. */
export function toWorkspaceEvent(event: DomainEvent): WorkspaceEventModel {
  const base = { type: event.type, conversationId: event.conversationId };
  switch (event.type) {
    case 'message.created':
    case 'message.updated':
      return { ...base, messageId: event.messageId, seq: event.seq };
    case 'conversation.created':
      return base;
    case 'conversation.assigned':
      return { ...base, assigneeId: event.assigneeId, teamId: event.teamId };
    case 'conversation.status_changed':
      return { ...base, status: event.status };
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
  workspaceId: string,
): AsyncIterableIterator<WorkspaceEventModel> {
  const stream: AsyncIterableIterator<WorkspaceEventModel> = {
    async next() {
      for (;;) {
        const result = await source.next();
        if (result.done) return { value: undefined, done: true };
        if (result.value.workspaceId === workspaceId)
          return { value: toWorkspaceEvent(result.value), done: false };
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
