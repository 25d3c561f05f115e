import type { DomainEvent } from '../../core/realtime/domain-event';
import { toWorkspaceEvent, workspaceEventStream } from './workspace-event.stream';

const ws = 'ws-a';
const other = 'ws-b';
const agent = { agentId: 'agent-1', role: 'agent' as const };
const viewer = { ...agent, workspaceId: ws };

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
    [{ type: 'conversation.updated', workspaceId: ws, conversationId: 'c' }, {}],
    [
      { type: 'conversation.assigned', workspaceId: ws, conversationId: 'c', assigneeId: 'a', teamId: null },
      { assigneeId: 'a', teamId: null },
    ],
    [
      { type: 'conversation.status_changed', workspaceId: ws, conversationId: 'c', status: 'resolved' },
      { status: 'resolved' },
    ],
  ])('%j', (event, extra) => {
    expect(toWorkspaceEvent(event, agent)).toEqual({ type: event.type, conversationId: 'c', ...extra });
  });

  const typing = (assigneeId: string | null): DomainEvent => ({
    type: 'conversation.typing',
    workspaceId: ws,
    conversationId: 'c',
    actor: 'contact',
    agentId: null,
    on: true,
    draft: 'my order number is',
    assigneeId,
  });

  it.each([
    ['the assigned agent', typing('agent-1'), agent, 'my order number is'],
    ['another agent', typing('agent-2'), agent, null],
    ['an agent of an unassigned chat', typing(null), agent, null],
    ['an admin', typing('agent-2'), { agentId: 'admin-1', role: 'admin' as const }, 'my order number is'],
  ])("shows the visitor's draft to %s only when allowed", (_who, event, who, draft) => {
    expect(toWorkspaceEvent(event, who)).toEqual({
      type: 'conversation.typing',
      conversationId: 'c',
      actor: 'contact',
      agentId: null,
      typing: true,
      draft,
    });
  });

  const statusChanged = (agentId: string): DomainEvent => ({
    type: 'agent.status_changed',
    workspaceId: ws,
    agentId,
    status: 'offline',
  });

  it.each([
    ['the agent themselves', statusChanged('agent-1'), agent],
    ['an admin', statusChanged('agent-2'), { agentId: 'admin-1', role: 'admin' as const }],
    ['an owner', statusChanged('agent-2'), { agentId: 'owner-1', role: 'owner' as const }],
  ])("shows an agent's status change to %s, with no conversation", (_who, event, who) => {
    expect(toWorkspaceEvent(event, who)).toEqual({
      type: 'agent.status_changed',
      conversationId: null,
      agentId: (event as { agentId: string }).agentId,
      status: 'offline',
    });
  });

  it("keeps another agent's status change away from an agent (agents are listed to admins only)", () => {
    expect(toWorkspaceEvent(statusChanged('agent-2'), agent)).toBeNull();
  });

  it('keeps widget-only events away from agents', () => {
    expect(
      toWorkspaceEvent(
        { type: 'widget.config_updated', workspaceId: ws, integrationId: 'i', version: 2 },
        agent,
      ),
    ).toBeNull();
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
    const seen: (string | null | undefined)[] = [];
    for await (const event of workspaceEventStream(it, viewer)) seen.push(event.conversationId);
    expect(seen).toEqual(['a1', 'a2']);
  });

  it("ends a deactivated agent's subscription after telling them, but not a colleague's", async () => {
    const events = (): DomainEvent[] => [
      { type: 'conversation.created', workspaceId: ws, conversationId: 'a1' },
      { type: 'agent.deactivated', workspaceId: ws, agentId: 'agent-1' },
      { type: 'conversation.created', workspaceId: ws, conversationId: 'a2' },
    ];
    const mine = source(events());
    const seen: string[] = [];
    for await (const event of workspaceEventStream(mine.it, viewer)) seen.push(event.type);
    expect(seen).toEqual(['conversation.created', 'agent.deactivated']);
    expect(mine.wasReturned()).toBe(true);

    const colleague = source(events());
    const theirs: (string | null | undefined)[] = [];
    for await (const event of workspaceEventStream(colleague.it, { ...viewer, agentId: 'agent-2' }))
      theirs.push(event.conversationId);
    expect(theirs).toEqual(['a1', 'a2']);
  });

  it('releases the source when the client leaves', async () => {
    const { it, wasReturned } = source([
      { type: 'conversation.created', workspaceId: ws, conversationId: 'a1' },
    ]);
    await workspaceEventStream(it, viewer).return?.();
    expect(wasReturned()).toBe(true);
  });
});
