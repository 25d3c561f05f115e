import { readFileSync } from 'node:fs';
import { DomainError } from '../../core/errors/domain-error';
import { runSimulation } from './routing-simulation';
import { parseSimulationInput, SimulationInputError } from './simulation-input.schema';
import { formatSimulationReport } from './simulation-report.format';

const USAGE = `Usage: npm run routing:simulate -- <traffic file> <policy file> [--json]

  traffic file  JSON: { "agents": [...], "arrivals": [...] } or { "agents": [...], "generate": {...} }
  policy file   JSON: { "policy": { "rules": [...], "defaultAction": {...} }, "teams": {...}, "defaultTeam": {...} }
  --json        print the report as JSON instead of tables

See docs/routing.md, "The simulator".`;

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SimulationInputError([
      { file: path, path: '', message: `cannot read: ${(error as Error).message}` },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SimulationInputError([
      { file: path, path: '', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
}

/** Exit codes: 0 done, 2 bad usage or invalid input (the message says what to fix), 1 a bug. */
function main(argv: string[]): number {
  const json = argv.includes('--json');
  const files = argv.filter((arg) => arg !== '--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (files.length !== 2 || files.some((file) => file.startsWith('-'))) {
    console.error(USAGE);
    return 2;
  }
  const [trafficFile, policyFile] = files;
  try {
    const input = parseSimulationInput(readJson(trafficFile), readJson(policyFile), {
      traffic: trafficFile,
      policy: policyFile,
    });
    const { report } = runSimulation(input);
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatSimulationReport(report));
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`Invalid simulator input:\n${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
