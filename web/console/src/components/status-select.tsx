import { AGENT_STATUSES, type AgentStatus } from '../api/hub-types';
import type { MessageKey } from '../i18n/messages';
import { useStore } from '../state/use-store';
import { useConsole, useT } from './contexts';

export const STATUS_LABEL: Record<AgentStatus, MessageKey> = {
  ACCEPTING: 'statusAccepting',
  NOT_ACCEPTING: 'statusNotAccepting',
  OFFLINE: 'statusOffline',
};

/** My status: whether routing may assign me chats. */
export function StatusSelect() {
  const t = useT();
  const session = useConsole();
  const { me, error } = useStore(session.agents);
  return (
    <label className={`status-select status-select--${me.status.toLowerCase()}`}>
      <span className="status-select__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('myStatus')}</span>
      <select
        value={me.status}
        onChange={(e) => void session.agents.setMyStatus(e.target.value as AgentStatus)}
        aria-describedby={error ? 'status-error' : undefined}
      >
        {AGENT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(STATUS_LABEL[status])}
          </option>
        ))}
      </select>
      {error && (
        <span id="status-error" className="visually-hidden" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
