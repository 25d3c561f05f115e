import { useEffect, useMemo, useState } from 'react';
import { SET_TEAM_ROUTING, TEAM_ROUTING } from '../../api/admin-documents';
import { errorCode, errorMessage } from '../../api/hub-error';
import type { AdminMessageKey } from '../../i18n/admin-messages';
import { STRATEGY_LABEL } from '../../routing/routing-reason';
import { problemLines, type Json } from '../../routing/rule-form';
import {
  formToSettings,
  settingsProblems,
  settingsToForm,
  STRATEGIES,
  type BusinessHoursForm,
  type FormProblem,
  type Strategy,
  type TeamRoutingForm,
} from '../../routing/team-routing-form';
import { useConsole } from '../contexts';
import { Problems } from './routing-rules-editor';
import { TeamSelect, TimeZoneSelect, weekdayNames, type RoutingChoices } from './routing-rule-form';
import { useAdminI18n } from './use-admin-t';

/** How each queue is served: a team's, or the workspace pool's (no teamId). */
export function TeamRoutingEditor({ choices }: { choices: RoutingChoices }) {
  const { t } = useAdminI18n();
  const session = useConsole();
  const [queue, setQueue] = useState('');
  const [loaded, setLoaded] = useState<{ queue: string; form: TeamRoutingForm } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => new Set(choices.timeZones), [choices.timeZones]);

  useEffect(() => {
    let live = true;
    session.api.request<{ teamRouting: Json }>(TEAM_ROUTING, { teamId: queue || null }).then(
      ({ teamRouting }) => live && setLoaded({ queue, form: settingsToForm(teamRouting) }),
      (e: unknown) => live && setProblems([errorMessage(e)]),
    );
    return () => {
      live = false;
    };
  }, [session, queue]);

  const form = loaded?.queue === queue ? loaded.form : null;
  const set = (patch: Partial<TeamRoutingForm>) => {
    if (form) setLoaded({ queue, form: { ...form, ...patch } });
    setNotice(null);
  };

  async function save() {
    if (!form) return;
    const local = settingsProblems(form, zones);
    if (local.length) {
      setProblems(local.map((p) => problemText(p, t)));
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const { setTeamRouting } = await session.api.request<{ setTeamRouting: Json }>(SET_TEAM_ROUTING, {
        teamId: queue || null,
        settings: formToSettings(form),
      });
      setLoaded({ queue, form: settingsToForm(setTeamRouting) });
      setNotice(t('queueSettingsSaved'));
    } catch (e) {
      setProblems(errorCode(e) === 'BAD_USER_INPUT' ? problemLines(errorMessage(e)) : [errorMessage(e)]);
    } finally {
      setBusy(false);
    }
  }

  const queueName = queue
    ? (choices.teams.find((team) => team.id === queue)?.name ?? queue)
    : t('workspacePool');
  return (
    <section className="card routing-card" aria-labelledby="queue-settings-title">
      <h2 id="queue-settings-title">{t('queueSettings')}</h2>
      <p className="muted">{t('queueSettingsIntro')}</p>
      <TeamSelect
        label={t('queue')}
        value={queue}
        teams={choices.teams}
        emptyLabel={t('workspacePool')}
        onChange={(next) => {
          setProblems([]);
          setNotice(null);
          setQueue(next);
        }}
      />
      {!form ? (
        <p className="empty">{t('loading')}</p>
      ) : (
        <form
          className="admin-form"
          aria-label={t('queueSettingsOf', { name: queueName })}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="admin-form__row">
            <label className="field">
              <span className="field__label">{t('queueStrategy')}</span>
              <select value={form.strategy} onChange={(e) => set({ strategy: e.target.value as Strategy })}>
                {STRATEGIES.map((strategy) => (
                  <option key={strategy} value={strategy}>
                    {t(STRATEGY_LABEL[strategy])}
                  </option>
                ))}
              </select>
            </label>
            <SecondsField
              label={t('slaSeconds')}
              value={form.slaSeconds}
              onChange={(slaSeconds) => set({ slaSeconds })}
              required
            />
            <SecondsField
              label={t('inactivityReassignSeconds')}
              hint={t('emptyMeansNever')}
              value={form.inactivityReassignSeconds}
              onChange={(inactivityReassignSeconds) => set({ inactivityReassignSeconds })}
            />
            <SecondsField
              label={t('overflowAfterSeconds')}
              hint={t('emptyMeansWait')}
              value={form.overflowAfterSeconds}
              onChange={(overflowAfterSeconds) => set({ overflowAfterSeconds })}
            />
            <TeamSelect
              label={t('overflowTeam')}
              value={form.overflowTeamId}
              teams={choices.teams.filter((team) => team.id !== queue)}
              emptyLabel={t('overflowOffline')}
              onChange={(overflowTeamId) => set({ overflowTeamId })}
            />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.returningCustomer}
              onChange={(e) => set({ returningCustomer: e.target.checked })}
            />
            {t('returningCustomer')}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.externalRouter}
              onChange={(e) => set({ externalRouter: e.target.checked })}
            />
            {t('useExternalRouter')}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.businessHours !== null}
              onChange={(e) =>
                set({
                  businessHours: e.target.checked
                    ? {
                        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
                        weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })),
                        closedDates: [],
                      }
                    : null,
                })
              }
            />
            {t('hasBusinessHours')}
          </label>
          {form.businessHours && (
            <BusinessHoursFields
              hours={form.businessHours}
              zones={choices.timeZones}
              onChange={(businessHours) => set({ businessHours })}
            />
          )}
          <Problems title={t('notSavedProblems')} lines={problems} />
          <div className="dialog__actions">
            {notice && (
              <p className="form-success" role="status">
                {notice}
              </p>
            )}
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('saveQueueSettings')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function problemText(problem: FormProblem, t: (key: AdminMessageKey) => string): string {
  return `${problem.path}: ${t(problem.key)}`;
}

