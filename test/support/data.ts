import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegrationService } from '../../src/connectors/runtime/integration.service';
import type { AgentRole, AgentStatus } from '../../src/core/agents/agent.entity';
import { AgentService } from '../../src/core/agents/agent.service';

/**
 * Minimal data builders for ingest, routing and delivery tests: a fresh workspace per test, agents
 * and an `api` integration. (GraphQL-level factories live in factories.ts.)
 */
export async function newWorkspace(app: INestApplicationContext, name = 'Test workspace'): Promise<string> {
  const [row]: { id: string }[] = await app
    .get(DataSource)
    .query('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]);
  return row.id;
}

/** An agent created as the workspace's owner would (AgentService); accepting by default. */
export async function newAgent(
  app: INestApplicationContext,
  workspaceId: string,
  opts: { status?: AgentStatus; capacity?: number; role?: AgentRole } = {},
): Promise<string> {
  const owner = { workspaceId, agentId: randomUUID(), role: 'owner' as const };
  const agent = await app.get(AgentService).createAgent(owner, {
    email: `agent-${randomUUID()}@example.test`,
    name: 'Agent',
    password: `pw-${randomUUID()}`,
    role: opts.role ?? 'agent',
    status: opts.status ?? 'accepting',
    capacity: opts.capacity ?? 5,
  });
  return agent.id;
}

export async function newApiIntegration(
  app: INestApplicationContext,
  workspaceId: string,
  callbackUrl?: string,
): Promise<{ integrationId: string; secret: string; webhookUrl: string }> {
  const created = await app.get(IntegrationService).createIntegration(workspaceId, {
    connectorId: 'api',
    name: 'API inbox',
    settings: callbackUrl ? { callbackUrl } : {},
  });
  return {
    integrationId: created.integration.id,
    secret: created.generatedSecrets.signingSecret,
    webhookUrl: created.integration.webhookUrl,
  };
}
