import { useState, type FormEvent } from 'react';
import { SET_AGENT_SKILLS } from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { AgentSkills, ManagedAgent } from '../../api/hub-types';
import { rowsToSkills, skillRows } from '../../routing/current-values';
import { useConsole } from '../contexts';
import { FormError } from './copy-field';
import { useAdminT } from './use-admin-t';

/**
 * An agent's skills, { name: level 1-5 }, for rules' required skills and the skills-weighted
 * strategy. The form starts from the agent's skills as the hub reports them (`Agent.skills`) and
 * saving replaces them all.
 */
export function AgentSkillsForm({
  agent,
  onSaved,
  onClose,
}: {
  agent: ManagedAgent;
  onSaved(skills: AgentSkills): void;
  onClose(): void;
}) {
  const t = useAdminT();
  const session = useConsole();
  const [rows, setRows] = useState(() => skillRows(agent.skills));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { setAgentSkills } = await session.api.request<{ setAgentSkills: AgentSkills }>(
        SET_AGENT_SKILLS,
        { agentId: agent.id, skills: rowsToSkills(rows) },
      );
      onSaved(setAgentSkills);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card admin-form"
      onSubmit={(e) => void save(e)}
      aria-label={t('skillsNamed', { name: agent.name })}
    >
      <h2>{t('skillsNamed', { name: agent.name })}</h2>
      <p className="muted">{t('skillsHint')}</p>
      {rows.length === 0 && <p className="muted">{t('noSkills')}</p>}
      <ul className="skills-list">
        {rows.map((row, i) => (
          <li key={i} className="admin-form--inline">
            <label className="field field--compact">
              <span className="field__label">{t('skillNameN', { n: i + 1 })}</span>
              <input
                dir="ltr"
                required
                pattern="[a-z0-9][a-z0-9_\-]{0,39}"
                value={row.name}
                onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, name: e.target.value } : r)))}
              />
            </label>
            <label className="field field--compact">
              <span className="field__label">{t('skillLevelN', { n: i + 1 })}</span>
              <select
                value={row.level}
                onChange={(e) =>
                  setRows(rows.map((r, j) => (j === i ? { ...r, level: Number(e.target.value) } : r)))
                }
              >
                {[1, 2, 3, 4, 5].map((level) => (
                  <option key={level} value={level}>
                    {level}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button button--link button--danger"
              onClick={() => setRows(rows.filter((_, j) => j !== i))}
            >
              {t('removeSkillN', { n: i + 1 })}
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => setRows([...rows, { name: '', level: 3 }])}>
          {t('addSkill')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('saveSkills')}
        </button>
      </div>
    </form>
  );
}
