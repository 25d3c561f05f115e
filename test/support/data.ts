import type { INestApplicationContext } from '@nestjs/common';
import { hash } from 'argon2';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegrationService } from '../../src/connectors/runtime/integration.service';

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

export async function newAgent(
  app: INestApplicationContext,
  workspaceId: string,
  opts: { status?: 'accepting' | 'not_accepting' | 'offline'; capacity?: number; role?: string } = {},
): Promise<string> {
  const [row]: { id: string }[] = await app.get(DataSource).query(
    `INSERT INTO agents (workspace_id, email, name, password_hash, role, status, capacity)
     VALUES ($1, $2, 'Agent', $3, $4, $5, $6) RETURNING id`,
    [
      workspaceId,
      `agent-${randomUUID()}@example.test`,
      await hash('not-used-here'),
      opts.role ?? 'agent',
      opts.status ?? 'accepting',
      opts.capacity ?? 5,
    ],
  );
  return row.id;
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
