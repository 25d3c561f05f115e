import { describe, expect, it } from '@jest/globals';
import type { WorkspaceEvent } from '../api/hub-types';
import { applyTyping, pruneTyping, TYPING_TTL_MS, type TypingMap } from './typing-state';

function typing(patch: Partial<WorkspaceEvent>): WorkspaceEvent {
  return {
    type: 'conversation.typing',
    conversationId: 'c1',
    messageId: null,
    seq: null,
    assigneeId: null,
    teamId: null,
    status: null,
    actor: 'contact',
    agentId: null,
    typing: true,
    draft: null,
    ...patch,
  };
}

const empty: TypingMap = new Map();

describe('typing state', () => {
  it("shows the visitor's draft while they type and clears it when they stop", () => {
    const typingNow = applyTyping(empty, typing({ draft: 'Where is my ord' }), 1_000, 'me');
    expect(typingNow.get('c1')?.contact).toEqual({ draft: 'Where is my ord', until: 1_000 + TYPING_TTL_MS });
    const stopped = applyTyping(typingNow, typing({ typing: false }), 2_000, 'me');
    expect(stopped.has('c1')).toBe(false);
  });

  it('tracks other agents typing, not me', () => {
    const mine = applyTyping(empty, typing({ actor: 'agent', agentId: 'me' }), 0, 'me');
    expect(mine).toBe(empty);
    const other = applyTyping(empty, typing({ actor: 'agent', agentId: 'a2' }), 0, 'me');
    expect(Object.keys(other.get('c1')?.agents ?? {})).toEqual(['a2']);
  });

  it('drops a typing state whose stop event was lost', () => {
    const state = applyTyping(empty, typing({}), 0, 'me');
    expect(pruneTyping(state, TYPING_TTL_MS - 1)).toBe(state);
    expect(pruneTyping(state, TYPING_TTL_MS + 1).has('c1')).toBe(false);
  });

  it('ignores other event types', () => {
    expect(applyTyping(empty, typing({ type: 'message.created' }), 0, 'me')).toBe(empty);
  });
});
