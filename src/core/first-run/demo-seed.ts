import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegrationService } from '../../connectors/runtime/integration.service';
import { AgentService } from '../agents/agent.service';
import type { HubConfig } from '../config/config.schema';
import { WorkspaceService } from '../workspaces/workspace.service';

const SEED_LOCK = 7360002;
export const DEMO_WORKSPACE_NAME = 'Demo workspace';

/** The origins a browser may use for a hub at `base` on this machine (127.0.0.1 and localhost). */
export function demoOrigins(base: string): string {
  const url = new URL(base);
  const port = url.port ? `:${url.port}` : '';
  const hosts = new Set([url.hostname, '127.0.0.1', 'localhost']);
  return [...hosts].map((h) => `${url.protocol}//${h}${port}`).join(' ');
}

/** Shell that signs and posts a test message with openssl, valid whenever it is run. */
export function signedCurlCommand(webhookUrl: string, secret: string): string {
  return [
    `SECRET='${secret}'`,
    `BODY='{"type":"message","id":"demo-'$(date +%s%N)'","contact":{"id":"visitor-1","name":"Demo Visitor"},"text":"Hello from curl!"}'`,
    `ID="msg_$(date +%s%N)"; TS=$(date +%s)`,
    `KEY_HEX=$(printf '%s' "\${SECRET#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \\n')`,
    `SIG=$(printf '%s.%s.%s' "$ID" "$TS" "$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | openssl base64 -A)`,
    `curl -sS '${webhookUrl}' -H 'content-type: application/json' -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" --data-binary "$BODY"; echo`,
  ].join('\n');
}

/**
 * First run: on an empty database, creates a demo workspace with an accepting admin and an `api`
 * integration, and prints how to use them. Several processes starting at once seed once (lock).
 */
export async function seedDemoIfEmpty(app: INestApplicationContext, config: HubConfig): Promise<boolean> {
  const runner = app.get(DataSource).createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }]: { locked: boolean }[] = await runner.query(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [SEED_LOCK],
    );
    if (!locked) return false;
    const [{ n }]: { n: number }[] = await runner.query('SELECT count(*)::int AS n FROM workspaces');
    if (n > 0) return false;
    const workspace = await app.get(WorkspaceService).createWorkspace(DEMO_WORKSPACE_NAME);
    const password = randomBytes(9).toString('base64url');
    const email = 'admin@demo.switchboard.test';
    await app
      .get(AgentService)
      .createOwner(workspace.id, { email, name: 'Demo Admin', password, status: 'accepting', capacity: 10 });
    const api = await app
      .get(IntegrationService)
      .createIntegration(workspace.id, { connectorId: 'api', name: 'Demo API inbox', settings: {} });
    await app.get(IntegrationService).createIntegration(workspace.id, {
      connectorId: 'widget',
      name: 'Demo website widget',
      settings: { allowedOrigins: demoOrigins(config.PUBLIC_BASE_URL) },
    });
    const webhookUrl = `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/webhooks/${api.integration.id}`;
    const lines = [
      '',
      '  Switchboard demo is ready.',
      `  Demo shop with the chat widget: ${config.PUBLIC_BASE_URL}/`,
      `  Agent console:                ${config.PUBLIC_BASE_URL}/console`,
      `  GraphQL API and playground: ${config.PUBLIC_BASE_URL}/graphql`,
      `  Admin login:                ${email} / ${password}`,
      `  Workspace id:               ${workspace.id}`,
      `  API integration webhook:    ${webhookUrl}`,
      '',
      '  Log in:',
      `  curl -sS ${config.PUBLIC_BASE_URL}/graphql -H 'content-type: application/json' -d '{"query":"mutation { login(email: \\"${email}\\", password: \\"${password}\\") { token } }"}'; echo`,
      '',
      '  Post a signed test message (paste into bash):',
      ...signedCurlCommand(webhookUrl, api.generatedSecrets.signingSecret)
        .split('\n')
        .map((l) => `  ${l}`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return true;
  } finally {
    await runner.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await runner.release();
  }
}
