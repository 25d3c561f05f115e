import { useEffect, useState, type FormEvent } from 'react';
import { TRANSFER } from '../api/graphql-documents';
import { errorCode, errorMessage } from '../api/hub-error';
import type { ConversationSummary } from '../api/hub-types';
import { useStore } from '../state/use-store';
import { useConsole, useT } from './contexts';
import { ModalDialog } from './modal-dialog';
import { STATUS_LABEL } from './status-select';

/**
 * Transfer to an agent or a team, with a note (the hub writes it as a private note). The hub
 * refuses an agent at capacity or not accepting; admins may force it (reassign).
 */
export function TransferDialog({
  conversation,
  onClose,
}: {
  conversation: ConversationSummary;
  onClose(): void;
}) {
  const t = useT();
  const session = useConsole();
  const { me, agents, teams, listsForbidden } = useStore(session.agents);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const isAdmin = me.role === 'ADMIN' || me.role === 'OWNER';

  useEffect(() => session.agents.watch(), [session]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const [kind, id] = target.split(':');
    if (!id) return;
    setBusy(true);
    setError(null);
    const stamp = session.directory.stamp();
    try {
      const { transferConversation } = await session.api.request<{
        transferConversation: ConversationSummary;
      }>(TRANSFER, {
        conversationId: conversation.id,
        agentId: kind === 'agent' ? id : null,
        teamId: kind === 'team' ? id : null,
        note: note.trim() || null,
        force: isAdmin && force,
      });
      session.directory.apply(transferConversation, stamp);
      void session.openChat.refreshDetail();
      void session.openChat.catchUp();
      onClose();
    } catch (err) {
      setConflict(errorCode(err) === 'CONFLICT');
      setError(errorCode(err) === 'CONFLICT' ? t('transferConflict') : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const candidates = (agents ?? []).filter((a) => a.id !== conversation.assigneeId && !a.deactivated);
  return (
    <ModalDialog title={t('transferTitle')} onClose={onClose}>
      <form className="dialog__body" onSubmit={(e) => void submit(e)}>
        {listsForbidden ? (
          <p className="form-error" role="alert">
            {t('transferListsForbidden')}
          </p>
        ) : (
          <label className="field">
            <span className="field__label">{t('transferTo')}</span>
            <select required value={target} onChange={(e) => setTarget(e.target.value)} autoFocus>
              <option value="">{agents ? t('choose') : t('loading')}</option>
              {candidates.length > 0 && (
                <optgroup label={t('agents')}>
                  {candidates.map((a) => (
                    <option key={a.id} value={`agent:${a.id}`}>
                      {t('agentOption', {
                        name: a.name,
                        status: t(STATUS_LABEL[a.status]),
                        load: a.openConversations,
                        capacity: a.capacity,
                      })}
                    </option>
                  ))}
                </optgroup>
              )}
              {teams && teams.length > 0 && (
                <optgroup label={t('teams')}>
                  {teams.map((team) => (
                    <option key={team.id} value={`team:${team.id}`}>
                      {team.name}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field__label">{t('transferNote')}</span>
          <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        {isAdmin && (
          <label className="checkbox">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            <span>{t('transferForce')}</span>
          </label>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
            {conflict && isAdmin && !force ? ` ${t('transferForceHint')}` : ''}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !target}>
            {t('transfer')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
