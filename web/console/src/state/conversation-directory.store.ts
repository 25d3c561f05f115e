import type { GraphqlClient } from '../api/graphql-client';
import {
  CONVERSATION_SUMMARY,
  LIST_PAGE_SIZE,
  MY_CONVERSATIONS,
  QUEUED_CONVERSATIONS,
  SEARCH_CONVERSATIONS,
  WORKSPACE_CONVERSATIONS,
} from '../api/graphql-documents';
import { errorCode, errorMessage } from '../api/hub-error';
import type { ConversationPage, ConversationSummary, PageInfo } from '../api/hub-types';
import { LIVE_LIST_FILTERS, listsOfTab, type ChatTab, type LiveList } from './conversation-lists';
import { Store } from './store';

export interface ResolvedSearch {
  search: string;
  tag: string;
  ids: string[];
  endCursor: string | null;
  hasNextPage: boolean;
  loading: boolean;
}

export interface DirectoryState {
  byId: ReadonlyMap<string, ConversationSummary>;
  loaded: boolean;
  error: string | null;
  resolved: ResolvedSearch;
  /** Where each live list's next page starts (from the last page loaded). */
  pages: Partial<Record<LiveList, PageInfo>>;
  loadingMore: boolean;
}

/** The list queries' aliases (graphql-documents.ts) as live lists. */
const MINE_ALIASES: Record<string, LiveList> = { open: 'mine.open', pending: 'mine.pending' };
const WORKSPACE_ALIASES: Record<string, LiveList> = {
  queued: 'queued',
  open: 'all.open',
  pending: 'all.pending',
};

/** What changed for one conversation, for notifications (only for changes seen live). */
export interface ConversationChange {
  before: ConversationSummary | undefined;
  after: ConversationSummary;
}

const RESOLVED_PAGE = 30;

/**
 * Every conversation the console holds, by id: the open lists (mine, queued, and for admins the
 * whole workspace), the resolved search, and whatever live events named. Answers can come back out
 * of order (an event refresh started before markConversationRead may land after it), so each
 * request is numbered when it starts and an answer older than the one applied is dropped.
 */
export class ConversationDirectory extends Store<DirectoryState> {
  private requestCounter = 0;
  private readonly appliedRequest = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private changeListener: (change: ConversationChange) => void = () => undefined;
  /** Bumped by every loadLists: a "load more" answer from before it is stale. */
  private listsGeneration = 0;

  constructor(
    private readonly api: GraphqlClient,
    private readonly workspaceWide: () => boolean,
  ) {
    super({
      byId: new Map(),
      loaded: false,
      error: null,
      resolved: { search: '', tag: '', ids: [], endCursor: null, hasNextPage: false, loading: false },
      pages: {},
      loadingMore: false,
    });
  }

  onChange(listener: (change: ConversationChange) => void): void {
    this.changeListener = listener;
  }

  /** A number to stamp a request with before sending it. */
  stamp(): number {
    return ++this.requestCounter;
  }

  /**
   * (Re)loads the first page of the open lists. Open conversations the console held that no list
   * names any more (resolved, reassigned, or on a later page) are dropped, and "load more" starts
   * over; resolved ones stay for the search.
   */
  async loadLists(): Promise<void> {
    const stamp = this.stamp();
    const generation = ++this.listsGeneration;
    try {
      const [mine, workspace] = await Promise.all([
        this.api.request<{ open: ConversationPage; pending: ConversationPage }>(MY_CONVERSATIONS),
        this.workspaceWide()
          ? this.api.request<Record<string, ConversationPage>>(WORKSPACE_CONVERSATIONS)
          : this.api.request<Record<string, ConversationPage>>(QUEUED_CONVERSATIONS),
      ]);
      const fresh = [...Object.values(mine), ...Object.values(workspace)].flatMap((p) =>
        p.edges.map((e) => e.node),
      );
      const pages: Partial<Record<LiveList, PageInfo>> = {};
      for (const [alias, page] of Object.entries(mine)) pages[MINE_ALIASES[alias]] = page.pageInfo;
      for (const [alias, page] of Object.entries(workspace)) pages[WORKSPACE_ALIASES[alias]] = page.pageInfo;
      if (generation !== this.listsGeneration) return;
      const byId = new Map<string, ConversationSummary>();
      for (const [id, c] of this.state.byId) if (c.status === 'RESOLVED') byId.set(id, c);
      for (const c of fresh) {
        byId.set(c.id, c);
        this.appliedRequest.set(c.id, stamp);
      }
      this.setState({ byId, loaded: true, error: null, pages, loadingMore: false });
    } catch (e) {
      this.setState({ loaded: true, error: errorMessage(e) });
    }
  }

  /** Whether a live tab has more rows on the hub than the console holds. */
  hasMore(tab: Exclude<ChatTab, 'resolved'>): boolean {
    return listsOfTab(tab).some((list) => this.state.pages[list]?.hasNextPage === true);
  }

