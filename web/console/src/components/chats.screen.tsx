import { useEffect, useMemo, useState } from 'react';
import { adjacentConversation, conversationsForTab, type ChatTab } from '../state/conversation-lists';
import { useStore } from '../state/use-store';
import { ChatList } from './chat-list';
import { ChatView } from './chat-view';
import { ContactPanel } from './contact-panel';
import { useConsole, useT } from './contexts';

/** Lists, the open chat and its contact panel, side by side. */
export function ChatsScreen({ conversationId }: { conversationId: string | null }) {
  const t = useT();
  const session = useConsole();
  const { me } = useStore(session.agents);
  const directory = useStore(session.directory);
  const [tab, setTab] = useState<ChatTab>('mine');
  const isAdmin = me.role === 'ADMIN' || me.role === 'OWNER';

  useEffect(() => {
    session.openChat.open(conversationId);
  }, [session, conversationId]);

  const list = useMemo(
    () => conversationsForTab(tab, directory.byId.values(), me.id, directory.resolved.ids),
    [tab, directory.byId, directory.resolved.ids, me.id],
  );

  useEffect(() => {
    const step = (direction: 1 | -1) => () => {
      const next = adjacentConversation(list, conversationId, direction);
      if (next) session.router.openChat(next);
    };
    const offNext = session.commands.on('nextChat', step(1));
    const offPrevious = session.commands.on('previousChat', step(-1));
    return () => {
      offNext();
      offPrevious();
    };
  }, [session, list, conversationId]);

  return (
    <div className={`chats${conversationId ? ' chats--open' : ''}`}>
      <h1 className="visually-hidden">{t('navChats')}</h1>
      <ChatList tab={tab} onTab={setTab} list={list} isAdmin={isAdmin} selectedId={conversationId} />
      {conversationId ? (
        <>
          <ChatView key={conversationId} conversationId={conversationId} />
          <ContactPanel />
        </>
      ) : (
        <section className="chat chat--empty" aria-label={t('chat')}>
          <p className="empty">{t('noChatSelected')}</p>
        </section>
      )}
    </div>
  );
}
