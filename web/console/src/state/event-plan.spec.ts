import { describe, expect, it } from '@jest/globals';
import type { WorkspaceEvent } from '../api/hub-types';
import { planEvent, type EventContext, type EventPlan } from './event-plan';

function event(patch: Partial<WorkspaceEvent>): WorkspaceEvent {
  return {
    type: 'message.created',
    conversationId: 'c-held',
    messageId: null,
    seq: null,
    assigneeId: null,
    teamId: null,
    status: null,
    actor: null,
    agentId: null,
    typing: null,
    draft: null,
    ...patch,
  };
}

const agentCtx: EventContext = {
  meId: 'me',
  workspaceWide: false,
  held: (id) => id === 'c-held' || id === 'c-open',
  openConversationId: 'c-open',
};

const pick = (plan: EventPlan, keys: (keyof EventPlan)[]) =>
  Object.fromEntries(keys.map((k) => [k, plan[k]]));

describe('planEvent', () => {
  it.each<[string, Partial<WorkspaceEvent>, Partial<EventPlan>]>([
    [
      'a message in the open chat: refresh the row and catch up',
      { conversationId: 'c-open', seq: 5 },
      { refreshConversation: true, catchUpMessages: true },
    ],
    [
      'a message in a held chat: refresh its row',
      { seq: 3 },
      { refreshConversation: true, catchUpMessages: false },
    ],
    [
      "a message in another agent's chat: nothing",
      { conversationId: 'c-other', seq: 3 },
      { refreshConversation: false, catchUpMessages: false },
    ],
    [
      'a delivery update in the open chat: reload that message',
      { type: 'message.updated', conversationId: 'c-open', seq: 4 },
      { reloadMessageSeq: 4 },
    ],
    [
      'a delivery update elsewhere: nothing',
      { type: 'message.updated', conversationId: 'c-held', seq: 4 },
      { reloadMessageSeq: null, refreshConversation: false },
    ],
    [
      'a new conversation: fetch it',
      { type: 'conversation.created', conversationId: 'c-new' },
      { refreshConversation: true },
    ],
    [
      'assigned to me: fetch it',
      { type: 'conversation.assigned', conversationId: 'c-new', assigneeId: 'me' },
      { refreshConversation: true },
    ],
    [
      'a chat I do not hold assigned to someone else: nothing',
      { type: 'conversation.assigned', conversationId: 'c-other', assigneeId: 'agent-2' },
      { refreshConversation: false },
    ],
    [
      'a held chat assigned away: refresh (it leaves my list)',
      { type: 'conversation.assigned', assigneeId: 'agent-2' },
      { refreshConversation: true },
    ],
    [
      'back to the queue: fetch it',
      { type: 'conversation.status_changed', conversationId: 'c-other', status: 'queued' },
      { refreshConversation: true },
    ],
    ['tags changed on a held chat', { type: 'conversation.updated' }, { refreshConversation: true }],
    ['typing in a held chat', { type: 'conversation.typing', typing: true }, { typing: true }],
    [
      'typing elsewhere',
      { type: 'conversation.typing', conversationId: 'c-other', typing: true },
      { typing: false },
    ],
    [
      'an agent status change',
      { type: 'agent.status_changed', conversationId: null, agentId: 'a2', status: 'OFFLINE' },
      { agentStatus: { agentId: 'a2', status: 'OFFLINE' }, agentsChanged: true },
    ],
    ['an unknown event type', { type: 'something.new' }, { refreshConversation: false, typing: false }],
  ])('%s', (_name, patch, expected) => {
    const plan = planEvent(event(patch), agentCtx);
    expect(pick(plan, Object.keys(expected) as (keyof EventPlan)[])).toEqual(expected);
  });

  it("lets an admin's console follow every conversation", () => {
    const plan = planEvent(event({ conversationId: 'c-other', seq: 2 }), {
      ...agentCtx,
      workspaceWide: true,
    });
    expect(plan.refreshConversation).toBe(true);
  });
});
