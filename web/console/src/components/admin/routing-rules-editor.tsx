import { useState } from 'react';
import { SET_ROUTING_POLICY } from '../../api/admin-documents';
import { errorCode, errorMessage } from '../../api/hub-error';
import {
  actionToForm,
  formToAction,
  formToRule,
  newRuleId,
  problemLines,
  ruleToForm,
  type Json,
  type RuleForm,
} from '../../routing/rule-form';
import { useConsole } from '../contexts';
import { ActionFields, RuleFormFields, type RoutingChoices } from './routing-rule-form';
import { useAdminT, type AdminTranslate } from './use-admin-t';

export interface Policy {
  rules: Json[];
  defaultAction: Json;
}

/** The problems of the last save (the hub's lines, or the JSON that did not parse). */
function Problems({ title, lines }: { title: string; lines: string[] }) {
  if (!lines.length) return null;
  return (
    <div className="form-error routing-problems" role="alert">
      <p>{title}</p>
      <ul className="form-error__list">
        {lines.map((line, i) => (
          <li key={i} dir="ltr">
            {line}
          </li>
        ))}
      </ul>
    </div>
  );
}

export { Problems };

/**
 * The workspace's rules in order (first match wins): switch, reorder, delete, edit one in a form
 * or the whole policy as JSON. Nothing is sent until Save; a refused save keeps every edit and
 * lists the hub's problems (one per path) next to the editor.
 */
