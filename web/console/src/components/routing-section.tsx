import { useEffect, useState } from 'react';
import { CONVERSATION_ROUTING } from '../api/graphql-documents';
import type { ConversationDetail, ConversationRouting, Team } from '../api/hub-types';
import { describeRouting, renderLine } from '../routing/routing-reason';
import { useConsole, useI18n } from './contexts';

/** While the chat waits its place moves: ask again this often. */
const WAITING_REFRESH_MS = 10_000;

/**
 * Where routing sent the open chat and why. `Conversation.routing` costs the hub a query per
 * conversation, so only the open chat asks for it: again whenever its details are refetched (an
 * event about it), and every 10 s while it waits.
 */
export function RoutingSection({ detail }: { detail: ConversationDetail }) {
  const { t, locale } = useI18n();
  const session = useConsole();
  const [found, setFound] = useState<{ id: string; routing: ConversationRouting; teams: Team[] } | null>(
    null,
  );
  const waiting = detail.status === 'QUEUED';

  useEffect(() => {
    let live = true;
    const load = () =>
      session.api
        .request<{ conversation: { id: string; routing: ConversationRouting }; teams: Team[] }>(
          CONVERSATION_ROUTING,
          { id: detail.id },
        )
        .then(
          ({ conversation, teams }) =>
            live && setFound({ id: detail.id, routing: conversation.routing, teams }),
          () => undefined, // Shown as it was; the next refetch tries again.
        );
    void load();
    const timer = waiting ? setInterval(() => void load(), WAITING_REFRESH_MS) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
    // `detail` is replaced on every refetch of the open chat: that is when routing may have moved.
  }, [session, detail, waiting]);

  const routing = found?.id === detail.id ? found.routing : null;
  const view = routing
    ? describeRouting(routing, new Map((found?.teams ?? []).map((team) => [team.id, team.name])), locale)
    : null;
  return (
    <section className="panel-section" aria-labelledby="routing-title">
      <h3 className="panel-section__title" id="routing-title">
        {t('routingTitle')}
      </h3>
      {!view ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        <ul className="routing-facts">
          <li>
            <bdi>{view.summary.map((line) => renderLine(line, t)).join(' · ')}</bdi>
          </li>
          {view.choice && <li>{renderLine(view.choice, t)}</li>}
          {view.moves.map((line) => (
            <li key={line.key} className="routing-facts__move">
              {renderLine(line, t)}
            </li>
          ))}
          {view.queue.length > 0 && (
            <li className="routing-facts__queue">
              {view.queue.map((line) => renderLine(line, t)).join(' · ')}
            </li>
          )}
          <li className="muted">{t('routingPriority', { priority: view.priority })}</li>
        </ul>
      )}
    </section>
  );
}