  /**
   * The next page of every list of a live tab that has one. The rows join the ones held, so live
   * events keep them current like the first page's.
   */
  async loadMore(tab: Exclude<ChatTab, 'resolved'>): Promise<void> {
    if (this.state.loadingMore) return;
    const lists = listsOfTab(tab).filter((list) => this.state.pages[list]?.hasNextPage);
    if (lists.length === 0) return;
    const generation = this.listsGeneration;
    const stamp = this.stamp();
    this.setState({ loadingMore: true });
    try {
      const answers = await Promise.all(
        lists.map(async (list) => {
          const { conversations } = await this.api.request<{ conversations: ConversationPage }>(
            SEARCH_CONVERSATIONS,
            {
              filter: LIVE_LIST_FILTERS[list],
              after: this.state.pages[list]?.endCursor,
              first: LIST_PAGE_SIZE,
            },
          );
          return [list, conversations] as const;
        }),
      );
      if (generation !== this.listsGeneration) return;
      const byId = new Map(this.state.byId);
      const pages = { ...this.state.pages };
      for (const [list, page] of answers) {
        for (const { node } of page.edges) {
          if ((this.appliedRequest.get(node.id) ?? 0) > stamp) continue;
          byId.set(node.id, node);
          this.appliedRequest.set(node.id, stamp);
        }
        pages[list] = page.pageInfo;
      }
      this.setState({ byId, pages, loadingMore: false });
    } catch (e) {
      this.setState({ loadingMore: false, error: errorMessage(e) });
    }
  }

  /** Refetches one conversation (a live event named it); concurrent calls collapse into one more. */
  refresh(id: string): Promise<void> {
    const running = this.inFlight.get(id);
    if (running) {
      this.again.add(id);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(id);
        const stamp = this.stamp();
        try {
          const { conversation } = await this.api.request<{ conversation: ConversationSummary }>(
            CONVERSATION_SUMMARY,
            { id },
          );
          this.apply(conversation, stamp, true);
        } catch (e) {
          if (errorCode(e) === 'NOT_FOUND') this.remove(id);
        }
      } while (this.again.has(id));
    })().finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, run);
    return run;
  }

  /**
   * Stores a conversation a query or mutation answered (`stamp` taken before it was sent).
   * `live`: the change happened now, so it may notify.
   */
  apply(conversation: ConversationSummary, stamp: number, live = false): void {
    if ((this.appliedRequest.get(conversation.id) ?? 0) > stamp) return;
    this.appliedRequest.set(conversation.id, stamp);
    const before = this.state.byId.get(conversation.id);
    const byId = new Map(this.state.byId);
    byId.set(conversation.id, conversation);
    this.setState({ byId });
    if (live) this.changeListener({ before, after: conversation });
  }

  private remove(id: string): void {
    if (!this.state.byId.has(id)) return;
    const byId = new Map(this.state.byId);
    byId.delete(id);
    this.setState({ byId });
  }

  /** The resolved tab: a new search (contact name/email or message text) and tag. */
  async searchResolved(search: string, tag: string): Promise<void> {
    this.setState({ resolved: { ...this.state.resolved, search, tag, loading: true } });
    await this.fetchResolved(null);
  }

  async loadMoreResolved(): Promise<void> {
    const { endCursor, hasNextPage, loading } = this.state.resolved;
    if (!hasNextPage || loading) return;
    this.setState({ resolved: { ...this.state.resolved, loading: true } });
    await this.fetchResolved(endCursor);
  }

  private async fetchResolved(after: string | null): Promise<void> {
    const { search, tag } = this.state.resolved;
    const stamp = this.stamp();
    try {
      const { conversations } = await this.api.request<{ conversations: ConversationPage }>(
        SEARCH_CONVERSATIONS,
        {
          filter: {
            status: 'RESOLVED',
            ...(search.trim() ? { search: search.trim() } : {}),
            ...(tag ? { tag } : {}),
          },
          after,
          first: RESOLVED_PAGE,
        },
      );
      // A newer search started meanwhile: its answer decides.
      if (this.state.resolved.search !== search || this.state.resolved.tag !== tag) return;
      const nodes = conversations.edges.map((e) => e.node);
      const byId = new Map(this.state.byId);
      for (const c of nodes) {
        if ((this.appliedRequest.get(c.id) ?? 0) > stamp) continue;
        byId.set(c.id, c);
        this.appliedRequest.set(c.id, stamp);
      }
      const ids = after ? [...this.state.resolved.ids, ...nodes.map((c) => c.id)] : nodes.map((c) => c.id);
      this.setState({
        byId,
        resolved: {
          search,
          tag,
          ids: [...new Set(ids)],
          endCursor: conversations.pageInfo.endCursor,
          hasNextPage: conversations.pageInfo.hasNextPage,
          loading: false,
        },
      });
    } catch (e) {
      this.setState({ error: errorMessage(e), resolved: { ...this.state.resolved, loading: false } });
    }
  }

  get(id: string): ConversationSummary | undefined {
    return this.state.byId.get(id);
  }

  clearError(): void {
    this.setState({ error: null });
  }
}
