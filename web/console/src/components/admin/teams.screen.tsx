import { useState, type FormEvent } from 'react';
import {
  ADD_TEAM_MEMBER,
  ADMIN_TEAMS_AND_AGENTS,
  CREATE_TEAM,
  DELETE_TEAM,
  REMOVE_TEAM_MEMBER,
  RENAME_TEAM,
  SET_TEAM_MEMBER_TIER,
} from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { AgentTier, ManagedAgent, TeamWithMembers } from '../../api/hub-types';
import { tiersByAgent } from '../../routing/current-values';
import { useConsole } from '../contexts';
import { useAdminT as useT } from './use-admin-t';
import { FormError } from './copy-field';
import { useHubQuery } from './use-hub-query';

/**
 * Admins: create, rename and delete teams, choose their members and each member's routing tier.
 * (A team's queue settings live in Routing.)
 */
export function TeamsScreen() {
  const t = useT();
  const session = useConsole();
  const list = useHubQuery<{ teams: TeamWithMembers[]; agents: ManagedAgent[] }>(ADMIN_TEAMS_AND_AGENTS);
  const teams = list.data?.teams ?? null;
  const agents = list.data?.agents ?? [];
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [busy, setBusy] = useState(false);

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

  async function create(e: FormEvent) {
    e.preventDefault();
    if (await run(() => session.api.request(CREATE_TEAM, { name: newName.trim() }))) setNewName('');
  }

  return (
    <section className="page" aria-labelledby="teams-title">
      <header className="page__header">
        <h1 id="teams-title">{t('teams')}</h1>
      </header>
      <p className="muted">{t('teamsIntro')}</p>
      <p className="muted">{t('tierHint')}</p>
      <form
        className="card admin-form admin-form--inline"
        onSubmit={(e) => void create(e)}
        aria-label={t('newTeam')}
      >
        <label className="field field--compact">
          <span className="field__label">{t('newTeamName')}</span>
          <input required value={newName} onChange={(e) => setNewName(e.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={busy || !newName.trim()}>
          {t('createTeam')}
        </button>
      </form>
      <FormError message={error ?? list.error} />
      {teams === null ? (
        <p className="empty">{t('loading')}</p>
      ) : teams.length === 0 ? (
        <p className="empty">{t('noTeams')}</p>
      ) : (
        <ul className="team-list">
          {teams.map((team) => (
            <TeamCard key={team.id} team={team} agents={agents} busy={busy} run={run} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TeamCard({
  team,
  agents,
  busy,
  run,
}: {
  team: TeamWithMembers;
  agents: ManagedAgent[];
  busy: boolean;
  run(action: () => Promise<unknown>): Promise<boolean>;
}) {
  const t = useT();
  const session = useConsole();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  // Each member's tier as the hub reports it; while a change is on its way, the chosen one.
  const tiers = tiersByAgent(team.memberTiers);
  const [pendingTiers, setPendingTiers] = useState<Record<string, AgentTier>>({});
  const memberIds = new Set(team.members.map((m) => m.id));
  const candidates = agents.filter((a) => !memberIds.has(a.id) && !a.deactivated);

  async function rename(e: FormEvent) {
    e.preventDefault();
    if (renaming === null) return;
    if (await run(() => session.api.request(RENAME_TEAM, { id: team.id, name: renaming.trim() })))
      setRenaming(null);
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!adding) return;
    if (await run(() => session.api.request(ADD_TEAM_MEMBER, { teamId: team.id, agentId: adding })))
      setAdding('');
  }

  async function remove() {
    if (!window.confirm(t('deleteTeamConfirm', { name: team.name }))) return;
    await run(() => session.api.request(DELETE_TEAM, { id: team.id }));
  }

  return (
    <li className="card team-card">
      {renaming === null ? (
        <div className="team-card__head">
          <h2 className="team-card__name">
            <bdi>{team.name}</bdi>
          </h2>
          <span className="inline-actions">
            <button
              type="button"
              className="button button--link"
              aria-label={t('renameNamed', { name: team.name })}
              onClick={() => setRenaming(team.name)}
            >
              {t('rename')}
            </button>
            <button
              type="button"
              className="button button--link button--danger"
              aria-label={t('deleteNamed', { name: team.name })}
              disabled={busy}
              onClick={() => void remove()}
            >
              {t('delete')}
            </button>
          </span>
        </div>
      ) : (
        <form className="admin-form--inline" onSubmit={(e) => void rename(e)}>
          <label className="field field--compact">
            <span className="field__label">{t('teamName')}</span>
            <input required autoFocus value={renaming} onChange={(e) => setRenaming(e.target.value)} />
          </label>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('save')}
          </button>
          <button type="button" className="button" onClick={() => setRenaming(null)}>
            {t('cancel')}
          </button>
        </form>
      )}
      {team.members.length === 0 ? (
        <p className="muted">{t('noMembers')}</p>
      ) : (
        <ul className="team-card__members" aria-label={t('membersOf', { name: team.name })}>
          {team.members.map((member) => (
            <li key={member.id} className="tag team-card__member">
              <bdi>{member.name}</bdi>
              <select
                className="team-card__tier"
                aria-label={t('tierOf', { name: member.name, team: team.name })}
                value={pendingTiers[member.id] ?? tiers[member.id] ?? ''}
                disabled={busy}
                onChange={(e) => {
                  const tier = e.target.value as AgentTier;
                  setPendingTiers((current) => ({ ...current, [member.id]: tier }));
                  // run() reloads the teams once stored, so the hub's tier takes over (or stays, if refused).
                  void run(() =>
                    session.api.request(SET_TEAM_MEMBER_TIER, { teamId: team.id, agentId: member.id, tier }),
                  ).finally(() =>
                    setPendingTiers((current) => {
                      const next = { ...current };
                      delete next[member.id];
                      return next;
                    }),
                  );
                }}
              >
                {!(pendingTiers[member.id] ?? tiers[member.id]) && (
                  <option value="" disabled>
                    {t('tierNotSet')}
                  </option>
                )}
                <option value="FIRST">{t('tierFirst')}</option>
                <option value="NORMAL">{t('tierNormal')}</option>
                <option value="LAST">{t('tierLast')}</option>
              </select>
              <button
                type="button"
                className="tag__remove"
                aria-label={t('removeMemberNamed', { name: member.name, team: team.name })}
                disabled={busy}
                onClick={() =>
                  void run(() =>
                    session.api.request(REMOVE_TEAM_MEMBER, { teamId: team.id, agentId: member.id }),
                  )
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {candidates.length > 0 && (
        <form className="admin-form--inline" onSubmit={(e) => void add(e)}>
          <label className="field field--compact">
            <span className="field__label">{t('addMemberTo', { name: team.name })}</span>
            <select value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">{t('choose')}</option>
              {candidates.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button" disabled={busy || !adding}>
            {t('addMember')}
          </button>
        </form>
      )}
    </li>
  );
}
