import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { PICK_CONVERSATION } from '../api/graphql-documents';
import { errorMessage } from '../api/hub-error';
import type { ConversationStatus, ConversationSummary } from '../api/hub-types';
import type { MessageKey } from '../i18n/messages';
import { CHAT_TABS, lastActivity, type ChatTab } from '../state/conversation-lists';
import { useStore } from '../state/use-store';
import { formatRelative, formatWait } from '../text/format';
import { contactName } from './contact-name';
import { useConsole, useI18n } from './contexts';
import { useNow } from './use-now';
import { useWorkspaceTags } from './use-tags';

const TAB_LABEL: Record<ChatTab, MessageKey> = {
  mine: 'tabMine',
  queued: 'tabQueued',
  all: 'tabAll',
  resolved: 'tabResolved',
};

export const CONVERSATION_STATUS_LABEL: Record<ConversationStatus, MessageKey> = {
  OPEN: 'conversationOpen',
  PENDING: 'conversationPending',
  QUEUED: 'conversationQueued',
  RESOLVED: 'conversationResolved',
};

interface ChatListProps {
  tab: ChatTab;
  onTab(tab: ChatTab): void;
  list: ConversationSummary[];
  isAdmin: boolean;
  selectedId: string | null;
}

export function ChatList({ tab, onTab, list, isAdmin, selectedId }: ChatListProps) {
  const { t } = useI18n();
  const session = useConsole();
  const { me } = useStore(session.agents);
  const directory = useStore(session.directory);
  const tabs = CHAT_TABS.filter((candidate) => candidate !== 'all' || isAdmin);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const panelId = useId();
  const now = useNow(tab === 'queued' ? 1_000 : 30_000);
  const counts: Partial<Record<ChatTab, number>> = {};
  for (const c of directory.byId.values()) {
    if (c.assigneeId === me.id && c.status !== 'RESOLVED') counts.mine = (counts.mine ?? 0) + c.unreadCount;
    if (c.status === 'QUEUED') counts.queued = (counts.queued ?? 0) + 1;
  }

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); in RTL, left goes forward.
  function onTabKey(e: KeyboardEvent) {
    const rtl = document.documentElement.dir === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const back = rtl ? 'ArrowRight' : 'ArrowLeft';
    if (e.key !== forward && e.key !== back) return;
    e.preventDefault();
    const index = tabs.indexOf(tab);
    const next = tabs[(index + (e.key === forward ? 1 : -1) + tabs.length) % tabs.length];
    onTab(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <aside className="chat-list" aria-label={t('chatLists')}>
      <div className="tabs" role="tablist" aria-label={t('chatLists')} onKeyDown={onTabKey}>
        {tabs.map((candidate) => (
          <button
            key={candidate}
            ref={(el) => {
              tabRefs.current[candidate] = el;
            }}
            type="button"
            role="tab"
            id={`${panelId}-${candidate}`}
            aria-selected={tab === candidate}
            aria-controls={panelId}
            tabIndex={tab === candidate ? 0 : -1}
            className="tabs__tab"
            onClick={() => onTab(candidate)}
          >
            {t(TAB_LABEL[candidate])}
            {counts[candidate] ? (
              <span
                className="badge"
                aria-label={t(candidate === 'mine' ? 'unreadCount' : 'queuedCount', {
                  count: counts[candidate] ?? 0,
                })}
              >
                {counts[candidate]}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={panelId} aria-labelledby={`${panelId}-${tab}`} className="chat-list__panel">
        {tab === 'resolved' && <ResolvedSearch />}
        {directory.error && (
          <p className="form-error" role="alert">
            {directory.error}
          </p>
        )}
        {!directory.loaded ? (
          <p className="empty">{t('loading')}</p>
        ) : list.length === 0 ? (
          <p className="empty">{t(tab === 'resolved' ? 'noResolvedMatch' : 'noChatsHere')}</p>
        ) : (
          <ul className="chat-list__items">
            {list.map((c) => (
              <ChatListItem key={c.id} conversation={c} selected={c.id === selectedId} tab={tab} now={now} />
            ))}
          </ul>
        )}
        {tab !== 'resolved' && directory.loaded && session.directory.hasMore(tab) && (
          <button
            type="button"
            className="button button--ghost chat-list__more"
            disabled={directory.loadingMore}
            onClick={() => void session.directory.loadMore(tab)}
          >
            {t('loadMore')}
          </button>
        )}
        {tab === 'resolved' && directory.resolved.hasNextPage && (
          <button
            type="button"
            className="button button--ghost chat-list__more"
            disabled={directory.resolved.loading}
            onClick={() => void session.directory.loadMoreResolved()}
          >
            {t('loadMore')}
          </button>
        )}
      </div>
    </aside>
  );
}

function ChatListItem({
  conversation: c,
  selected,
  tab,
  now,
}: {
  conversation: ConversationSummary;
  selected: boolean;
  tab: ChatTab;
  now: number;
}) {
  const { t, locale } = useI18n();
  const session = useConsole();
  const typing = useStore(session.typing).typing.get(c.id);
  const name = contactName(c.contact, t);
  const pickable = tab === 'queued' && c.status === 'QUEUED';
  return (
    <li className={pickable ? 'chat-list__item chat-list__item--pickable' : 'chat-list__item'}>
      <a
        className={`chat-row${selected ? ' chat-row--selected' : ''}${c.unreadCount > 0 ? ' chat-row--unread' : ''}`}
        href={`/console/chats/${encodeURIComponent(c.id)}`}
        aria-current={selected ? 'true' : undefined}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          session.router.openChat(c.id);
        }}
      >
        <span className="chat-row__top">
          <bdi className="chat-row__name">{name}</bdi>
          {c.unreadCount > 0 && (
            <span className="badge" aria-label={t('unreadCount', { count: c.unreadCount })}>
              {c.unreadCount}
            </span>
          )}
        </span>
        <span className="chat-row__meta">
          {tab === 'queued' ? (
            <span className="chat-row__wait">
              {t('waiting', { time: formatWait(now - Date.parse(c.createdAt)) })}
            </span>
          ) : (
            <time dateTime={lastActivity(c)}>{formatRelative(lastActivity(c), locale, now)}</time>
          )}
          {tab !== 'mine' && (
            <span className="chat-row__status">
              {t(CONVERSATION_STATUS_LABEL[c.status])}
              {c.assignee && c.status !== 'QUEUED' ? ` · ${c.assignee.name}` : ''}
            </span>
          )}
        </span>
        {typing?.contact && <span className="chat-row__typing">{t('typing')}</span>}
        {c.tags.length > 0 && (
          <span className="chat-row__tags">
            {c.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </span>
        )}
      </a>
      {pickable && <PickButton conversation={c} name={name} />}
    </li>
  );
}

/**
 * Takes a waiting chat (manual queues, or jumping in). The hub refuses (CONFLICT) when I am not
 * accepting chats or am at capacity, or when someone else got it first: its words are shown as is.
 */
function PickButton({ conversation, name }: { conversation: ConversationSummary; name: string }) {
  const { t } = useI18n();
  const session = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pick() {
    setBusy(true);
    setError(null);
    const stamp = session.directory.stamp();
    try {
      const { pickConversation } = await session.api.request<{ pickConversation: ConversationSummary }>(
        PICK_CONVERSATION,
        { conversationId: conversation.id },
      );
      session.directory.apply(pickConversation, stamp);
      session.router.openChat(conversation.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="button chat-list__pick"
        disabled={busy}
        aria-label={t('pickNamed', { name })}
        onClick={() => void pick()}
      >
        {t('pick')}
      </button>
      {error && (
        <p className="form-error chat-list__pick-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function ResolvedSearch() {
  const { t } = useI18n();
  const session = useConsole();
  const { resolved } = useStore(session.directory);
  const [search, setSearch] = useState(resolved.search);
  const [tag, setTag] = useState(resolved.tag);
  const tags = useWorkspaceTags();

  useEffect(() => {
    const timer = setTimeout(() => void session.directory.searchResolved(search, tag), 250);
    return () => clearTimeout(timer);
  }, [session, search, tag]);

  return (
    <form className="resolved-search" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="field field--compact">
        <span className="field__label">{t('searchResolved')}</span>
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('searchPlaceholder')}
        />
      </label>
      <label className="field field--compact">
        <span className="field__label">{t('tag')}</span>
        <select value={tag} onChange={(e) => setTag(e.target.value)}>
          <option value="">{t('anyTag')}</option>
          {tags.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
