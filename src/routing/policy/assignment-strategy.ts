import type {
  AgentCandidate,
  AgentChoice,
  AgentTier,
  AssignmentRequest,
  QueuedConversation,
  RoutingStrategy,
  TeamRouting,
} from './routing-policy.types';

const TIER_RANK: Record<AgentTier, number> = { first: 0, normal: 1, last: 2 };

/** Negative when `a` should get the chat before `b`. */
type CandidateOrder = (a: AgentCandidate, b: AgentCandidate, requiredSkills: readonly string[]) => number;

function skillLevel(candidate: AgentCandidate, skill: string): number {
  return Object.hasOwn(candidate.skills, skill) ? candidate.skills[skill] : 0;
}

function byAgentId(a: AgentCandidate, b: AgentCandidate): number {
  // Code-unit order, not localeCompare: every process (and the simulator) must agree.
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/** Never-assigned agents first, then the oldest last assignment. */
function byLastAssigned(a: AgentCandidate, b: AgentCandidate): number {
  if (a.lastAssignedAt === b.lastAssignedAt) return 0;
  if (a.lastAssignedAt === null) return -1;
  if (b.lastAssignedAt === null) return 1;
  return a.lastAssignedAt - b.lastAssignedAt;
}

/** Lower openCount / capacity first, compared by cross-multiplication: 1/3 vs 2/6 is a tie, exactly. */
function byLoad(a: AgentCandidate, b: AgentCandidate): number {
  return a.openCount * b.capacity - b.openCount * a.capacity;
}

function skillScore(candidate: AgentCandidate, requiredSkills: readonly string[]): number {
  let score = 0;
  for (const skill of requiredSkills) score += skillLevel(candidate, skill);
  return score;
}

const ORDERS: Record<Exclude<RoutingStrategy, 'manual'>, CandidateOrder> = {
  round_robin: (a, b) => byLastAssigned(a, b) || byAgentId(a, b),
  least_busy: (a, b) => byLoad(a, b) || byLastAssigned(a, b) || byAgentId(a, b),
  skills_weighted: (a, b, skills) =>
    skillScore(b, skills) - skillScore(a, skills) || byLoad(a, b) || byLastAssigned(a, b) || byAgentId(a, b),
};

function eligibleAgainst(
  candidate: AgentCandidate,
  request: AssignmentRequest,
  excluded: ReadonlySet<string>,
): boolean {
  if (!candidate.accepting || candidate.capacity <= 0 || candidate.openCount >= candidate.capacity)
    return false;
  if (excluded.has(candidate.agentId)) return false;
  return request.requiredSkills.every((skill) => skillLevel(candidate, skill) >= 1);
}

/**
 * Whether an agent may take this conversation now: accepting, below a positive capacity, having
 * every required skill at level 1 or more, and not excluded.
 */
export function isEligible(candidate: AgentCandidate, request: AssignmentRequest): boolean {
  return eligibleAgainst(candidate, request, new Set(request.excludedAgentIds));
}

/**
 * Picks the agent for one conversation, or null when nobody eligible is left (the conversation
 * waits) or the team is `manual` (agents pick from the queue themselves).
 *
 * Preference: the rule's preferred agent if eligible; else the contact's previous agent if the
 * team routes returning customers back and that agent is eligible; else, among eligible agents of
 * the best non-empty tier (first, normal, last), the strategy's best. One pass over the candidates
 * keeping the best per tier (O(n), no sort), so it stays cheap with a thousand online agents.
 *
 * @example
 * chooseAgent(
 *   { strategy: 'least_busy', returningCustomer: false, businessHours: null },
 *   [agent('a', { openCount: 2, capacity: 3 }), agent('b', { openCount: 1, capacity: 3 })],
 *   { requiredSkills: [], preferredAgentId: null, previousAgentId: null, excludedAgentIds: [] },
 * ) // { agentId: 'b', reason: 'least_busy', tier: 'normal' }
 */
export function chooseAgent(
  team: TeamRouting,
  candidates: readonly AgentCandidate[],
  request: AssignmentRequest,
): AgentChoice | null {
  if (team.strategy === 'manual') return null;
  const order = ORDERS[team.strategy];
  const excluded = new Set(request.excludedAgentIds);
  const bestByTier: (AgentCandidate | undefined)[] = [undefined, undefined, undefined];
  let preferred: AgentCandidate | undefined;
  let previous: AgentCandidate | undefined;

  for (const candidate of candidates) {
    if (!eligibleAgainst(candidate, request, excluded)) continue;
    if (request.preferredAgentId !== null && candidate.agentId === request.preferredAgentId)
      preferred = candidate;
    if (
      team.returningCustomer &&
      request.previousAgentId !== null &&
      candidate.agentId === request.previousAgentId
    )
      previous = candidate;
    const rank = TIER_RANK[candidate.tier] ?? TIER_RANK.normal;
    const best = bestByTier[rank];
    if (!best || order(candidate, best, request.requiredSkills) < 0) bestByTier[rank] = candidate;
  }

  if (preferred) return { agentId: preferred.agentId, reason: 'preferred_agent', tier: preferred.tier };
  if (previous) return { agentId: previous.agentId, reason: 'returning_customer', tier: previous.tier };
  const winner = bestByTier.find((candidate) => candidate !== undefined);
  return winner ? { agentId: winner.agentId, reason: team.strategy, tier: winner.tier } : null;
}

/**
 * Queue order: higher priority first, then longer waiting (earlier queuedAt), then conversation id
 * so the order is total. For `Array.prototype.sort` and binary insertion alike.
 */
export function compareQueued(a: QueuedConversation, b: QueuedConversation): number {
  return b.priority - a.priority || a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Counts an assignment in the candidates the way the claim will (one more open chat, assigned
 * at `nowMs`), so the next choice sees it; an agent that reaches capacity leaves the candidates.
 */
export function recordAssignment(pool: AgentCandidate[], agentId: string, nowMs: number): void {
  const i = pool.findIndex((c) => c.agentId === agentId);
  if (i < 0) return;
  pool[i].openCount++;
  pool[i].lastAssignedAt = nowMs;
  if (pool[i].openCount >= pool[i].capacity) pool.splice(i, 1);
}
