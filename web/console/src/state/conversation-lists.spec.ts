import { describe, expect, it } from '@jest/globals';
import type { ConversationSummary } from '../api/hub-types';
import {
  adjacentConversation,
  conversationsForTab,
  documentTitle,
  lastActivity,
  listsOfTab,
  LIVE_LIST_FILTERS,
  unreadTotal,
  type ChatTab,
  type LiveList,
} from './conversation-lists';

const ME = 'agent-me';

function conversation(id: string, patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    status: 'OPEN',
    createdAt: '2025-01-01T10:00:00.000Z',
    lastMessageAt: null,
    assignedAt: null,
    resolvedAt: null,
    lastSeq: 1,
    assigneeId: ME,
    teamId: null,
    unreadCount: 0,
    lastReadSeq: 0,
    tags: [],
    contact: { id: `contact-${id}`, name: null, email: null, avatarUrl: null },
    assignee: null,
    ...patch,
  };
}

const ids = (list: ConversationSummary[]) => list.map((c) => c.id);

describe('conversationsForTab', () => {
  const all = [
    conversation('mine-old', { lastMessageAt: '2025-01-01T10:05:00.000Z' }),
    conversation('mine-new', { lastMessageAt: '2025-01-01T11:00:00.000Z' }),
    conversation('mine-resolved', { status: 'RESOLVED' }),
    conversation('other', { assigneeId: 'agent-2', lastMessageAt: '2025-01-01T10:30:00.000Z' }),
    conversation('queued', { status: 'QUEUED', assigneeId: null, createdAt: '2025-01-01T10:10:00.000Z' }),
    conversation('pending', { status: 'PENDING' }),
  ];

  it.each<[Parameters<typeof conversationsForTab>[0], string[]]>([
    ['mine', ['mine-new', 'mine-old', 'pending']],
    ['queued', ['queued']],
    ['all', ['mine-new', 'other', 'queued', 'mine-old', 'pending']],
  ])('%s: members, newest activity first', (tab, expected) => {
    expect(ids(conversationsForTab(tab, all, ME))).toEqual(expected);
  });

  it('resolved: the search answer, without conversations reopened since', () => {
    const reopened = conversation('reopened', { status: 'OPEN' });
    expect(
      ids(conversationsForTab('resolved', [...all, reopened], ME, ['mine-resolved', 'reopened'])),
    ).toEqual(['mine-resolved']);
  });

  it('uses creation time for a conversation without messages', () => {
    expect(lastActivity(conversation('x', { createdAt: '2025-02-01T00:00:00.000Z' }))).toBe(
      '2025-02-01T00:00:00.000Z',
    );
  });
});

describe('unreadTotal', () => {
  it('adds the unread counts of my open chats only', () => {
    const all = [
      conversation('a', { unreadCount: 2 }),
      conversation('b', { unreadCount: 1, status: 'PENDING' }),
      conversation('c', { unreadCount: 5, status: 'RESOLVED' }),
      conversation('d', { unreadCount: 7, assigneeId: 'agent-2' }),
      conversation('e', { unreadCount: 4, status: 'QUEUED', assigneeId: null }),
    ];
    expect(unreadTotal(all, ME)).toBe(3);
  });

  it('is 0 with nothing unread', () => {
    expect(unreadTotal([conversation('a')], ME)).toBe(0);
  });
});

describe('documentTitle', () => {
  it.each([
    [0, 'Switchboard'],
    [3, '(3) Switchboard'],
    [120, '(99+) Switchboard'],
  ])('%p unread → %p', (unread, expected) => {
    expect(documentTitle(unread)).toBe(expected);
  });
});

describe('adjacentConversation', () => {
  const list = [conversation('a'), conversation('b'), conversation('c')];

  it.each<[string | null, 1 | -1, string | null]>([
    ['a', 1, 'b'],
    ['c', 1, 'a'],
    ['a', -1, 'c'],
    [null, 1, 'a'],
    [null, -1, 'c'],
    ['gone', 1, 'a'],
  ])('from %p step %p → %p', (current, step, expected) => {
    expect(adjacentConversation(list, current, step)).toBe(expected);
  });

  it('is null for an empty list', () => {
    expect(adjacentConversation([], 'a', 1)).toBeNull();
  });
});

describe('listsOfTab', () => {
  it.each<[Exclude<ChatTab, 'resolved'>, LiveList[]]>([
    ['mine', ['mine.open', 'mine.pending']],
    ['queued', ['queued']],
    ['all', ['queued', 'all.open', 'all.pending']],
  ])('%s pages %p', (tab, lists) => {
    expect(listsOfTab(tab)).toEqual(lists);
    // Every list a tab pages holds only conversations the tab shows.
    for (const list of lists) {
      const filter = LIVE_LIST_FILTERS[list];
      const sample = conversation(list, {
        status: filter.status,
        assigneeId: filter.status === 'QUEUED' ? null : ME,
      });
      expect(conversationsForTab(tab, [sample], ME).map((c) => c.id)).toEqual([list]);
    }
  });
});
