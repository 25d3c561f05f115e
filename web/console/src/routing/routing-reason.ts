import type { ConversationRouting } from '../api/hub-types';
import type { MessageKey } from '../i18n/messages';

export type { ConversationRouting };

/** A string of the console with its values; a value may itself be a line (nested templates). */
export interface RoutingLine {
  key: MessageKey;
  values?: Record<string, string | number | RoutingLine>;
}

/** What the chat view shows about routing, in lines to translate. */
export interface RoutingView {
  /** "Rule: VIP → team Sales · least busy · tier first". */
  summary: RoutingLine[];
  /** How the agent was chosen, when not simply by the strategy. */
  choice: RoutingLine | null;
  /** What the timers (or a deleted team) did to it. */
  moves: RoutingLine[];
  /** Its place and estimated wait, while it waits. */
  queue: RoutingLine[];
  priority: number;
}

export const STRATEGY_LABEL: Record<string, MessageKey> = {
  round_robin: 'strategyRoundRobin',
  least_busy: 'strategyLeastBusy',
  skills_weighted: 'strategySkillsWeighted',
  manual: 'strategyManual',
};

export const TIER_LABEL: Record<string, MessageKey> = {
  first: 'tierFirst',
  normal: 'tierNormal',
  last: 'tierLast',
};

const CHOICE_LABEL: Record<string, MessageKey> = {
  preferred_agent: 'routingChoicePreferred',
  returning_customer: 'routingChoiceReturning',
  external_router: 'routingChoiceExternal',
  picked: 'routingChoicePicked',
  bot: 'routingChoiceBot',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function team(teamId: string | null, teamNames: ReadonlyMap<string, string>): RoutingLine {
  if (teamId === null) return { key: 'routingToPool' };
  const name = teamNames.get(teamId);
  return name === undefined
    ? { key: 'routingToDeletedTeam' }
    : { key: 'routingToTeam', values: { team: name } };
}

/**
 * Reads the stored routing reason. Unknown or missing fields are left out rather than guessed; a
 * rule name is the admin's text and is only ever passed on as a value (rendered as text).
 *
 * @example describeRouting({ priority: 90, queuePosition: null, etaSeconds: null,
 *   reason: { ruleId: 'vip', ruleName: 'VIP', teamId: 't1', strategy: 'least_busy', tier: 'first' } },
 *   new Map([['t1', 'Sales']]), 'en').summary
 * // rule "VIP" → team Sales, least busy, tier first
 */
export function describeRouting(
  routing: ConversationRouting,
  teamNames: ReadonlyMap<string, string>,
  locale: string,
): RoutingView {
  const reason = routing.reason ?? {};
  const queue: RoutingLine[] = [];
  if (routing.queuePosition !== null) {
    queue.push({ key: 'routingQueuePosition', values: { position: routing.queuePosition } });
    queue.push(
      routing.etaSeconds === null
        ? { key: 'routingNoEta' }
        : { key: 'routingEta', values: { time: formatEta(routing.etaSeconds, locale) } },
    );
  }
  if (routing.reason === null) {
    return {
      summary: [{ key: 'routingNotRouted' }],
      choice: null,
      moves: [],
      queue,
      priority: routing.priority,
    };
  }
  const teamId = text(reason.teamId);
  const destination = team(teamId, teamNames);
  const ruleName = text(reason.ruleName) ?? text(reason.ruleId);
  const summary: RoutingLine[] = [
    reason.ruleId === null || reason.ruleId === undefined || ruleName === null
      ? { key: 'routingDefaultRule', values: { destination } }
      : { key: 'routingRuleNamed', values: { rule: ruleName, destination } },
  ];
  const strategy = text(reason.strategy);
  if (strategy && STRATEGY_LABEL[strategy]) summary.push({ key: STRATEGY_LABEL[strategy] });
  const tier = text(reason.tier);
  if (tier && TIER_LABEL[tier])
    summary.push({ key: 'routingTier', values: { tier: { key: TIER_LABEL[tier] } } });

  const choiceKey = CHOICE_LABEL[text(reason.choice) ?? ''];
  const moves: RoutingLine[] = [];
  if (text(reason.unknownTeamId)) moves.push({ key: 'routingUnknownTeam' });
  if (reason.reassigned === 'inactivity') moves.push({ key: 'routingReassigned' });
  const overflow = text(reason.overflow);
  if (overflow === 'offline_message') moves.push({ key: 'routingOfflineMessage' });
  else if (overflow === 'timeout' || overflow === 'closed') {
    const from = team(text(reason.overflowedFrom) ?? teamId, teamNames);
    moves.push({
      key: overflow === 'closed' ? 'routingOverflowClosed' : 'routingOverflowTimeout',
      values: { from },
    });
  }
  return { summary, choice: choiceKey ? { key: choiceKey } : null, moves, queue, priority: routing.priority };
}

/** An estimate rounded to what a person can use: seconds under a minute, then minutes, then hours. */
export function formatEta(seconds: number, locale: string): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (seconds < 60) return unit(Math.max(0, Math.round(seconds)), 'second');
  if (seconds < 3600) return unit(Math.round(seconds / 60), 'minute');
  return `${unit(Math.floor(seconds / 3600), 'hour')} ${unit(Math.round((seconds % 3600) / 60), 'minute')}`;
}

/** A line in words: nested lines are translated first and passed as text. */
export function renderLine(
  line: RoutingLine,
  t: (key: MessageKey, values?: Record<string, string | number>) => string,
): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(line.values ?? {}))
    values[name] = typeof value === 'object' ? renderLine(value, t) : value;
  return t(line.key, values);
}
