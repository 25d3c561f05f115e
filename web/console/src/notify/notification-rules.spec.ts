import { describe, expect, it } from '@jest/globals';
import type { ConversationSummary } from '../api/hub-types';
import { alertFor } from './notification-rules';

function conversation(patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 'c1',
    status: 'OPEN',
    createdAt: '2025-01-01T10:00:00.000Z',
    lastMessageAt: null,
    assignedAt: null,
    resolvedAt: null,
    lastSeq: 1,
    assigneeId: 'me',
    teamId: null,
    unreadCount: 0,
    lastReadSeq: 0,
    tags: [],
    contact: { id: 'k1', name: 'Ada', email: null, avatarUrl: null },
    assignee: null,
    ...patch,
  };
}

const notInView = () => false;
const inView = () => true;

describe('alertFor', () => {
  it.each<[string, ConversationSummary | undefined, ConversationSummary, () => boolean, string | null]>([
    ['a new chat assigned to me', undefined, conversation({ unreadCount: 1 }), notInView, 'assigned'],
    [
      'a queued chat assigned to me',
      conversation({ status: 'QUEUED', assigneeId: null }),
      conversation(),
      inView,
      'assigned',
    ],
    [
      'a new message in my chat not in view',
      conversation(),
      conversation({ unreadCount: 1 }),
      notInView,
      'message',
    ],
    ['a new message in the chat in view', conversation(), conversation({ unreadCount: 1 }), inView, null],
    ['unread going down (read)', conversation({ unreadCount: 2 }), conversation(), notInView, null],
    [
      'a chat of another agent',
      undefined,
      conversation({ assigneeId: 'a2', unreadCount: 3 }),
      notInView,
      null,
    ],
    [
      'my chat resolved',
      conversation(),
      conversation({ status: 'RESOLVED', unreadCount: 1 }),
      notInView,
      null,
    ],
    ['nothing changed', conversation({ unreadCount: 1 }), conversation({ unreadCount: 1 }), notInView, null],
  ])('%s', (_name, before, after, view, expected) => {
    expect(alertFor(before, after, 'me', view)?.kind ?? null).toBe(expected);
  });
});
