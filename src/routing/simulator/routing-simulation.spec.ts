import type { RoutingStrategy } from '../policy/routing-policy.types';
import { runSimulation } from './routing-simulation';
import { parseSimulationInput } from './simulation-input.schema';
import type { ChatRecord, SimulationResult } from './simulation.types';

type Json = Record<string, unknown>;

const simulate = (traffic: Json, policy: Json = { policy: { rules: [] } }): SimulationResult =>
  runSimulation(parseSimulationInput(traffic, policy));

const equalAgents = (count: number, capacity = 3) =>
  Array.from({ length: count }, (_, i) => ({ id: `agent-${String(i + 1).padStart(2, '0')}`, capacity }));

const generated = (seed: number, count = 2_000) => ({
  agents: equalAgents(20),
  generate: { count, arrivalsPerMinute: 12, handleSecondsMean: 240, seed },
});

/** The most chats each agent held at once, recomputed from the chat log alone. */
function peakConcurrency(chats: ChatRecord[]): Map<string, number> {
  const changes: { at: number; delta: number; agentId: string }[] = [];
  for (const chat of chats) {
    if (
      chat.outcome !== 'assigned' ||
      chat.agentId === null ||
      chat.assignedAt === null ||
      chat.endedAt === null
    )
      continue;
    changes.push(
      { at: chat.assignedAt, delta: 1, agentId: chat.agentId },
      { at: chat.endedAt, delta: -1, agentId: chat.agentId },
    );
  }
  // At the same instant a chat ends before the next starts (the slot is freed first).
  changes.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  for (const change of changes) {
    const now = (open.get(change.agentId) ?? 0) + change.delta;
    open.set(change.agentId, now);
    peak.set(change.agentId, Math.max(peak.get(change.agentId) ?? 0, now));
  }
  return peak;
}

