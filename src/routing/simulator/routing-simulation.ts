import { chooseAgent, compareQueued } from '../policy/assignment-strategy';
import { isOpen } from '../policy/business-hours';
import { evaluateRules } from '../policy/rule-evaluation';
import type {
  AgentCandidate,
  AssignmentRequest,
  QueuedConversation,
  TeamRouting,
} from '../policy/routing-policy.types';
import { EventQueue } from './event-queue';
import { buildSimulationReport, type AgentTally } from './simulation-report';
import type {
  ChatRecord,
  SimAgent,
  SimArrival,
  SimTeam,
  SimulationInput,
  SimulationResult,
} from './simulation.types';

/** The queue of conversations whose action names no team: every agent, the default team's routing. */
const WORKSPACE = '';

/** An agent's live state; it is the AgentCandidate the strategies see, so nothing is copied per decision. */
interface AgentState extends AgentCandidate, AgentTally {
  queueKeys: string[];
  shiftsOnline: number;
  loadChangedAt: number;
}

interface QueuedChat extends QueuedConversation {
  record: ChatRecord;
  request: AssignmentRequest;
  contactId: string | null;
  handleSeconds: number;
  /** Teams already visited, so overflow chains cannot loop. */
  visited: Set<string>;
}

type SimEvent =
  | { kind: 'end'; agent: AgentState }
  | { kind: 'offline'; agent: AgentState }
  | { kind: 'online'; agent: AgentState }
  | { kind: 'overflow'; chat: QueuedChat; queueKey: string }
  | { kind: 'abandon'; chat: QueuedChat }
  | { kind: 'arrival'; arrival: SimArrival };

// Same-instant order: freed capacity and presence first, so the queue (not a newcomer) gets the
// slot; then timers; arrivals last.
const RANK: Record<SimEvent['kind'], number> = {
  end: 0,
  offline: 1,
  online: 2,
  overflow: 3,
  abandon: 4,
  arrival: 5,
};

/**
 * Replays traffic against a policy on a virtual clock: a discrete-event simulation that calls the
 * engine's own pure functions (evaluateRules, compareQueued, chooseAgent), so what it reports is
 * what the policy does, not a model of it. No timers and no wall clock: a 10,000-chat day runs in
 * well under a second, and the same input always gives the same report.
 *
 * Modelled: rules, per-team queues in priority-then-arrival order, strategies, tiers, returning
 * customers, capacity, shifts, bot hand-off (the chat leaves routing), business hours (a chat for a
 * closed team goes to its open fallback team or becomes an offline message), queue overflow after
 * `overflowAfterSeconds` to a fallback team or to an offline message, and visitors who give up. Not modelled: agents missing a chat
 * (inactivity transfer), transfers, the external router. A `manual` team is approximated by its
 * agents picking the head of the queue as soon as they have room, longest-idle agent first.
 */
export function runSimulation(input: SimulationInput): SimulationResult {
  return new RoutingSimulation(input).run();
}

class RoutingSimulation {
  private readonly events = new EventQueue<SimEvent>();
  private readonly agents: AgentState[];
  private readonly members = new Map<string, AgentState[]>();
  private readonly queues = new Map<string, QueuedChat[]>();
  private readonly maxQueueLength = new Map<string, number>();
  private readonly previousAgent = new Map<string, string>();
  private readonly records: ChatRecord[] = [];
  private now = 0;

  constructor(private readonly input: SimulationInput) {
    const teamIds = Object.keys(input.teams);
    this.agents = input.agents.map((agent) => this.agentState(agent, teamIds));
    for (const key of [WORKSPACE, ...teamIds]) {
      this.members.set(
        key,
        this.agents.filter((agent) => agent.queueKeys.includes(key)),
      );
      this.queues.set(key, []);
      this.maxQueueLength.set(key, 0);
    }
  }

  run(): SimulationResult {
    this.agents.forEach((agent, index) => {
      for (const shift of this.input.agents[index].online ?? []) {
        this.events.push(shift.from, RANK.online, { kind: 'online', agent });
        this.events.push(shift.to, RANK.offline, { kind: 'offline', agent });
      }
    });
    for (const arrival of this.input.arrivals)
      this.events.push(arrival.at, RANK.arrival, { kind: 'arrival', arrival });

    for (let next = this.events.pop(); next; next = this.events.pop()) {
      this.now = next.at;
      this.handle(next.event);
    }

    for (const [key, queue] of this.queues) {
      for (const chat of queue) this.finish(chat, 'unassigned', key);
    }
    for (const agent of this.agents) this.recordLoad(agent);
    const report = buildSimulationReport(
      this.input,
      this.records,
      this.agents,
      this.maxQueueLength,
      this.now,
    );
    return { report, chats: this.records };
  }