export function RoutingRulesEditor({ initial, choices }: { initial: Policy; choices: RoutingChoices }) {
  const t = useAdminT();
  const session = useConsole();
  const [saved, setSaved] = useState<Policy>(initial);
  const [draft, setDraft] = useState<Policy>(initial);
  const [editing, setEditing] = useState<{ index: number; form: RuleForm } | null>(null);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty =
    JSON.stringify(draft) !== JSON.stringify(saved) || (mode === 'json' && jsonText !== pretty(draft));

  const change = (next: Policy) => {
    setDraft(next);
    setNotice(null);
  };

  function edit(index: number, form: RuleForm) {
    setEditing({ index, form });
    change({ ...draft, rules: draft.rules.map((rule, i) => (i === index ? formToRule(form) : rule)) });
  }

  function move(index: number, by: -1 | 1) {
    const to = index + by;
    if (to < 0 || to >= draft.rules.length) return;
    const rules = [...draft.rules];
    [rules[index], rules[to]] = [rules[to], rules[index]];
    change({ ...draft, rules });
    if (editing?.index === index) setEditing({ ...editing, index: to });
    else if (editing?.index === to) setEditing({ ...editing, index });
  }

  function remove(index: number) {
    const name = String(draft.rules[index].name ?? draft.rules[index].id);
    if (!window.confirm(t('deleteRuleConfirm', { name }))) return;
    change({ ...draft, rules: draft.rules.filter((_, i) => i !== index) });
    if (editing?.index === index) setEditing(null);
    else if (editing && editing.index > index) setEditing({ ...editing, index: editing.index - 1 });
  }

  function addRule() {
    const form = ruleToForm({
      id: newRuleId(draft.rules.map((rule) => String(rule.id))),
      name: t('newRuleName'),
      enabled: true,
      conditions: [],
      action: {},
    });
    const index = draft.rules.length;
    change({ ...draft, rules: [...draft.rules, formToRule(form)] });
    setEditing({ index, form });
  }

  function toJson() {
    setJsonText(pretty(draft));
    setMode('json');
    setProblems([]);
  }

  /** Back to the form: only with JSON that parses, so nothing typed is lost. */
  function toForm() {
    const parsed = parsePolicy(jsonText, t);
    if (typeof parsed === 'string') {
      setProblems([parsed]);
      return;
    }
    change(parsed);
    setEditing(null);
    setMode('form');
    setProblems([]);
  }

  async function save() {
    let policy: Json = draft as unknown as Json;
    if (mode === 'json') {
      try {
        policy = JSON.parse(jsonText) as Json;
      } catch (e) {
        setProblems([t('jsonInvalid', { problem: errorMessage(e) })]);
        return;
      }
    }
    setBusy(true);
    setProblems([]);
    setNotice(null);
    try {
      const { setRoutingPolicy } = await session.api.request<{ setRoutingPolicy: Policy }>(
        SET_ROUTING_POLICY,
        {
          policy,
        },
      );
      setSaved(setRoutingPolicy);
      setDraft(setRoutingPolicy);
      if (mode === 'json') setJsonText(pretty(setRoutingPolicy));
      if (editing)
        setEditing({ index: editing.index, form: ruleToForm(setRoutingPolicy.rules[editing.index] ?? {}) });
      setNotice(t('rulesSaved'));
    } catch (e) {
      setProblems(errorCode(e) === 'BAD_USER_INPUT' ? problemLines(errorMessage(e)) : [errorMessage(e)]);
    } finally {
      setBusy(false);
    }
  }

  const teamName = (id: unknown) =>
    typeof id === 'string' && id
      ? (choices.teams.find((team) => team.id === id)?.name ?? id)
      : t('workspacePool');

  return (
    <section className="card routing-card" aria-labelledby="rules-title">
      <header className="routing-card__head">
        <h2 id="rules-title">{t('routingRules')}</h2>
        <span className="inline-actions">
          <button
            type="button"
            className="button button--toggle"
            aria-pressed={mode === 'json'}
            onClick={() => (mode === 'json' ? toForm() : toJson())}
          >
            {t('editAsJson')}
          </button>
        </span>
      </header>
      <p className="muted">{t('routingRulesIntro')}</p>
      {mode === 'json' ? (
        <label className="field">
          <span className="field__label">{t('policyJson')}</span>
          <textarea
            className="routing-json"
            dir="ltr"
            spellCheck={false}
            rows={Math.min(30, Math.max(8, jsonText.split('\n').length + 1))}
            value={jsonText}
            onChange={(e) => {
              setJsonText(e.target.value);
              setNotice(null);
            }}
          />
        </label>
      ) : (
        <>
          {draft.rules.length === 0 ? (
            <p className="empty">{t('noRules')}</p>
          ) : (
            <ol className="routing-rules">
              {draft.rules.map((rule, i) => {
                const name = String(rule.name ?? '') || String(rule.id);
                const action = (rule.action ?? {}) as Json;
                return (
                  <li
                    key={`${String(rule.id)}-${i}`}
                    className={`routing-rule${editing?.index === i ? ' routing-rule--editing' : ''}`}
                  >
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={rule.enabled !== false}
                        aria-label={t('ruleEnabledNamed', { name })}
                        onChange={(e) =>
                          change({
                            ...draft,
                            rules: draft.rules.map((r, j) =>
                              j === i ? { ...r, enabled: e.target.checked } : r,
                            ),
                          })
                        }
                      />
                    </label>
                    <span className="routing-rule__text">
                      <bdi className="routing-rule__name">{name}</bdi>
                      <span className="muted">
                        {t('ruleSummary', {
                          conditions: Array.isArray(rule.conditions) ? rule.conditions.length : 0,
                          team: teamName(action.teamId),
                          priority: typeof action.priority === 'number' ? action.priority : 50,
                        })}
                      </span>
                    </span>
                    <span className="inline-actions">
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={t('moveUpNamed', { name })}
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                      >
                        {t('moveUp')}
                      </button>
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={t('moveDownNamed', { name })}
                        disabled={i === draft.rules.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        {t('moveDown')}
                      </button>
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={t('editNamed', { name })}
                        aria-expanded={editing?.index === i}
                        onClick={() =>
                          setEditing(editing?.index === i ? null : { index: i, form: ruleToForm(rule) })
                        }
                      >
                        {t('edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--link button--danger"
                        aria-label={t('deleteNamed', { name })}
                        onClick={() => remove(i)}
                      >
                        {t('delete')}
                      </button>
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
          <button type="button" className="button" onClick={addRule}>
            {t('addRule')}
          </button>
          {editing && (
            <section className="routing-editor" aria-labelledby="rule-editor-title">
              <h3 id="rule-editor-title">{t('editingRule', { n: editing.index + 1 })}</h3>
              <RuleFormFields
                form={editing.form}
                choices={choices}
                onChange={(form) => edit(editing.index, form)}
              />
            </section>
          )}
          <fieldset className="routing-fieldset">
            <legend>{t('defaultAction')}</legend>
            <p className="muted">{t('defaultActionHint')}</p>
            <ActionFields
              action={actionToForm(draft.defaultAction)}
              choices={choices}
              onChange={(action) => change({ ...draft, defaultAction: formToAction(action) })}
            />
          </fieldset>
        </>
      )}
      <Problems title={t('notSavedProblems')} lines={problems} />
      <div className="dialog__actions">
        {notice && (
          <p className="form-success" role="status">
            {notice}
          </p>
        )}
        {dirty && !notice && <span className="muted">{t('unsavedChanges')}</span>}
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void save()}>
          {t('saveRules')}
        </button>
      </div>
    </section>
  );
}

function pretty(policy: Policy): string {
  return JSON.stringify(policy, null, 2);
}

/** The JSON editor's text as a policy, or why not. */
function parsePolicy(text: string, t: AdminTranslate): Policy | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return t('jsonInvalid', { problem: errorMessage(e) });
  }
  const value = parsed as Partial<Policy> | null;
  if (!value || typeof value !== 'object' || !Array.isArray(value.rules)) return t('jsonNotPolicy');
  return { rules: value.rules as Json[], defaultAction: (value.defaultAction ?? {}) as Json };
}
