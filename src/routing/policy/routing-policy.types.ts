/**
 * The contract of the pure routing core (rules, strategies, business hours) shared by the routing
 * engine (src/routing, PostgreSQL-backed) and the routing simulator (virtual clock). Nothing here
 * touches a database, Redis or the wall clock: every function takes `now` and its data.
 */

/** Agent priority tiers inside a team, as in LiveChat: "first" agents get chats before "normal", "last" only when nobody else can. */
export type AgentTier = 'first' | 'normal' | 'last';

/**
 * How a team chooses among eligible agents.
 * - round_robin: the agent whose last assignment is oldest (never assigned first), within capacity.
 * - least_busy: lowest openCount / capacity, then oldest last assignment.
 * - skills_weighted: highest sum of the agent's levels in the required skills, then least busy.
 * - manual: never auto-assigns; chats wait in the queue until an agent picks one.
 */
export type RoutingStrategy = 'round_robin' | 'least_busy' | 'skills_weighted' | 'manual';

/** Opening hours of a team: intervals per weekday in the team's IANA time zone. */
export interface BusinessHours {
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** 0 = Sunday ... 6 = Saturday; "HH:MM" 24-hour local times, from < to; "24:00" allowed as an end. */
  weekly: { day: 0 | 1 | 2 | 3 | 4 | 5 | 6; from: string; to: string }[];
  /** Local dates ("YYYY-MM-DD") on which the team is closed all day. */
  closedDates?: string[];
}

/** What the rules see of a conversation when it is routed. */
export interface RoutingContext {
  integrationId: string;
  /** The connector id of the integration: "widget", "api", "messenger", ... */
  channel: string;
  /** Pre-chat answers by field id (booleans for consent as "true"/"false"). */
  prechat: Record<string, string>;
  /** Contact attributes (e.g. { tier: "vip" } from a CRM), plus name/email/locale when known. */
  contact: Record<string, string | number | boolean | null>;
  /** The page the visitor is on (widget), or null. */
  pageUrl: string | null;
  /** BCP 47 tag such as "ar" or "en-GB", or null when unknown. */
  language: string | null;
  tags: string[];
}

export type StringOperator =
  | 'equals'
  | 'notEquals'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'in'
  | 'notIn'
  | 'exists'
  | 'notExists'
  | 'matches';
export type NumberOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

/**
 * One condition of a rule; a rule matches when ALL its conditions hold.
 * String comparisons are case-insensitive; `matches` is a glob with `*` (never a regular expression,
 * so a rule can never be catastrophic). `in`/`notIn` take `values`, every other string operator `value`.
 */
export type RuleCondition =
  | { type: 'integration'; operator: 'in' | 'notIn'; values: string[] }
  | { type: 'channel'; operator: 'in' | 'notIn'; values: string[] }
  | { type: 'prechat'; field: string; operator: StringOperator; value?: string; values?: string[] }
  | {
      type: 'contactAttribute';
      attribute: string;
      operator: StringOperator | NumberOperator;
      value?: string | number;
      values?: string[];
    }
  | { type: 'pageUrl'; operator: StringOperator; value?: string; values?: string[] }
  /** Matches on the primary language subtag: "ar" matches "ar-EG". */
  | { type: 'language'; operator: 'in' | 'notIn'; values: string[] }
  | { type: 'tag'; operator: 'includesAny' | 'includesAll' | 'excludesAll'; values: string[] }
  /** Local time window [from, to) in a zone, optionally only on some weekdays; from > to wraps midnight. */
  | { type: 'timeOfDay'; timeZone: string; from: string; to: string; days?: (0 | 1 | 2 | 3 | 4 | 5 | 6)[] }
  /** Whether a team (by id) is inside its business hours now. A team without hours is always open. */
  | { type: 'businessHours'; teamId: string; open: boolean };

/** What a matching rule (or the default) does. Every field is optional; an empty action routes to the whole workspace. */
export interface RuleAction {
  /** Route to this team (its strategy applies); null/absent: every agent of the workspace, least busy. */
  teamId?: string | null;
  /** Only agents having every one of these skills are eligible. */
  requiredSkills?: string[];
  /** 0..100, higher is served first; default 50. */
  priority?: number;
  /** Try this agent first if eligible; otherwise the strategy decides. */
  preferredAgentId?: string | null;
  /** Hand the conversation to this bot agent first (a bot is an agent with role "bot"-like use); routing skips the queue. */
  botAgentId?: string | null;
}

export interface RoutingRule {
  id: string;
  name: string;
  enabled: boolean;
  conditions: RuleCondition[];
  action: RuleAction;
}

/** A workspace's ordered rules; the first enabled rule whose conditions all hold wins, else `defaultAction`. */
export interface RoutingPolicy {
  rules: RoutingRule[];
  defaultAction: RuleAction;
}

/** The result of evaluating rules: the action and why. */
export interface RuleDecision {
  action: Required<Pick<RuleAction, 'priority'>> & Omit<RuleAction, 'priority'>;
  /** The matching rule, or null when the default applied. */
  ruleId: string | null;
  ruleName: string | null;
}

/** What the team-level strategy needs to know about a team. */
export interface TeamRouting {
  strategy: RoutingStrategy;
  /** Prefer the contact's previous agent when eligible. */
  returningCustomer: boolean;
  businessHours: BusinessHours | null;
}

/** An agent as strategies see it; `eligible` checks are done by the strategy functions themselves. */
export interface AgentCandidate {
  agentId: string;
  accepting: boolean;
  openCount: number;
  capacity: number;
  /** Epoch ms of the last assignment, or null if never assigned. */
  lastAssignedAt: number | null;
  tier: AgentTier;
  /** Skill name → level 1..5. */
  skills: Record<string, number>;
}

export interface AssignmentRequest {
  requiredSkills: string[];
  preferredAgentId: string | null;
  /** The contact's previous agent (for returningCustomer), or null. */
  previousAgentId: string | null;
  /** Agents that must not get it (e.g. the one who timed out on it). */
  excludedAgentIds: string[];
}

/** Why an agent was chosen: shown in the console and the simulator report. */
export type ChoiceReason = 'preferred_agent' | 'returning_customer' | 'external_router' | RoutingStrategy;

export interface AgentChoice {
  agentId: string;
  reason: ChoiceReason;
  tier: AgentTier;
}

/** A weekday as `Date.getUTCDay()` counts it: 0 = Sunday ... 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** The fields that order a team's queue (`compareQueued`): priority desc, then queuedAt asc, then id. */
export interface QueuedConversation {
  /** The conversation id: the last tie-breaker, so the order is total and the same in every process. */
  id: string;
  /** 0..100, from the rule decision. */
  priority: number;
  /** Epoch ms when the conversation entered the queue. */
  queuedAt: number;
}

/** One problem in a routing policy (or business hours): where, and what to change. */
export interface PolicyIssue {
  /** Dotted path inside the input, e.g. "rules.3.conditions.0.value"; "" for the whole input. */
  path: string;
  message: string;
}
