import type {
  AgentTier,
  ChoiceReason,
  RoutingContext,
  RoutingPolicy,
  RoutingStrategy,
  TeamRouting,
} from '../policy/routing-policy.types';

/** Simulated time: seconds since the start of the run. */
export type SimSeconds = number;

/** A team as the simulator knows it: its routing plus the timers the engine applies. */
export interface SimTeam extends TeamRouting {
  /** A chat waiting longer than this breaches the SLA; default 60. */
  slaSeconds: number;
  /** After this long in the queue a chat moves to `fallbackTeamId`, or becomes an offline message. */
  overflowAfterSeconds: number | null;
  fallbackTeamId: string | null;
}

export interface SimAgent {
  id: string;
  capacity: number;
  tier: AgentTier;
  skills: Record<string, number>;
  /** Teams the agent is a member of; null: every team. */
  teams: string[] | null;
  /** Shifts [from, to) in sim seconds during which the agent accepts chats; null: always. */
  online: { from: SimSeconds; to: SimSeconds }[] | null;
}

export interface SimArrival {
  id: string;
  at: SimSeconds;
  handleSeconds: number;
  context: RoutingContext;
  /** Overrides the rule's priority when set. */
  priority: number | null;
  /** The same contact returning lets `returningCustomer` send it to its previous agent. */
  contactId: string | null;
  /** The visitor leaves if not assigned within this; null: waits forever. */
  patienceSeconds: number | null;
}

/** Everything one run needs, validated. */
export interface SimulationInput {
  /** Epoch ms of sim second 0: rules and business hours see `startAt + t`. */
  startAt: number;
  agents: SimAgent[];
  arrivals: SimArrival[];
  policy: RoutingPolicy;
  teams: Record<string, SimTeam>;
  /** For conversations whose action names no team (routed to every agent of the workspace). */
  defaultTeam: SimTeam;
}

export type ChatOutcome = 'assigned' | 'bot' | 'abandoned' | 'offline_message' | 'unassigned';

/** What happened to one simulated chat. */
export interface ChatRecord {
  id: string;
  arrivedAt: SimSeconds;
  ruleId: string | null;
  priority: number;
  /** The team the rules chose (null: the workspace); its SLA applies. */
  routedTeamId: string | null;
  /** The team whose queue it left (differs after an overflow). */
  finalTeamId: string | null;
  outcome: ChatOutcome;
  agentId: string | null;
  reason: ChoiceReason | 'manual' | null;
  assignedAt: SimSeconds | null;
  endedAt: SimSeconds | null;
  /** Time spent queued: until assignment, leaving, overflow to offline, or the end of the run. */
  waitSeconds: number;
  overflowed: boolean;
}

export interface WaitStats {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface AgentReport {
  agentId: string;
  tier: AgentTier;
  capacity: number;
  assignments: number;
  /** Time-weighted openCount / capacity over the whole run (0..1). */
  averageLoad: number;
  /** The most chats the agent held at once; never above capacity. */
  peakOpen: number;
}

export interface TeamReport {
  teamId: string | null;
  strategy: RoutingStrategy;
  slaSeconds: number;
  routed: number;
  assigned: number;
  slaBreaches: number;
  waitP90: number;
  maxQueueLength: number;
}

export interface SimulationReport {
  startAt: string;
  /** Sim seconds until the last event. */
  durationSeconds: number;
  chats: {
    arrived: number;
    assigned: number;
    botHandled: number;
    abandoned: number;
    overflowedToTeam: number;
    offlineMessages: number;
    unassignedAtEnd: number;
  };
  /** Over assigned chats, seconds. Nearest-rank percentiles. */
  waitSeconds: WaitStats;
  sla: { breaches: number; breachRate: number };
  fairness: { jainIndexOfAssignments: number };
  agents: AgentReport[];
  teams: TeamReport[];
  rules: { ruleId: string | null; ruleName: string; hits: number }[];
}

export interface SimulationResult {
  report: SimulationReport;
  chats: ChatRecord[];
}
