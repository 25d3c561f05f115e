import { useState, type FormEvent } from 'react';
import {
  ADMIN_AGENTS,
  DEACTIVATE_AGENT,
  INVITE_AGENT,
  REACTIVATE_AGENT,
  REINVITE_AGENT,
  UPDATE_AGENT,
} from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { AgentInvitation, AgentRole, ManagedAgent } from '../../api/hub-types';
import type { AdminMessageKey } from '../../i18n/admin-messages';
import { useStore } from '../../state/use-store';
import { useConsole } from '../contexts';
import { useAdminT as useT } from './use-admin-t';
import { STATUS_LABEL } from '../status-select';
import { skillRows } from '../../routing/current-values';
import { AgentSkillsForm } from './agent-skills-form';
import { CopyField, FormError, ShownOnce } from './copy-field';
import { useHubQuery } from './use-hub-query';

const ROLE_LABEL: Record<AgentRole, AdminMessageKey> = {
  OWNER: 'roleOwner',
  ADMIN: 'roleAdmin',
  AGENT: 'roleAgent',
};

interface InviteForm {
  email: string;
  name: string;
  role: AgentRole;
  capacity: string;
}

/** Admins: every agent with role, status and capacity; invite, change role and capacity, deactivate. */
export function AgentsScreen() {
  const t = useT();
  const session = useConsole();
  const { me } = useStore(session.agents);
  const list = useHubQuery<{ agents: ManagedAgent[] }>(ADMIN_AGENTS);
  const agents = list.data?.agents ?? null;
  const [error, setError] = useState<string | null>(null);
  const [inviting, setInviting] = useState<InviteForm | null>(null);
  const [invitation, setInvitation] = useState<AgentInvitation | null>(null);
  const [editing, setEditing] = useState<{ id: string; role: AgentRole; capacity: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [skillsOf, setSkillsOf] = useState<ManagedAgent | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const roles: AgentRole[] = me.role === 'OWNER' ? ['AGENT', 'ADMIN', 'OWNER'] : ['AGENT', 'ADMIN'];

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      await list.reload();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function invite(e: FormEvent) {
    e.preventDefault();
    if (!inviting) return;
    const input = {
      email: inviting.email.trim(),
      name: inviting.name.trim(),
      role: inviting.role,
      capacity: Number(inviting.capacity),
    };
    const done = await run(async () => {
      const { inviteAgent } = await session.api.request<{ inviteAgent: AgentInvitation }>(INVITE_AGENT, {
        input,
      });
      setInvitation(inviteAgent);
    });
    if (done) setInviting(null);
  }

  async function saveEdit(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    const input = { role: editing.role, capacity: Number(editing.capacity) };
    if (await run(() => session.api.request(UPDATE_AGENT, { id: editing.id, input }))) setEditing(null);
  }

  async function setActive(agent: ManagedAgent, active: boolean) {
    if (!active && !window.confirm(t('deactivateConfirm', { name: agent.name }))) return;
    await run(() => session.api.request(active ? REACTIVATE_AGENT : DEACTIVATE_AGENT, { id: agent.id }));
  }

  async function reinvite(agent: ManagedAgent) {
    await run(async () => {
      const { reinviteAgent } = await session.api.request<{ reinviteAgent: AgentInvitation }>(
        REINVITE_AGENT,
        {
          id: agent.id,
        },
      );
      setInvitation(reinviteAgent);
    });
  }

  const canManage = (agent: ManagedAgent) =>
    agent.id !== me.id && (agent.role !== 'OWNER' || me.role === 'OWNER');

  return (
    <section className="page" aria-labelledby="agents-title">
      <header className="page__header">
        <h1 id="agents-title">{t('agentsTitle')}</h1>
        {!inviting && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => setInviting({ email: '', name: '', role: 'AGENT', capacity: '5' })}
          >
            {t('inviteAgent')}
          </button>
        )}
      </header>
      {invitation && (
        <ShownOnce
          title={t('invitationCreated', { name: invitation.agent.name })}
          onDone={() => setInvitation(null)}
        >
          <p>{t('invitationHint', { email: invitation.agent.email })}</p>
          <CopyField label={t('invitationLink')} value={invitation.invitationUrl} />
        </ShownOnce>
      )}
      {inviting && (
        <form className="card admin-form" onSubmit={(e) => void invite(e)} aria-label={t('inviteAgent')}>
          <div className="admin-form__row">
            <label className="field">
              <span className="field__label">{t('name')}</span>
              <input
                required
                value={inviting.name}
                onChange={(e) => setInviting({ ...inviting, name: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="field__label">{t('email')}</span>
              <input
                type="email"
                required
                dir="ltr"
                value={inviting.email}
                onChange={(e) => setInviting({ ...inviting, email: e.target.value })}
              />
            </label>
          </div>
          <div className="admin-form__row">
            <label className="field">
              <span className="field__label">{t('role')}</span>
              <select
                value={inviting.role}
                onChange={(e) => setInviting({ ...inviting, role: e.target.value as AgentRole })}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {t(ROLE_LABEL[role])}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">{t('capacity')}</span>
              <input
                type="number"
                min={0}
                max={1000}
                required
                value={inviting.capacity}
                onChange={(e) => setInviting({ ...inviting, capacity: e.target.value })}
              />
              <span className="field__hint">{t('capacityHint')}</span>
            </label>
          </div>
          <FormError message={error} />
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => setInviting(null)}>
              {t('cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('sendInvitation')}
            </button>
          </div>
        </form>
      )}
      {skillsOf && (
        <AgentSkillsForm
          key={skillsOf.id}
          agent={skillsOf}
          onClose={() => setSkillsOf(null)}
          onSaved={() => {
            setNotice(t('skillsSaved', { name: skillsOf.name }));
            setSkillsOf(null);
            // The list carries each agent's skills: the next opening starts from what was stored.
            void list.reload();
          }}
        />
      )}
      {notice && (
        <p className="form-success" role="status">
          {notice}
        </p>
      )}
      {!inviting && <FormError message={error ?? list.error} />}
      {agents === null ? (
        <p className="empty">{t('loading')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('agent')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('capacity')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => {
              const rowEditing = editing?.id === agent.id ? editing : null;
              return (
                <tr key={agent.id} className={agent.deactivated ? 'table__row--muted' : undefined}>
                  <td>
                    <bdi>{agent.name}</bdi>
                    <span className="muted table__sub" dir="ltr">
                      {agent.email}
                    </span>
                    {Object.keys(agent.skills ?? {}).length > 0 && (
                      <span className="muted table__sub">
                        {t('skillsSummary', {
                          skills: skillRows(agent.skills)
                            .map((skill) => `${skill.name} ${skill.level}`)
                            .join(', '),
                        })}
                      </span>
                    )}
                  </td>
                  <td>
                    {rowEditing ? (
                      <select
                        aria-label={t('roleOf', { name: agent.name })}
                        value={rowEditing.role}
                        onChange={(e) => setEditing({ ...rowEditing, role: e.target.value as AgentRole })}
                      >
                        {roles.map((role) => (
                          <option key={role} value={role}>
                            {t(ROLE_LABEL[role])}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(ROLE_LABEL[agent.role])
                    )}
                  </td>
                  <td>
                    {agent.deactivated ? (
                      <span className="pill pill--resolved">{t('deactivated')}</span>
                    ) : agent.invitationPending ? (
                      <span className="pill pill--queued">{t('invited')}</span>
                    ) : (
                      t(STATUS_LABEL[agent.status])
                    )}
                  </td>
                  <td>
                    {rowEditing ? (
                      <input
                        type="number"
                        className="input--narrow"
                        min={0}
                        max={1000}
                        aria-label={t('capacityOf', { name: agent.name })}
                        value={rowEditing.capacity}
                        onChange={(e) => setEditing({ ...rowEditing, capacity: e.target.value })}
                      />
                    ) : (
                      t('loadOf', { load: agent.openConversations, capacity: agent.capacity })
                    )}
                  </td>
                  <td className="table__actions">
                    {rowEditing ? (
                      <form className="inline-actions" onSubmit={(e) => void saveEdit(e)}>
                        <button type="submit" className="button button--link" disabled={busy}>
                          {t('save')}
                        </button>
                        <button
                          type="button"
                          className="button button--link"
                          onClick={() => setEditing(null)}
                        >
                          {t('cancel')}
                        </button>
                      </form>
                    ) : (
                      canManage(agent) && (
                        <span className="inline-actions">
                          {!agent.deactivated && (
                            <button
                              type="button"
                              className="button button--link"
                              aria-label={t('editNamed', { name: agent.name })}
                              onClick={() =>
                                setEditing({
                                  id: agent.id,
                                  role: agent.role,
                                  capacity: String(agent.capacity),
                                })
                              }
                            >
                              {t('edit')}
                            </button>
                          )}
                          {!agent.deactivated && (
                            <button
                              type="button"
                              className="button button--link"
                              aria-label={t('skillsNamed', { name: agent.name })}
                              onClick={() => {
                                setNotice(null);
                                setSkillsOf(agent);
                              }}
                            >
                              {t('skills')}
                            </button>
                          )}
                          {agent.invitationPending && !agent.deactivated && (
                            <button
                              type="button"
                              className="button button--link"
                              aria-label={t('newLinkNamed', { name: agent.name })}
                              disabled={busy}
                              onClick={() => void reinvite(agent)}
                            >
                              {t('newLink')}
                            </button>
                          )}
                          <button
                            type="button"
                            className={`button button--link${agent.deactivated ? '' : ' button--danger'}`}
                            aria-label={t(agent.deactivated ? 'reactivateNamed' : 'deactivateNamed', {
                              name: agent.name,
                            })}
                            disabled={busy}
                            onClick={() => void setActive(agent, agent.deactivated)}
                          >
                            {agent.deactivated ? t('reactivate') : t('deactivate')}
                          </button>
                        </span>
                      )
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
