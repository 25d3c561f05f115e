import { useEffect } from 'react';
import { useStore } from '../state/use-store';
import { formatRelative } from '../text/format';
import { RoutingQueuesPanel } from './admin/routing-queues-panel';
import { useAdminI18n } from './admin/use-admin-t';
import { useConsole } from './contexts';
import { STATUS_LABEL } from './status-select';
import { useNow } from './use-now';

/**
 * Admins: the routing queues (refreshed on events and every 10 s), and every agent with status,
 * load and last heartbeat, live from agent.status_changed.
 */
export function SupervisionScreen() {
  const { t, locale } = useAdminI18n();
  const session = useConsole();
  const { agents, listsForbidden, error } = useStore(session.agents);
  const now = useNow(30_000);
  useEffect(() => session.agents.watch(), [session]);

  return (
    <section className="page" aria-labelledby="supervision-title">
      <header className="page__header">
        <h1 id="supervision-title">{t('supervision')}</h1>
      </header>
      {listsForbidden && <p className="form-error">{t('adminsOnly')}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <RoutingQueuesPanel />
      <h2 id="supervision-agents">{t('agentsLoad')}</h2>
      {!agents ? (
        <p className="empty">{t('loading')}</p>
      ) : (
        <table className="table" aria-labelledby="supervision-agents">
          <thead>
            <tr>
              <th scope="col">{t('agent')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('openChats')}</th>
              <th scope="col">{t('lastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {agents
              .filter((agent) => !agent.deactivated)
              .map((agent) => (
                <tr key={agent.id}>
                  <td>
                    <bdi>{agent.name}</bdi>
                    <span className="muted table__sub" dir="ltr">
                      {agent.email}
                    </span>
                  </td>
                  <td>
                    <span
                      className={`status-dot status-dot--${agent.status.toLowerCase()}`}
                      aria-hidden="true"
                    />
                    {t(STATUS_LABEL[agent.status])}
                  </td>
                  <td>
                    <meter
                      className="load-meter"
                      min={0}
                      max={Math.max(agent.capacity, 1)}
                      value={agent.openConversations}
                      aria-label={t('loadOf', { load: agent.openConversations, capacity: agent.capacity })}
                    />{' '}
                    {t('loadOf', { load: agent.openConversations, capacity: agent.capacity })}
                  </td>
                  <td>{agent.lastSeenAt ? formatRelative(agent.lastSeenAt, locale, now) : t('never')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
