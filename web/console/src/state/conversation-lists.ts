import type { ConversationSummary } from '../api/hub-types';

/** The chat list tabs. `all` (every open chat of the workspace) is offered to admins and owners. */
export type ChatTab = 'mine' | 'queued' | 'all' | 'resolved';

export const CHAT_TABS: readonly ChatTab[] = ['mine', 'queued', 'all', 'resolved'];

/**
 * The server-side lists the live tabs are made of, each paged on its own with
 * `conversations(filter, first, after)`. Keys match the aliases of the list queries.
 */
export type LiveList = 'mine.open' | 'mine.pending' | 'queued' | 'all.open' | 'all.pending';

export const LIVE_LIST_FILTERS: Record<LiveList, { mine?: true; status: ConversationSummary['status'] }> = {
  'mine.open': { mine: true, status: 'OPEN' },
  'mine.pending': { mine: true, status: 'PENDING' },
  queued: { status: 'QUEUED' },
  'all.open': { status: 'OPEN' },
  'all.pending': { status: 'PENDING' },
};

/** The lists a live tab shows; "Load more" pages each of them that has more. */
export function listsOfTab(tab: Exclude<ChatTab, 'resolved'>): LiveList[] {
  switch (tab) {
    case 'mine':
      return ['mine.open', 'mine.pending'];
    case 'queued':
      return ['queued'];
    case 'all':
      return ['queued', 'all.open', 'all.pending'];
  }
}

/** When the conversation last moved: its latest message, or its creation before any. */
export function lastActivity(conversation: ConversationSummary): string {
  return conversation.lastMessageAt ?? conversation.createdAt;
}

function newestActivityFirst(a: ConversationSummary, b: ConversationSummary): number {
  const byActivity = Date.parse(lastActivity(b)) - Date.parse(lastActivity(a));
  return byActivity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether a conversation belongs in a tab (resolved search results are the server's answer). */
export function belongsToTab(
  tab: Exclude<ChatTab, 'resolved'>,
  c: ConversationSummary,
  meId: string,
): boolean {
  switch (tab) {
    case 'mine':
      return c.assigneeId === meId && c.status !== 'RESOLVED';
    case 'queued':
      return c.status === 'QUEUED';
    case 'all':
      return c.status !== 'RESOLVED';
  }
}

/**
 * The rows of a tab, newest activity first. Live tabs are computed from every conversation the
 * console holds (kept current by workspaceEvents); the resolved tab shows the search answer, less
 * any conversation reopened since.
 */
export function conversationsForTab(
  tab: ChatTab,
  conversations: Iterable<ConversationSummary>,
  meId: string,
  resolvedIds: readonly string[] = [],
): ConversationSummary[] {
  if (tab === 'resolved') {
    const byId = new Map([...conversations].map((c) => [c.id, c]));
    return resolvedIds
      .map((id) => byId.get(id))
      .filter((c): c is ConversationSummary => c !== undefined && c.status === 'RESOLVED')
      .sort(newestActivityFirst);
  }
  return [...conversations].filter((c) => belongsToTab(tab, c, meId)).sort(newestActivityFirst);
}

/** Unread contact messages across my open chats: the number in the browser tab's title. */
export function unreadTotal(conversations: Iterable<ConversationSummary>, meId: string): number {
  let total = 0;
  for (const c of conversations) if (belongsToTab('mine', c, meId)) total += Math.max(0, c.unreadCount);
  return total;
}

/** "(3) Switchboard" while something is unread, "Switchboard" otherwise. */
export function documentTitle(unread: number, base = 'Switchboard'): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}

/**
 * The chat after (+1) or before (-1) the current one in a list, wrapping around; the first (or
 * last) when none is open or the open one is not in the list.
 */
export function adjacentConversation(
  list: readonly ConversationSummary[],
  currentId: string | null,
  step: 1 | -1,
): string | null {
  if (list.length === 0) return null;
  const index = list.findIndex((c) => c.id === currentId);
  if (index === -1) return (step === 1 ? list[0] : list[list.length - 1]).id;
  return list[(index + step + list.length) % list.length].id;
}
