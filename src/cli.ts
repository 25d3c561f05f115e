import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { prepareEnvironment } from './boot';
import { ConnectorRuntimeModule } from './connectors/runtime/connector-runtime.module';
import { IntegrationService } from './connectors/runtime/integration.service';
import { AgentService } from './core/agents/agent.service';
import { AGENT_ROLES, AgentRole } from './core/agents/agent.entity';
import { configTableMarkdown } from './core/config/config-table';
import { CoreModule } from './core/core.module';
import { DomainModule } from './core/domain.module';
import { DomainError } from './core/errors/domain-error';
import { PinoNestLogger } from './core/logging/pino-nest-logger';
import { WorkspaceService } from './core/workspaces/workspace.service';

const USAGE = `Usage: npm run cli -- <command> [options]

  create-workspace   --name <name>
  create-agent       --workspace <id> --email <email> --name <name> --password <password>
                     [--role owner|admin|agent] [--capacity <n>]
  create-integration --workspace <id> --connector <id> --name <name> [--settings '<json>']
  connectors         lists installed connectors and their settings
  config             prints the configuration table (markdown)`;

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new DomainError('INVALID_INPUT', `--${name} is required.\n\n${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: Object.fromEntries(
      ['name', 'workspace', 'email', 'password', 'role', 'capacity', 'connector', 'settings'].map((o) => [
        o,
        { type: 'string' as const },
      ]),
    ),
  });
  if (command === 'config') return console.log(configTableMarkdown());
  if (
    !command ||
    !['create-workspace', 'create-agent', 'create-integration', 'connectors'].includes(command)
  ) {
    console.log(USAGE);
    process.exitCode = command ? 64 : 0;
    return;
  }
  const { config, logger } = await prepareEnvironment();
  @Module({ imports: [CoreModule.forRoot(config, logger), DomainModule, ConnectorRuntimeModule] })
  class CliModule {}
  const app = await NestFactory.createApplicationContext(CliModule, { logger: new PinoNestLogger(logger) });
  try {
    switch (command) {
      case 'create-workspace': {
        const ws = await app.get(WorkspaceService).createWorkspace(required(values, 'name'));
        console.log(JSON.stringify({ workspaceId: ws.id, name: ws.name }, null, 2));
        break;
      }
      case 'create-agent': {
        const role = (values.role ?? 'agent') as AgentRole;
        if (!AGENT_ROLES.includes(role))
          throw new DomainError('INVALID_INPUT', `--role must be one of ${AGENT_ROLES.join(', ')}.`);
        const workspaceId = required(values, 'workspace');
        await app.get(WorkspaceService).getWorkspace(workspaceId);
        const input = {
          email: required(values, 'email'),
          name: required(values, 'name'),
          password: required(values, 'password'),
          capacity: values.capacity === undefined ? undefined : Number(values.capacity),
        };
        const agents = app.get(AgentService);
        const agent =
          role === 'owner'
            ? await agents.createOwner(workspaceId, input)
            : await agents.createAgent({ workspaceId, agentId: 'cli', role: 'owner' }, { ...input, role });
        console.log(JSON.stringify({ agentId: agent.id, email: agent.email, role: agent.role }, null, 2));
        break;
      }
      case 'create-integration': {
        let settings: Record<string, unknown> = {};
        try {
          settings = values.settings ? (JSON.parse(values.settings) as Record<string, unknown>) : {};
        } catch {
          throw new DomainError('INVALID_INPUT', '--settings must be a JSON object.');
        }
        const workspaceId = required(values, 'workspace');
        await app.get(WorkspaceService).getWorkspace(workspaceId);
        const created = await app.get(IntegrationService).createIntegration(workspaceId, {
          connectorId: required(values, 'connector'),
          name: required(values, 'name'),
          settings,
        });
        console.log(
          JSON.stringify({ ...created.integration, generatedSecrets: created.generatedSecrets }, null, 2),
        );
        console.log('\nThe generated secrets are shown only now: store them in the sending system.');
        break;
      }
      case 'connectors': {
        const { ConnectorRegistry } = await import('./connectors/runtime/connector-registry.service');
        for (const c of app.get(ConnectorRegistry).list()) {
          console.log(`${c.manifest.id} ${c.manifest.version}  ${c.manifest.displayName}`);
          for (const [name, field] of Object.entries(c.settings)) {
            console.log(
              `  ${name}${field.required ? ' (required)' : ''}${field.secret ? ' (secret)' : ''}: ${field.description ?? field.label}`,
            );
          }
        }
        break;
      }
    }
  } finally {
    await app.close();
  }
}

main().catch((e: Error) => {
  console.error(`switchboard: ${e.message}`);
  process.exit(e instanceof DomainError ? 65 : 1);
});
