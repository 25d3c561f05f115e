import { useId } from 'react';
import type { AdminMessageKey } from '../../i18n/admin-messages';
import {
  CONDITION_TYPES,
  emptyCondition,
  OPERATORS,
  operandOf,
  type ActionForm,
  type ConditionForm,
  type ConditionType,
  type RuleForm,
} from '../../routing/rule-form';
import { useAdminI18n } from './use-admin-t';

/** Teams, agents and integrations the selects offer. */
export interface RoutingChoices {
  teams: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  integrations: { id: string; name: string; connectorId: string }[];
  timeZones: string[];
}

const TYPE_LABEL: Record<ConditionType, AdminMessageKey> = {
  integration: 'condIntegration',
  channel: 'condChannel',
  prechat: 'condPrechat',
  contactAttribute: 'condContactAttribute',
  pageUrl: 'condPageUrl',
  language: 'condLanguage',
  tag: 'condTag',
  timeOfDay: 'condTimeOfDay',
  businessHours: 'condBusinessHours',
};

const OPERATOR_LABEL: Record<string, AdminMessageKey> = {
  equals: 'opEquals',
  notEquals: 'opNotEquals',
  contains: 'opContains',
  startsWith: 'opStartsWith',
  endsWith: 'opEndsWith',
  in: 'opIn',
  notIn: 'opNotIn',
  exists: 'opExists',
  notExists: 'opNotExists',
  matches: 'opMatches',
  eq: 'opEq',
  ne: 'opNe',
  gt: 'opGt',
  gte: 'opGte',
  lt: 'opLt',
  lte: 'opLte',
  includesAny: 'opIncludesAny',
  includesAll: 'opIncludesAll',
  excludesAll: 'opExcludesAll',
};

/** Sunday..Saturday in the console's language (2023-01-01 was a Sunday). */
export function weekdayNames(locale: string, width: 'long' | 'short' = 'long'): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
  return [0, 1, 2, 3, 4, 5, 6].map((day) => format.format(new Date(Date.UTC(2023, 0, 1 + day))));
}

