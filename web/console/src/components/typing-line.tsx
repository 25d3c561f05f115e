import { useStore } from '../state/use-store';
import { useConsole, useT } from './contexts';

/**
 * Who is typing in the open chat, and the visitor's unsent text (sneak peek) when the widget
 * shares it. The draft is customer text: rendered as text, never stored.
 */
export function TypingLine({ conversationId }: { conversationId: string }) {
  const t = useT();
  const session = useConsole();
  const typing = useStore(session.typing).typing.get(conversationId);
  const { agents } = useStore(session.agents);
  const agentNames = Object.keys(typing?.agents ?? {}).map(
    (id) => agents?.find((a) => a.id === id)?.name ?? t('agent'),
  );
  return (
    <div className="typing-line">
      {typing?.contact && (
        <p className="typing-line__contact">
          <span className="typing-dots" aria-hidden="true" />
          {t('visitorTyping')}
          {typing.contact.draft && (
            <>
              {' '}
              <span className="typing-line__draft-label">{t('sneakPeek')}</span>{' '}
              <q className="typing-line__draft">{typing.contact.draft}</q>
            </>
          )}
        </p>
      )}
      {agentNames.length > 0 && (
        <p className="typing-line__agents">{t('agentsTyping', { names: agentNames.join(', ') })}</p>
      )}
    </div>
  );
}
