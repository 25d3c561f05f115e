import { useLayoutEffect, useRef } from 'react';
import type { Message } from '../api/hub-types';
import { useStore } from '../state/use-store';
import { contactName } from './contact-name';
import { useConsole, useI18n } from './contexts';
import { MessageItem, PendingItem } from './message-item';

/**
 * The conversation as a `role="log"`: screen readers announce what is appended. Stays scrolled to
 * the newest message while the agent is at the bottom; keeps their place when they scrolled up or
 * loaded earlier messages.
 */
export function MessageList() {
  const { t } = useI18n();
  const session = useConsole();
  const chat = useStore(session.openChat);
  const { me, agents } = useStore(session.agents);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const previousHeight = useRef(0);
  const previousFirst = useRef<string | null>(null);

  const firstId = chat.messages[0]?.id ?? null;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (previousFirst.current && firstId !== previousFirst.current && !stickToBottom.current) {
      // Earlier messages were prepended: keep what the agent was reading in place.
      el.scrollTop += el.scrollHeight - previousHeight.current;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    previousHeight.current = el.scrollHeight;
    previousFirst.current = firstId;
  }, [chat.messages, chat.pending, firstId]);

  function authorOf(message: Message): string {
    if (message.authorKind === 'CONTACT')
      return chat.detail ? contactName(chat.detail.contact, t) : t('visitor');
    if (message.authorKind === 'BOT') return t('bot');
    if (message.authorAgentId === me.id) return t('you');
    const agent =
      agents?.find((a) => a.id === message.authorAgentId) ??
      (chat.detail?.assignee?.id === message.authorAgentId ? chat.detail?.assignee : null);
    return agent?.name ?? t('agent');
  }

  return (
    <div
      className="messages"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {chat.hasOlder && (
        <button
          type="button"
          className="button button--ghost messages__older"
          disabled={chat.loadingOlder}
          onClick={() => void session.openChat.loadOlder()}
        >
          {chat.loadingOlder ? t('loading') : t('loadEarlier')}
        </button>
      )}
      <div role="log" aria-label={t('messages')} aria-live="polite">
        <ol className="messages__list">
          {chat.messages.map((message) => (
            <MessageItem key={message.id} message={message} author={authorOf(message)} />
          ))}
          {chat.pending.map((pending) => (
            <PendingItem
              key={pending.clientMessageId}
              pending={pending}
              onRetry={() => void session.openChat.retry(pending.clientMessageId)}
              onDiscard={() => session.openChat.discard(pending.clientMessageId)}
            />
          ))}
        </ol>
      </div>
      {chat.loading && chat.messages.length === 0 && <p className="empty">{t('loading')}</p>}
      {!chat.loading && chat.messages.length === 0 && chat.pending.length === 0 && (
        <p className="empty">{t('noMessages')}</p>
      )}
    </div>
  );
}
