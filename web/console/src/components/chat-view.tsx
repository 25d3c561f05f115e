import { lazy, Suspense, useEffect, useState } from 'react';
import { ASSIGN, REOPEN, RESOLVE } from '../api/graphql-documents';
import { blocksFreeText } from '../channels/reply-window';
import { errorMessage } from '../api/hub-error';
import type { ConversationSummary } from '../api/hub-types';
import { useStore } from '../state/use-store';
import { CONVERSATION_STATUS_LABEL } from './chat-list';
import { Composer } from './composer';
import { contactName } from './contact-name';
import { useConsole, useT } from './contexts';
import { MessageList } from './message-list';
import { ReplyWindowBanner } from './reply-window-banner';
import { TagsEditor } from './tags-editor';
import { TransferDialog } from './transfer-dialog';
import { TypingLine } from './typing-line';

// Only chats whose window is closed need it: loaded on first use.
const TemplateDialog = lazy(() => import('./template-dialog').then((m) => ({ default: m.TemplateDialog })));

/** The open chat: header with actions, the message log, who is typing, the composer. */
export function ChatView({ conversationId }: { conversationId: string }) {
  const t = useT();
  const session = useConsole();
  const chat = useStore(session.openChat);
  const { me } = useStore(session.agents);
  const summary = useStore(session.directory).byId.get(conversationId);
  const [transferOpen, setTransferOpen] = useState(false);
  const [templateOpen, setTemplateOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const detail = chat.conversationId === conversationId ? chat.detail : null;
  const status = summary?.status ?? detail?.status ?? null;
  const resolved = status === 'RESOLVED';
  const replyWindow = detail?.replyWindow ?? null;
  const replyBlocked = blocksFreeText(replyWindow);

  async function run(mutation: string, variables: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    const stamp = session.directory.stamp();
    try {
      const result = await session.api.request<Record<string, ConversationSummary>>(mutation, variables);
      for (const c of Object.values(result)) session.directory.apply(c, stamp);
      void session.openChat.refreshDetail();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const toggleResolved = () => void run(resolved ? REOPEN : RESOLVE, { id: conversationId });

  useEffect(() => {
    const offResolve = session.commands.on('resolveChat', () => {
      if (!busy) void run(resolved ? REOPEN : RESOLVE, { id: conversationId });
    });
    const offTransfer = session.commands.on('transferChat', () => setTransferOpen(true));
    return () => {
      offResolve();
      offTransfer();
    };
  });

  if (chat.notFound && chat.conversationId === conversationId) {
    return (
      <section className="chat chat--empty" aria-label={t('chat')}>
        <p className="empty">{t('chatNotFound')}</p>
      </section>
    );
  }

  const name = detail ? contactName(detail.contact, t) : summary ? contactName(summary.contact, t) : '';
  const assignee = summary?.assignee ?? detail?.assignee ?? null;
  return (
    <section className="chat" aria-labelledby="chat-title">
      <header className="chat__header">
        <div className="chat__title-block">
          <h2 id="chat-title" className="chat__title">
            <bdi>{name || t('loading')}</bdi>
          </h2>
          {status && (
            <p className="chat__subtitle">
              <span className={`pill pill--${status.toLowerCase()}`}>
                {t(CONVERSATION_STATUS_LABEL[status])}
              </span>
              {assignee && (
                <span>
                  {assignee.id === me.id ? t('assignedToYou') : t('assignedTo', { name: assignee.name })}
                </span>
              )}
            </p>
          )}
        </div>
        <div className="chat__actions">
          {summary && !resolved && summary.assigneeId !== me.id && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void run(ASSIGN, { conversationId, agentId: me.id })}
            >
              {t('assignToMe')}
            </button>
          )}
          {!resolved && (
            <button
              type="button"
              className="button"
              onClick={() => setTransferOpen(true)}
              aria-keyshortcuts="Alt+Shift+T"
            >
              {t('transfer')}
            </button>
          )}
          <button
            type="button"
            className={`button ${resolved ? '' : 'button--primary'}`}
            disabled={busy || !status}
            onClick={toggleResolved}
            aria-keyshortcuts="Alt+Shift+R"
          >
            {resolved ? t('reopen') : t('resolve')}
          </button>
        </div>
      </header>
      {summary && <TagsEditor conversationId={conversationId} tags={summary.tags} />}
      {(error || chat.error) && (
        <p className="form-error chat__error" role="alert">
          {error ?? chat.error}
        </p>
      )}
      <MessageList />
      <TypingLine conversationId={conversationId} />
      {!resolved && <ReplyWindowBanner window={replyWindow} onSendTemplate={() => setTemplateOpen(true)} />}
      <Composer conversationId={conversationId} resolved={resolved} replyBlocked={replyBlocked} />
      {transferOpen && summary && (
        <TransferDialog conversation={summary} onClose={() => setTransferOpen(false)} />
      )}
      {templateOpen && detail && (
        <Suspense fallback={null}>
          <TemplateDialog
            conversationId={conversationId}
            integrationId={detail.integrationId}
            onClose={() => setTemplateOpen(false)}
          />
        </Suspense>
      )}
    </section>
  );
}
