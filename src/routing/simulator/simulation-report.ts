import { jainIndex } from '../policy/fairness';
import type { AgentCandidate } from '../policy/routing-policy.types';
import type { ChatRecord, SimulationInput, SimulationReport, WaitStats } from './simulation.types';

/** What the simulation counts per agent while it runs. */
export interface AgentTally {
  assignments: number;
  /** ∫ openCount dt, in chat-seconds. */
  openSeconds: number;
  peakOpen: number;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Nearest-rank percentile of ascending values (p in 0..100); 0 for no values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function waitStats(waits: readonly number[]): WaitStats {
  const sorted = [...waits].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? 0 : sorted.reduce((sum, wait) => sum + wait, 0) / sorted.length;
  return {
    mean: round(mean, 1),
    p50: round(percentile(sorted, 50), 1),
    p90: round(percentile(sorted, 90), 1),
    p95: round(percentile(sorted, 95), 1),
    p99: round(percentile(sorted, 99), 1),
    max: round(sorted.length === 0 ? 0 : sorted[sorted.length - 1], 1),
  };
}

/**
 * The report of a finished run. Wait percentiles are over assigned chats. An SLA breach is a chat
 * (not handed to a bot) that waited longer than the SLA of the team its rule chose, whether it was
 * then assigned or not (a visitor who gave up after 5 minutes was failed too). Load is averaged over
 * the whole run, so an agent on a half-length shift shows about half the load.
 */
export function buildSimulationReport(
  input: SimulationInput,
  records: readonly ChatRecord[],
  agents: readonly (AgentCandidate & AgentTally)[],
  maxQueueLength: ReadonlyMap<string, number>,
  endSeconds: number,
): SimulationReport {
  const teamOf = (teamId: string | null) => (teamId === null ? input.defaultTeam : input.teams[teamId]);
  const count = (outcome: ChatRecord['outcome']) =>
    records.filter((record) => record.outcome === outcome).length;
  const assigned = records.filter((record) => record.outcome === 'assigned');
  const breached = (record: ChatRecord) =>
    record.outcome !== 'bot' && record.waitSeconds > teamOf(record.routedTeamId).slaSeconds;
  const breaches = records.filter(breached).length;
  const humanChats = records.length - count('bot');

  const ruleHits = new Map<string | null, number>();
  for (const record of records) ruleHits.set(record.ruleId, (ruleHits.get(record.ruleId) ?? 0) + 1);
  const ruleName = new Map(input.policy.rules.map((rule) => [rule.id, rule.name]));

  const teamIds: (string | null)[] = [null, ...Object.keys(input.teams)];
  return {
    startAt: new Date(input.startAt).toISOString(),
    durationSeconds: round(endSeconds, 1),
    chats: {
      arrived: records.length,
      assigned: assigned.length,
      botHandled: count('bot'),
      abandoned: count('abandoned'),
      overflowedToTeam: records.filter((record) => record.overflowed).length,
      offlineMessages: count('offline_message'),
      unassignedAtEnd: count('unassigned'),
    },
    waitSeconds: waitStats(assigned.map((record) => record.waitSeconds)),
    sla: { breaches, breachRate: humanChats === 0 ? 0 : round(breaches / humanChats, 4) },
    fairness: { jainIndexOfAssignments: round(jainIndex(agents.map((agent) => agent.assignments)), 4) },
    agents: agents.map((agent) => ({
      agentId: agent.agentId,
      tier: agent.tier,
      capacity: agent.capacity,
      assignments: agent.assignments,
      averageLoad:
        endSeconds > 0 && agent.capacity > 0 ? round(agent.openSeconds / agent.capacity / endSeconds, 3) : 0,
      peakOpen: agent.peakOpen,
    })),
    teams: teamIds
      .map((teamId) => {
        const routed = records.filter((record) => record.routedTeamId === teamId && record.outcome !== 'bot');
        const team = teamOf(teamId);
        return {
          teamId,
          strategy: team.strategy,
          slaSeconds: team.slaSeconds,
          routed: routed.length,
          assigned: routed.filter((record) => record.outcome === 'assigned').length,
          slaBreaches: routed.filter(breached).length,
          waitP90: waitStats(routed.filter((r) => r.outcome === 'assigned').map((r) => r.waitSeconds)).p90,
          maxQueueLength: maxQueueLength.get(teamId ?? '') ?? 0,
        };
      })
      .filter((team) => team.teamId !== null || team.routed > 0),
    rules: [...input.policy.rules.map((rule) => rule.id), null].map((ruleId) => ({
      ruleId,
      ruleName: ruleId === null ? '(default action)' : (ruleName.get(ruleId) ?? ruleId),
      hits: ruleHits.get(ruleId) ?? 0,
    })),
  };
}
