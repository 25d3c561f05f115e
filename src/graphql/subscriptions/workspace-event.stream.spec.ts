import type { DomainEvent } from '../../core/realtime/domain-event';
import { toWorkspaceEvent, workspaceEventStream } from './workspace-event.stream';

const ws = 'ws-a';
const other = 'ws-b';

describe('toWorkspaceEvent', () => {
  it.each<[DomainEvent, object]>([
    [
      { type: 'message.created', workspaceId: ws, conversationId: 'c', messageId: 'm', seq: 3 },
      { messageId: 'm', seq: 3 },
    ],
    [
      { type: 'message.updated', workspaceId: ws, conversationId: 'c', messageId: 'm', seq: 4 },
      { messageId: 'm', seq: 4 },
    ],
    [{ type: 'conversation.created', workspaceId: ws, conversationId: 'c' }, {}],
    [
      { type: 'conversation.assigned', workspaceId: ws, conversationId: 'c', assigneeId: 'a', teamId: null },
      { assigneeId: 'a', teamId: null },
    ],
    [
      { type: 'conversation.status_changed', workspaceId: ws, conversationId: 'c', status: 'resolved' },
      { status: 'resolved' },
    ],
  ])('%j', (event, extra) => {
    expect(toWorkspaceEvent(event)).toEqual({ type: event.type, conversationId: 'c', ...extra });
  });
});

describe('workspaceEventStream', () => {
  function source(events: DomainEvent[]) {
    let returned = false;
    const it: AsyncIterableIterator<DomainEvent> = {
      next: async () =>
        events.length > 0
          ? { value: events.shift() as DomainEvent, done: false }
          : { value: undefined, done: true },
      return: async () => {
        returned = true;
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return { it, wasReturned: () => returned };
  }

  it('passes only the subscriber workspace events', async () => {
    const { it } = source([
      { type: 'conversation.created', workspaceId: other, conversationId: 'b1' },
      { type: 'conversation.created', workspaceId: ws, conversationId: 'a1' },
      { type: 'conversation.status_changed', workspaceId: other, conversationId: 'b1', status: 'open' },
      { type: 'conversation.created', workspaceId: ws, conversationId: 'a2' },
    ]);
    const seen: string[] = [];
    for await (const event of workspaceEventStream(it, ws)) seen.push(event.conversationId);
    expect(seen).toEqual(['a1', 'a2']);
  });

  it('releases the source when the client leaves', async () => {
    const { it, wasReturned } = source([
      { type: 'conversation.created', workspaceId: ws, conversationId: 'a1' },
    ]);
    await workspaceEventStream(it, ws).return?.();
    expect(wasReturned()).toBe(true);
  });
});