describe('runSimulation', () => {
  it.each<RoutingStrategy>(['least_busy', 'round_robin'])(
    'spreads 10,000 chats over 20 equal agents fairly with %s (Jain >= 0.99)',
    (strategy) => {
      const { report } = simulate(
        {
          agents: equalAgents(20),
          generate: { count: 10_000, arrivalsPerMinute: 12, handleSecondsMean: 240, seed: 7 },
        },
        { policy: { rules: [] }, defaultTeam: { strategy } },
      );
      expect(report.chats.arrived).toBe(10_000);
      expect(report.chats.assigned).toBe(10_000);
      expect(report.agents.reduce((sum, agent) => sum + agent.assignments, 0)).toBe(10_000);
      expect(report.fairness.jainIndexOfAssignments).toBeGreaterThanOrEqual(0.99);
    },
  );

  it('gives the same report for the same seed, and another for another seed', () => {
    const first = simulate(generated(11)).report;
    expect(simulate(generated(11)).report).toEqual(first);
    expect(simulate(generated(12)).report.waitSeconds).not.toEqual(first.waitSeconds);
  });

  it('never puts an agent over capacity, at any simulated instant', () => {
    const agents = [
      { id: 'one', capacity: 1 },
      { id: 'two', capacity: 2 },
      { id: 'five', capacity: 5, tier: 'last' },
      { id: 'shift', capacity: 3, online: [{ from: 600, to: 3_000 }] },
    ];
    const { chats, report } = simulate({
      agents,
      generate: {
        count: 3_000,
        arrivalsPerMinute: 6,
        handleSecondsMean: 300,
        seed: 3,
        patienceSecondsMean: 900,
      },
    });
    const peaks = peakConcurrency(chats);
    for (const agent of agents) {
      expect(peaks.get(agent.id) ?? 0).toBeLessThanOrEqual(agent.capacity);
      expect(report.agents.find((a) => a.agentId === agent.id)?.peakOpen).toBe(peaks.get(agent.id) ?? 0);
    }
    // The load is high enough that every agent was full at some point: the bound was tested.
    expect(agents.every((agent) => peaks.get(agent.id) === agent.capacity)).toBe(true);
  });

  it('serves the queue by priority, then arrival', () => {
    const { chats } = simulate({
      agents: [{ id: 'solo', capacity: 1 }],
      arrivals: [
        { id: 'busy', at: 0, handleSeconds: 100 },
        { id: 'low-early', at: 1, handleSeconds: 10, priority: 10 },
        { id: 'mid-late', at: 3, handleSeconds: 10 },
        { id: 'high', at: 4, handleSeconds: 10, priority: 90 },
        { id: 'mid-early', at: 2, handleSeconds: 10 },
        { id: 'high-late', at: 5, handleSeconds: 10, priority: 90 },
      ],
    });
    const order = [...chats].sort((a, b) => (a.assignedAt ?? 0) - (b.assignedAt ?? 0)).map((chat) => chat.id);
    expect(order).toEqual(['busy', 'high', 'high-late', 'mid-early', 'mid-late', 'low-early']);
    expect(chats.find((chat) => chat.id === 'high')?.waitSeconds).toBe(96);
  });

  it('assigns only during shifts; open chats run on after a shift ends', () => {
    const { chats } = simulate({
      agents: [
        {
          id: 'day',
          capacity: 2,
          online: [
            { from: 100, to: 200 },
            { from: 1_000, to: 1_100 },
          ],
        },
      ],
      arrivals: [
        { id: 'early', at: 0, handleSeconds: 500 },
        { id: 'in-shift', at: 150, handleSeconds: 10 },
        { id: 'after-shift', at: 300, handleSeconds: 10 },
        { id: 'never', at: 1_200, handleSeconds: 10 },
      ],
    });
    const byId = new Map(chats.map((chat) => [chat.id, chat]));
    expect(byId.get('early')).toMatchObject({
      outcome: 'assigned',
      assignedAt: 100,
      endedAt: 600,
      waitSeconds: 100,
    });
    expect(byId.get('in-shift')).toMatchObject({ outcome: 'assigned', assignedAt: 150 });
    expect(byId.get('after-shift')).toMatchObject({
      outcome: 'assigned',
      assignedAt: 1_000,
      waitSeconds: 700,
    });
    expect(byId.get('never')).toMatchObject({ outcome: 'unassigned', agentId: null });
  });

  it('applies rules, skills, tiers, returning customers, bots, overflow, abandonment and closed teams', () => {
    const policy = {
      policy: {
        rules: [
          {
            id: 'bot',
            name: 'Bot',
            conditions: [{ type: 'tag', operator: 'includesAny', values: ['faq'] }],
            action: { botAgentId: 'bot-1' },
          },
          {
            id: 'es',
            name: 'Spanish',
            conditions: [{ type: 'language', operator: 'in', values: ['es'] }],
            action: { teamId: 'support', requiredSkills: ['spanish'] },
          },
          {
            id: 'fr',
            name: 'French',
            conditions: [{ type: 'language', operator: 'in', values: ['fr'] }],
            action: { teamId: 'support', requiredSkills: ['french'] },
          },
          {
            id: 'sales',
            name: 'Sales',
            conditions: [{ type: 'prechat', field: 'topic', operator: 'equals', value: 'buy' }],
            action: { teamId: 'sales' },
          },
          {
            id: 'night',
            name: 'Night desk',
            conditions: [{ type: 'prechat', field: 'topic', operator: 'equals', value: 'night' }],
            action: { teamId: 'night' },
          },
        ],
        defaultAction: { teamId: 'support' },
      },
      teams: {
        support: { strategy: 'least_busy', returningCustomer: true },
        sales: { strategy: 'round_robin', overflowAfterSeconds: 30, fallbackTeamId: 'support' },
        night: { businessHours: { timeZone: 'UTC', weekly: [{ day: 1, from: '22:00', to: '24:00' }] } },
      },
    };
    const { chats, report } = simulate(
      {
        startAt: '2025-01-06T09:00:00Z',
        agents: [
          { id: 'first', capacity: 1, tier: 'first', teams: ['support'] },
          { id: 'maria', capacity: 2, skills: { spanish: 4 }, teams: ['support'] },
          { id: 'seller', capacity: 1, teams: ['sales'] },
        ],
        arrivals: [
          { id: 'a1', at: 0, handleSeconds: 50, contactId: 'c1' },
          { id: 'faq', at: 1, handleSeconds: 50, context: { tags: ['FAQ'] } },
          { id: 'spanish', at: 2, handleSeconds: 50, context: { language: 'es-MX' } },
          { id: 'buy-1', at: 3, handleSeconds: 500, context: { prechat: { topic: 'buy' } } },
          { id: 'buy-2', at: 4, handleSeconds: 10, context: { prechat: { topic: 'buy' } } },
          { id: 'impatient', at: 3.5, handleSeconds: 10, patienceSeconds: 60, context: { language: 'fr' } },
          { id: 'closed', at: 6, handleSeconds: 10, context: { prechat: { topic: 'night' } } },
          { id: 'a1-again', at: 100, handleSeconds: 10, contactId: 'c1' },
        ],
      },
      policy,
    );
    const byId = new Map(chats.map((chat) => [chat.id, chat]));
    expect(byId.get('a1')).toMatchObject({ agentId: 'first', reason: 'least_busy', ruleId: null });
    expect(byId.get('faq')).toMatchObject({ outcome: 'bot', agentId: 'bot-1', ruleId: 'bot' });
    expect(byId.get('spanish')).toMatchObject({ agentId: 'maria', ruleId: 'es' });
    expect(byId.get('buy-1')).toMatchObject({ agentId: 'seller', reason: 'round_robin' });
    // Sales is full for 30 s: buy-2 overflows to support and takes maria's last slot.
    expect(byId.get('buy-2')).toMatchObject({
      outcome: 'assigned',
      overflowed: true,
      finalTeamId: 'support',
      agentId: 'maria',
      assignedAt: 34,
    });
    // Nobody speaks French: it waits at the head of support's queue, without blocking buy-2 behind
    // it, until the visitor leaves.
    expect(byId.get('impatient')).toMatchObject({ outcome: 'abandoned', waitSeconds: 60, agentId: null });
    expect(byId.get('closed')).toMatchObject({ outcome: 'offline_message', agentId: null });
    expect(byId.get('a1-again')).toMatchObject({ agentId: 'first', reason: 'returning_customer' });
    expect(report.chats).toEqual({
      arrived: 8,
      assigned: 5,
      botHandled: 1,
      abandoned: 1,
      overflowedToTeam: 1,
      offlineMessages: 1,
      unassignedAtEnd: 0,
    });
    expect(report.rules.map((rule) => [rule.ruleId, rule.hits])).toEqual([
      ['bot', 1],
      ['es', 1],
      ['fr', 1],
      ['sales', 2],
      ['night', 1],
      [null, 2],
    ]);
  });

  it('reports wait percentiles, SLA breaches and time-weighted load', () => {
    const { report } = simulate(
      {
        agents: [{ id: 'solo', capacity: 1 }],
        arrivals: [
          { at: 0, handleSeconds: 100 },
          { at: 0, handleSeconds: 100 },
          { at: 0, handleSeconds: 100 },
          { at: 0, handleSeconds: 100 },
        ],
      },
      { policy: { rules: [] }, defaultTeam: { slaSeconds: 150 } },
    );
    expect(report.waitSeconds).toEqual({ mean: 150, p50: 100, p90: 300, p95: 300, p99: 300, max: 300 });
    expect(report.sla).toEqual({ breaches: 2, breachRate: 0.5 });
    expect(report.durationSeconds).toBe(400);
    expect(report.agents).toEqual([
      { agentId: 'solo', tier: 'normal', capacity: 1, assignments: 4, averageLoad: 1, peakOpen: 1 },
    ]);
    expect(report.teams).toEqual([
      {
        teamId: null,
        strategy: 'least_busy',
        slaSeconds: 150,
        routed: 4,
        assigned: 4,
        slaBreaches: 2,
        waitP90: 300,
        maxQueueLength: 3,
      },
    ]);
  });
});
