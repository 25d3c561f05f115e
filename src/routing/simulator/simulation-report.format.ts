import type { SimulationReport } from './simulation.types';

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  // Text columns left-aligned, numbers right-aligned, like a spreadsheet.
  const numeric = headers.map(
    (_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), line(widths.map((width) => '-'.repeat(width))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** The human-readable report the CLI prints (the JSON report holds the same figures). */
export function formatSimulationReport(report: SimulationReport): string {
  const { chats, waitSeconds: wait } = report;
  const hours = (report.durationSeconds / 3600).toFixed(1);
  return [
    `Routing simulation: ${chats.arrived} chats over ${hours} h simulated, from ${report.startAt}`,
    '',
    table(
      ['arrived', 'assigned', 'bot', 'abandoned', 'overflowed', 'offline msg', 'unassigned'],
      [
        [
          chats.arrived,
          chats.assigned,
          chats.botHandled,
          chats.abandoned,
          chats.overflowedToTeam,
          chats.offlineMessages,
          chats.unassignedAtEnd,
        ],
      ],
    ),
    '',
    'Wait until assigned (seconds)',
    table(
      ['mean', 'p50', 'p90', 'p95', 'p99', 'max'],
      [[wait.mean, wait.p50, wait.p90, wait.p95, wait.p99, wait.max]],
    ),
    '',
    `SLA breaches: ${report.sla.breaches} (${percent(report.sla.breachRate)})`,
    `Jain's fairness index of assignments per agent: ${report.fairness.jainIndexOfAssignments.toFixed(4)}`,
    '',
    'Teams',
    table(
      ['team', 'strategy', 'SLA s', 'routed', 'assigned', 'breaches', 'wait p90', 'max queue'],
      report.teams.map((team) => [
        team.teamId ?? '(workspace)',
        team.strategy,
        team.slaSeconds,
        team.routed,
        team.assigned,
        team.slaBreaches,
        team.waitP90,
        team.maxQueueLength,
      ]),
    ),
    '',
    'Agents',
    table(
      ['agent', 'tier', 'capacity', 'assignments', 'avg load', 'peak open'],
      report.agents.map((agent) => [
        agent.agentId,
        agent.tier,
        agent.capacity,
        agent.assignments,
        percent(agent.averageLoad),
        agent.peakOpen,
      ]),
    ),
    '',
    'Rules',
    table(
      ['rule', 'name', 'hits'],
      report.rules.map((rule) => [rule.ruleId ?? '-', rule.ruleName, rule.hits]),
    ),
    '',
  ].join('\n');
}
