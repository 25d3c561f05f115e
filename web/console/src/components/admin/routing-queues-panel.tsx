import { useEffect, useRef } from 'react';
import { ROUTING_QUEUES } from '../../api/admin-documents';
import type { RoutingQueue } from '../../api/hub-types';
import { STRATEGY_LABEL } from '../../routing/routing-reason';
import { formatWait } from '../../text/format';
import { useConsole } from '../contexts';
import { FormError } from './copy-field';
import { useAdminT } from './use-admin-t';
import { useHubQuery } from './use-hub-query';

const REFRESH_EVERY_MS = 10_000;
/** A burst of events (a wave of chats) costs one refetch. */
const EVENT_DEBOUNCE_MS = 1_000;

/** Every team's queue and the workspace pool: who waits, for how long, and who could serve them. */
export function RoutingQueuesPanel() {
  const t = useAdminT();
  const session = useConsole();
  const queues = useHubQuery<{ routingQueues: RoutingQueue[] }>(ROUTING_QUEUES);
  const reload = useRef(queues.reload);
  useEffect(() => {
    reload.current = queues.reload;
  }, [queues.reload]);

  useEffect(() => {
    let debounce: ReturnType<typeof setTimeout> | null = null;
    const every = setInterval(() => void reload.current(), REFRESH_EVERY_MS);
    const off = session.watchEvents((event) => {
      if (!event.type.startsWith('conversation.') && event.type !== 'agent.status_changed') return;
      if (debounce) return;
      debounce = setTimeout(() => {
        debounce = null;
        void reload.current();
      }, EVENT_DEBOUNCE_MS);
    });
    return () => {
      off();
      clearInterval(every);
      if (debounce) clearTimeout(debounce);
    };
  }, [session]);

  const list = queues.data?.routingQueues ?? null;
  return (
    <section aria-labelledby="queues-title" className="queues">
      <h2 id="queues-title">{t('queuesTitle')}</h2>
      <FormError message={queues.error} />
      {list === null ? (
        <p className="empty">{t('loading')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('queue')}</th>
              <th scope="col">{t('queueWaiting')}</th>
              <th scope="col">{t('queueOldestWait')}</th>
              <th scope="col">{t('queueOverSla')}</th>
              <th scope="col">{t('queueStrategy')}</th>
              <th scope="col">{t('queueAccepting')}</th>
              <th scope="col">{t('queueFreeSlots')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((queue) => (
              <tr key={queue.teamId ?? 'pool'} data-testid={`queue-${queue.teamId ?? 'pool'}`}>
                <th scope="row">
                  {queue.teamId === null ? (
                    t('workspacePool')
                  ) : (
                    <bdi>{queue.teamName ?? t('routingToDeletedTeam')}</bdi>
                  )}
                </th>
                <td>{queue.waiting}</td>
                <td>{queue.oldestWaitSeconds === null ? '—' : formatWait(queue.oldestWaitSeconds * 1000)}</td>
                <td className={queue.overSla > 0 ? 'queues__over-sla' : undefined}>
                  {t('overSlaOf', { count: queue.overSla, sla: queue.slaSeconds })}
                </td>
                <td>{STRATEGY_LABEL[queue.strategy] ? t(STRATEGY_LABEL[queue.strategy]) : queue.strategy}</td>
                <td>{queue.acceptingAgents}</td>
                <td>{queue.freeSlots}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