function SecondsField({
  label,
  hint,
  value,
  required = false,
  onChange,
}: {
  label: string;
  hint?: string;
  value: string;
  required?: boolean;
  onChange(value: string): void;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type="number"
        min={0}
        max={604800}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && <span className="field__hint">{hint}</span>}
    </label>
  );
}

/** The time zone, opening intervals per weekday, and closed dates. */
function BusinessHoursFields({
  hours,
  zones,
  onChange,
}: {
  hours: BusinessHoursForm;
  zones: string[];
  onChange(hours: BusinessHoursForm): void;
}) {
  const { t, locale } = useAdminI18n();
  const days = weekdayNames(locale);
  const [closedDate, setClosedDate] = useState('');
  const setInterval = (index: number, patch: { from?: string; to?: string }) =>
    onChange({
      ...hours,
      weekly: hours.weekly.map((interval, i) => (i === index ? { ...interval, ...patch } : interval)),
    });
  return (
    <fieldset className="routing-fieldset">
      <legend>{t('businessHours')}</legend>
      <TimeZoneSelect
        value={hours.timeZone}
        zones={zones}
        onChange={(timeZone) => onChange({ ...hours, timeZone })}
      />
      <ul className="business-hours">
        {days.map((dayName, day) => {
          const intervals = hours.weekly
            .map((interval, index) => ({ interval, index }))
            .filter((x) => x.interval.day === day);
          return (
            <li key={day} className="business-hours__day">
              <span className="business-hours__name">{dayName}</span>
              {intervals.length === 0 && <span className="muted">{t('closedAllDay')}</span>}
              {intervals.map(({ interval, index }) => (
                <span key={index} className="inline-actions business-hours__interval">
                  <input
                    dir="ltr"
                    className="input--narrow"
                    aria-label={t('opensAt', { day: dayName })}
                    placeholder="09:00"
                    value={interval.from}
                    onChange={(e) => setInterval(index, { from: e.target.value })}
                  />
                  <span aria-hidden="true">–</span>
                  <input
                    dir="ltr"
                    className="input--narrow"
                    aria-label={t('closesAt', { day: dayName })}
                    placeholder="17:00"
                    value={interval.to}
                    onChange={(e) => setInterval(index, { to: e.target.value })}
                  />
                  <button
                    type="button"
                    className="button button--link button--danger"
                    aria-label={t('removeHoursOf', { day: dayName })}
                    onClick={() => onChange({ ...hours, weekly: hours.weekly.filter((_, i) => i !== index) })}
                  >
                    ×
                  </button>
                </span>
              ))}
              <button
                type="button"
                className="button button--link"
                aria-label={t('addHoursOf', { day: dayName })}
                onClick={() =>
                  onChange({ ...hours, weekly: [...hours.weekly, { day, from: '09:00', to: '17:00' }] })
                }
              >
                {t('addHours')}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="field__hint">{t('nightShiftHint')}</p>
      <h3 className="panel-section__subtitle">{t('closedDates')}</h3>
      {hours.closedDates.length === 0 ? (
        <p className="muted">{t('noClosedDates')}</p>
      ) : (
        <ul className="team-card__members">
          {hours.closedDates.map((date) => (
            <li key={date} className="tag">
              <span dir="ltr">{date}</span>
              <button
                type="button"
                className="tag__remove"
                aria-label={t('removeClosedDate', { date })}
                onClick={() =>
                  onChange({ ...hours, closedDates: hours.closedDates.filter((d) => d !== date) })
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <span className="admin-form--inline">
        <label className="field field--compact">
          <span className="field__label">{t('closedDate')}</span>
          <input type="date" value={closedDate} onChange={(e) => setClosedDate(e.target.value)} />
        </label>
        <button
          type="button"
          className="button"
          disabled={!closedDate}
          onClick={() => {
            onChange({ ...hours, closedDates: [...hours.closedDates, closedDate] });
            setClosedDate('');
          }}
        >
          {t('addClosedDate')}
        </button>
      </span>
    </fieldset>
  );
}