  private agentState(agent: SimAgent, teamIds: string[]): AgentState {
    return {
      agentId: agent.id,
      accepting: agent.online === null,
      openCount: 0,
      capacity: agent.capacity,
      lastAssignedAt: null,
      tier: agent.tier,
      skills: agent.skills,
      queueKeys: [WORKSPACE, ...(agent.teams ?? teamIds)],
      shiftsOnline: 0,
      loadChangedAt: 0,
      assignments: 0,
      openSeconds: 0,
      peakOpen: 0,
    };
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'arrival':
        return this.arrive(event.arrival);
      case 'end':
        this.recordLoad(event.agent);
        event.agent.openCount -= 1;
        return this.dispatch(event.agent.queueKeys);
      case 'online':
        event.agent.shiftsOnline += 1;
        event.agent.accepting = true;
        return this.dispatch(event.agent.queueKeys);
      case 'offline':
        // Chats already open run to their end; the agent just takes no new ones.
        event.agent.shiftsOnline -= 1;
        event.agent.accepting = event.agent.shiftsOnline > 0;
        return;
      case 'overflow':
        return this.overflow(event.chat, event.queueKey);
      case 'abandon':
        if (this.removeFromQueue(event.chat))
          this.finish(event.chat, 'abandoned', event.chat.record.finalTeamId ?? WORKSPACE);
        return;
    }
  }

  private arrive(arrival: SimArrival): void {
    const decision = evaluateRules(
      this.input.policy,
      arrival.context,
      new Date(this.input.startAt + arrival.at * 1000),
      (teamId) => this.input.teams[teamId]?.businessHours,
    );
    const teamId = decision.action.teamId ?? null;
    const priority = arrival.priority ?? decision.action.priority;
    const record: ChatRecord = {
      id: arrival.id,
      arrivedAt: arrival.at,
      ruleId: decision.ruleId,
      priority,
      routedTeamId: teamId,
      finalTeamId: teamId,
      outcome: 'unassigned',
      agentId: null,
      reason: null,
      assignedAt: null,
      endedAt: null,
      waitSeconds: 0,
      overflowed: false,
    };
    this.records.push(record);
    if (decision.action.botAgentId) {
      record.outcome = 'bot';
      record.agentId = decision.action.botAgentId;
      return;
    }
    const chat: QueuedChat = {
      id: arrival.id,
      priority,
      queuedAt: arrival.at,
      record,
      request: {
        requiredSkills: decision.action.requiredSkills ?? [],
        preferredAgentId: decision.action.preferredAgentId ?? null,
        previousAgentId:
          arrival.contactId === null ? null : (this.previousAgent.get(arrival.contactId) ?? null),
        excludedAgentIds: [],
      },
      contactId: arrival.contactId,
      handleSeconds: arrival.handleSeconds,
      visited: new Set(),
    };
    const key = this.openQueueFor(teamId ?? WORKSPACE, new Date(this.input.startAt + arrival.at * 1000));
    if (key === null) {
      // The team is closed and has no open fallback: the visitor leaves an offline message.
      this.finish(chat, 'offline_message', teamId ?? WORKSPACE);
      return;
    }
    chat.record.overflowed = key !== (teamId ?? WORKSPACE);
    if (arrival.patienceSeconds !== null)
      this.events.push(arrival.at + arrival.patienceSeconds, RANK.abandon, { kind: 'abandon', chat });
    this.enqueue(chat, key);
  }

  /** The queue a new chat joins: its team's if open, else the fallback team's if that is open, else none. */
  private openQueueFor(key: string, at: Date): string | null {
    if (isOpen(this.team(key).businessHours, at)) return key;
    const fallback = this.team(key).fallbackTeamId;
    return fallback !== null && fallback !== key && isOpen(this.team(fallback).businessHours, at)
      ? fallback
      : null;
  }

  private team(key: string): SimTeam {
    return key === WORKSPACE ? this.input.defaultTeam : this.input.teams[key];
  }

  private enqueue(chat: QueuedChat, key: string): void {
    chat.visited.add(key);
    chat.record.finalTeamId = key === WORKSPACE ? null : key;
    const queue = this.queues.get(key) ?? [];
    // Binary insertion keeps the queue in compareQueued order; arrivals mostly land at the end.
    let low = 0;
    let high = queue.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareQueued(queue[middle], chat) < 0) low = middle + 1;
      else high = middle;
    }
    queue.splice(low, 0, chat);
    this.maxQueueLength.set(key, Math.max(this.maxQueueLength.get(key) ?? 0, queue.length));
    const overflowAfter = this.team(key).overflowAfterSeconds;
    if (overflowAfter !== null)
      this.events.push(this.now + overflowAfter, RANK.overflow, { kind: 'overflow', chat, queueKey: key });
    this.dispatch([key]);
  }

  private removeFromQueue(chat: QueuedChat): boolean {
    const queue = this.queues.get(chat.record.finalTeamId ?? WORKSPACE) ?? [];
    const index = queue.indexOf(chat);
    if (index === -1) return false;
    queue.splice(index, 1);
    return true;
  }

  private overflow(chat: QueuedChat, key: string): void {
    // A stale timer: the chat was assigned, left, or already moved on.
    if ((chat.record.finalTeamId ?? WORKSPACE) !== key || !this.removeFromQueue(chat)) return;
    const fallback = this.team(key).fallbackTeamId;
    if (fallback !== null && !chat.visited.has(fallback)) {
      chat.record.overflowed = true;
      // It keeps its original queuedAt, so the fallback team serves it in arrival order.
      this.enqueue(chat, fallback);
    } else {
      this.finish(chat, 'offline_message', key);
    }
  }

  /**
   * Assigns queued chats while any queue touched by the event can be served: queues are visited in
   * the order of their heads, and after every assignment the scan restarts because capacity changed.
   */
  private dispatch(keys: readonly string[]): void {
    for (;;) {
      const waiting = keys
        .map((key) => ({ key, queue: this.queues.get(key) ?? [] }))
        .filter((entry) => entry.queue.length > 0)
        .sort((a, b) => compareQueued(a.queue[0], b.queue[0]));
      if (!waiting.some((entry) => this.serveOne(entry.key, entry.queue))) return;
    }
  }

  private serveOne(key: string, queue: QueuedChat[]): boolean {
    const team = this.team(key);
    const manual = team.strategy === 'manual';
    const routing: TeamRouting = manual ? { ...team, strategy: 'round_robin' } : team;
    const members = this.members.get(key) ?? [];
    for (let index = 0; index < queue.length; index += 1) {
      const chat = queue[index];
      const choice = chooseAgent(routing, members, chat.request);
      if (choice) {
        queue.splice(index, 1);
        const agent = members.find((member) => member.agentId === choice.agentId);
        if (!agent) throw new Error(`chooseAgent picked ${choice.agentId}, who is not a candidate`);
        this.assign(chat, agent, manual ? 'manual' : choice.reason);
        return true;
      }
      // Nobody can take a chat that asks for nothing special: nobody can take any of the others.
      if (chat.request.requiredSkills.length === 0 && chat.request.excludedAgentIds.length === 0)
        return false;
    }
    return false;
  }

  private assign(chat: QueuedChat, agent: AgentState, reason: ChatRecord['reason']): void {
    this.recordLoad(agent);
    agent.openCount += 1;
    if (agent.openCount > agent.capacity)
      throw new Error(`capacity exceeded: ${agent.agentId} holds ${agent.openCount} of ${agent.capacity}`);
    agent.peakOpen = Math.max(agent.peakOpen, agent.openCount);
    agent.assignments += 1;
    agent.lastAssignedAt = this.input.startAt + this.now * 1000;
    if (chat.contactId !== null) this.previousAgent.set(chat.contactId, agent.agentId);
    Object.assign(chat.record, {
      outcome: 'assigned',
      agentId: agent.agentId,
      reason,
      assignedAt: this.now,
      endedAt: this.now + chat.handleSeconds,
      waitSeconds: this.now - chat.queuedAt,
    } satisfies Partial<ChatRecord>);
    this.events.push(this.now + chat.handleSeconds, RANK.end, { kind: 'end', agent });
  }

  private finish(chat: QueuedChat, outcome: ChatRecord['outcome'], key: string): void {
    chat.record.outcome = outcome;
    chat.record.finalTeamId = key === WORKSPACE ? null : key;
    chat.record.waitSeconds = this.now - chat.queuedAt;
  }

  /** Accumulates open-chat-seconds up to now, for the time-weighted load. */
  private recordLoad(agent: AgentState): void {
    agent.openSeconds += agent.openCount * (this.now - agent.loadChangedAt);
    agent.loadChangedAt = this.now;
  }
}