/** One rule: name, on/off, its conditions (all must hold) and what it does. */
export function RuleFormFields({
  form,
  onChange,
  choices,
}: {
  form: RuleForm;
  onChange(form: RuleForm): void;
  choices: RoutingChoices;
}) {
  const { t } = useAdminI18n();
  const setCondition = (index: number, condition: ConditionForm) =>
    onChange({ ...form, conditions: form.conditions.map((c, i) => (i === index ? condition : c)) });
  return (
    <div className="admin-form">
      <div className="admin-form__row">
        <label className="field">
          <span className="field__label">{t('ruleName')}</span>
          <input
            required
            maxLength={200}
            value={form.name}
            onChange={(e) => onChange({ ...form, name: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('ruleId')}</span>
          <input
            required
            dir="ltr"
            maxLength={64}
            value={form.id}
            onChange={(e) => onChange({ ...form, id: e.target.value })}
          />
        </label>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => onChange({ ...form, enabled: e.target.checked })}
        />
        {t('ruleEnabled')}
      </label>
      <fieldset className="routing-fieldset">
        <legend>{t('ruleConditions')}</legend>
        {form.conditions.length === 0 && <p className="muted">{t('ruleNoConditions')}</p>}
        <ol className="routing-conditions">
          {form.conditions.map((condition, i) => (
            <li key={i} className="routing-condition">
              <ConditionFields
                index={i}
                condition={condition}
                choices={choices}
                onChange={(c) => setCondition(i, c)}
                onRemove={() => onChange({ ...form, conditions: form.conditions.filter((_, j) => j !== i) })}
              />
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button"
          onClick={() =>
            onChange({
              ...form,
              conditions: [...form.conditions, emptyCondition('contactAttribute', choices.timeZones[0])],
            })
          }
        >
          {t('addCondition')}
        </button>
      </fieldset>
      <fieldset className="routing-fieldset">
        <legend>{t('ruleAction')}</legend>
        <ActionFields
          action={form.action}
          choices={choices}
          onChange={(action) => onChange({ ...form, action })}
        />
      </fieldset>
    </div>
  );
}

function ConditionFields({
  index,
  condition: c,
  choices,
  onChange,
  onRemove,
}: {
  index: number;
  condition: ConditionForm;
  choices: RoutingChoices;
  onChange(condition: ConditionForm): void;
  onRemove(): void;
}) {
  const { t, locale } = useAdminI18n();
  const n = index + 1;
  const operand = operandOf(c.type, c.operator);
  const set = (patch: Partial<ConditionForm>) => onChange({ ...c, ...patch });
  const days = weekdayNames(locale, 'short');
  const groupId = useId();
  return (
    <div className="admin-form__row routing-condition__row" role="group" aria-label={t('conditionN', { n })}>
      <label className="field field--compact">
        <span className="field__label">{t('conditionType')}</span>
        <select
          value={c.type}
          onChange={(e) =>
            onChange({ ...emptyCondition(e.target.value as ConditionType, c.timeZone), field: c.field })
          }
        >
          {CONDITION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(TYPE_LABEL[type])}
            </option>
          ))}
        </select>
      </label>
      {(c.type === 'prechat' || c.type === 'contactAttribute') && (
        <label className="field field--compact">
          <span className="field__label">{t(c.type === 'prechat' ? 'prechatField' : 'attributeName')}</span>
          <input dir="ltr" required value={c.field} onChange={(e) => set({ field: e.target.value })} />
        </label>
      )}
      {OPERATORS[c.type].length > 0 && (
        <label className="field field--compact">
          <span className="field__label">{t('operator')}</span>
          <select value={c.operator} onChange={(e) => set({ operator: e.target.value })}>
            {OPERATORS[c.type].map((op) => (
              <option key={op} value={op}>
                {t(OPERATOR_LABEL[op])}
              </option>
            ))}
          </select>
        </label>
      )}
      {c.type === 'integration' && (
        <fieldset className="routing-fieldset routing-fieldset--inline">
          <legend>{t('integrationsList')}</legend>
          {choices.integrations.map((integration) => {
            const selected = c.values
              .split(/[,\n]/)
              .map((v) => v.trim())
              .includes(integration.id);
            return (
              <label key={integration.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={selected}
                  onChange={(e) => {
                    const current = c.values
                      .split(/[,\n]/)
                      .map((v) => v.trim())
                      .filter(Boolean);
                    const next = e.target.checked
                      ? [...current, integration.id]
                      : current.filter((id) => id !== integration.id);
                    set({ values: next.join(', ') });
                  }}
                />
                <bdi>{integration.name}</bdi>
              </label>
            );
          })}
        </fieldset>
      )}
      {c.type !== 'integration' && operand === 'values' && (
        <label className="field field--compact">
          <span className="field__label">{t('conditionValues')}</span>
          <input dir="ltr" required value={c.values} onChange={(e) => set({ values: e.target.value })} />
          <span className="field__hint">{t('conditionValuesHint')}</span>
        </label>
      )}
      {(operand === 'value' || operand === 'number') && (
        <label className="field field--compact">
          <span className="field__label">{t('conditionValue')}</span>
          <input
            dir="ltr"
            inputMode={operand === 'number' ? 'decimal' : undefined}
            value={c.value}
            onChange={(e) => set({ value: e.target.value })}
          />
        </label>
      )}
      {c.type === 'timeOfDay' && (
        <>
          <TimeZoneSelect
            value={c.timeZone}
            zones={choices.timeZones}
            onChange={(timeZone) => set({ timeZone })}
          />
          <label className="field field--compact">
            <span className="field__label">{t('fromTime')}</span>
            <input
              dir="ltr"
              className="input--narrow"
              placeholder="09:00"
              value={c.from}
              onChange={(e) => set({ from: e.target.value })}
            />
          </label>
          <label className="field field--compact">
            <span className="field__label">{t('toTime')}</span>
            <input
              dir="ltr"
              className="input--narrow"
              placeholder="17:00"
              value={c.to}
              onChange={(e) => set({ to: e.target.value })}
            />
          </label>
          <fieldset
            className="routing-fieldset routing-fieldset--inline"
            aria-describedby={`${groupId}-days`}
          >
            <legend>{t('onDays')}</legend>
            {days.map((name, day) => (
              <label key={day} className="checkbox">
                <input
                  type="checkbox"
                  checked={c.days.includes(day)}
                  onChange={(e) =>
                    set({ days: e.target.checked ? [...c.days, day] : c.days.filter((d) => d !== day) })
                  }
                />
                {name}
              </label>
            ))}
            <span id={`${groupId}-days`} className="field__hint">
              {t('onDaysHint')}
            </span>
          </fieldset>
        </>
      )}
      {c.type === 'businessHours' && (
        <>
          <TeamSelect
            label={t('team')}
            value={c.teamId}
            teams={choices.teams}
            emptyLabel={t('choose')}
            onChange={(teamId) => set({ teamId })}
          />
          <label className="field field--compact">
            <span className="field__label">{t('teamIs')}</span>
            <select
              value={c.open ? 'open' : 'closed'}
              onChange={(e) => set({ open: e.target.value === 'open' })}
            >
              <option value="open">{t('teamOpen')}</option>
              <option value="closed">{t('teamClosed')}</option>
            </select>
          </label>
        </>
      )}
      <button type="button" className="button button--link button--danger" onClick={onRemove}>
        {t('removeConditionN', { n })}
      </button>
    </div>
  );
}

/** Team, priority, required skills, preferred agent and bot: every one optional. */
export function ActionFields({
  action,
  choices,
  onChange,
}: {
  action: ActionForm;
  choices: RoutingChoices;
  onChange(action: ActionForm): void;
}) {
  const { t } = useAdminI18n();
  const set = (patch: Partial<ActionForm>) => onChange({ ...action, ...patch });
  return (
    <div className="admin-form__row">
      <TeamSelect
        label={t('actionTeam')}
        value={action.teamId}
        teams={choices.teams}
        emptyLabel={t('workspacePool')}
        onChange={(teamId) => set({ teamId })}
      />
      <label className="field field--compact">
        <span className="field__label">{t('actionPriority')}</span>
        <input
          type="number"
          min={0}
          max={100}
          placeholder="50"
          value={action.priority}
          onChange={(e) => set({ priority: e.target.value })}
        />
      </label>
      <label className="field field--compact">
        <span className="field__label">{t('actionSkills')}</span>
        <input
          dir="ltr"
          value={action.requiredSkills}
          onChange={(e) => set({ requiredSkills: e.target.value })}
        />
        <span className="field__hint">{t('conditionValuesHint')}</span>
      </label>
      <label className="field field--compact">
        <span className="field__label">{t('actionPreferredAgent')}</span>
        <select value={action.preferredAgentId} onChange={(e) => set({ preferredAgentId: e.target.value })}>
          <option value="">{t('nobody')}</option>
          {choices.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--compact">
        <span className="field__label">{t('actionBot')}</span>
        <select value={action.botAgentId} onChange={(e) => set({ botAgentId: e.target.value })}>
          <option value="">{t('nobody')}</option>
          {choices.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function TeamSelect({
  label,
  value,
  teams,
  emptyLabel,
  onChange,
}: {
  label: string;
  value: string;
  teams: { id: string; name: string }[];
  emptyLabel: string;
  onChange(teamId: string): void;
}) {
  return (
    <label className="field field--compact">
      <span className="field__label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
        {value && !teams.some((team) => team.id === value) && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}

export function TimeZoneSelect({
  value,
  zones,
  onChange,
}: {
  value: string;
  zones: string[];
  onChange(zone: string): void;
}) {
  const { t } = useAdminI18n();
  return (
    <label className="field field--compact">
      <span className="field__label">{t('timeZone')}</span>
      <select dir="ltr" value={value} onChange={(e) => onChange(e.target.value)}>
        {!zones.includes(value) && <option value={value}>{value}</option>}
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>
    </label>
  );
}
