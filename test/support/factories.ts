import type { INestApplicationContext } from '@nestjs/common';
import { createClient, Client } from 'graphql-ws';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import type { AgentRole, AgentStatus } from '../../src/core/agents/agent.entity';
import { AgentService } from '../../src/core/agents/agent.service';
import type { HubConfig } from '../../src/core/config/config.schema';
import { WorkspaceService } from '../../src/core/workspaces/workspace.service';
import { CONFIG, REDIS } from '../../src/core/tokens';
import { postApiMessage } from './webhooks';

/** GraphQL-level builders: data goes in through the services or the API, never seed data. */

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
  /** The raw body, for "must not contain" checks. */
  raw: string;
}

/** A plain fetch POST to /graphql, as any client would send it. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await res.text();
  const body = JSON.parse(raw) as { data?: T | null; errors?: GqlError[] };
  return { status: res.status, data: body.data, errors: body.errors, raw };
}

/** The data of a response that must have succeeded; fails with the errors otherwise. */
export function ok<T>(response: GqlResponse<T>): T {
  if (response.errors?.length || !response.data)
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response.raw)}`);
  return response.data;
}

export function errorCode(response: GqlResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

export interface TestAgent {
  id: string;
  workspaceId: string;
  email: string;
  password: string;
  token: string;
}

export async function loginToken(
  url: string,
  email: string,
  password: string,
  workspaceId?: string,
): Promise<string> {
  const data = ok(
    await gql<{ login: { token: string } }>(
      url,
      undefined,
      'mutation($email: String!, $password: String!, $workspaceId: ID) { login(email: $email, password: $password, workspaceId: $workspaceId) { token } }',
      { email, password, workspaceId },
    ),
  );
  return data.login.token;
}

function hubUrl(app: INestApplicationContext): string {
  // startHub listens on 127.0.0.1:<random>; the app's address is the source of truth.
  const address = (app as unknown as { getHttpServer(): { address(): { port: number } } })
    .getHttpServer()
    .address();
  return `http://127.0.0.1:${address.port}`;
}

/** A fresh workspace and its owner (owners hold every admin right), logged in. */
export async function createWorkspaceWithAdmin(
  app: INestApplicationContext,
  opts: { name?: string; email?: string; password?: string } = {},
): Promise<{ workspaceId: string; admin: TestAgent }> {
  const workspace = await app
    .get(WorkspaceService)
    .createWorkspace(opts.name ?? `Workspace ${randomUUID().slice(0, 8)}`);
  const email = opts.email ?? `owner-${randomUUID()}@example.test`;
  const password = opts.password ?? `pw-${randomUUID()}`;
  const owner = await app.get(AgentService).createOwner(workspace.id, { email, name: 'Owner', password });
  const token = await loginToken(hubUrl(app), email, password, workspace.id);
  return {
    workspaceId: workspace.id,
    admin: { id: owner.id, workspaceId: workspace.id, email, password, token },
  };
}

/** An agent of `workspaceId`, created through AgentService as that workspace's owner would, logged in. */
export async function createAgent(
  app: INestApplicationContext,
  workspaceId: string,
  opts: {
    status?: AgentStatus;
    capacity?: number;
    role?: AgentRole;
    email?: string;
    name?: string;
    password?: string;
  } = {},
): Promise<TestAgent> {
  const email = opts.email ?? `agent-${randomUUID()}@example.test`;
  const password = opts.password ?? `pw-${randomUUID()}`;
  const actingOwner = { agentId: randomUUID(), workspaceId, role: 'owner' as const };
  const agent = await app.get(AgentService).createAgent(actingOwner, {
    email,
    name: opts.name ?? 'Agent',
    password,
    role: opts.role ?? 'agent',
    capacity: opts.capacity ?? 5,
    status: opts.status ?? 'offline',
  });
  const token = await loginToken(hubUrl(app), email, password, workspaceId);
  return { id: agent.id, workspaceId, email, password, token };
}

export interface TestIntegration {
  id: string;
  secret: string;
  webhookUrl: string;
}

/** An `api` integration created through GraphQL by an admin. */
export async function createApiIntegration(
  url: string,
  adminToken: string,
  name = 'API inbox',
): Promise<TestIntegration> {
  const data = ok(
    await gql<{
      createIntegration: {
        integration: { id: string; webhookUrl: string };
        generatedSecrets: { signingSecret: string };
      };
    }>(
      url,
      adminToken,
      'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id webhookUrl } generatedSecrets } }',
      { input: { connectorId: 'api', name, settings: {} } },
    ),
  );
  const { integration, generatedSecrets } = data.createIntegration;
  return { id: integration.id, webhookUrl: integration.webhookUrl, secret: generatedSecrets.signingSecret };
}

/**
 * A conversation opened the way customers open them: a signed webhook through the real ingest
 * path. Returns its id (looked up by the contact's identity, which only the test knows).
 */
export async function createConversation(
  app: INestApplicationContext,
  integration: TestIntegration,
  opts: { contactId?: string; text?: string } = {},
): Promise<{ conversationId: string; contactExternalId: string }> {
  const contactExternalId = opts.contactId ?? `contact-${randomUUID()}`;
  const posted = await postApiMessage(hubUrl(app), integration.id, integration.secret, {
    contactId: contactExternalId,
    text: opts.text,
  });
  if (posted.status !== 200) throw new Error(`webhook answered ${posted.status}: ${posted.body}`);
  const rows: { id: string }[] = await app.get(DataSource).query(
    `SELECT c.id FROM conversations c
       JOIN contact_identities ci ON ci.workspace_id = c.workspace_id AND ci.contact_id = c.contact_id AND ci.integration_id = c.integration_id
      WHERE ci.integration_id = $1 AND ci.external_id = $2 AND c.status <> 'resolved'`,
    [integration.id, contactExternalId],
  );
  if (rows.length !== 1)
    throw new Error(`expected one conversation for ${contactExternalId}, found ${rows.length}`);
  return { conversationId: rows[0].id, contactExternalId };
}

export interface SubscriptionCollector<T> {
  events: T[];
  errors: unknown[];
  /** Resolves with the first event matching `predicate` (already received or future). */
  waitFor(predicate: (event: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Resolves with the first error (a refused connection shows up here). */
  waitForError(timeoutMs?: number): Promise<unknown>;
  /** Resolves when the server completes the subscription. */
  waitForComplete(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes over graphql-ws with `ws`, authenticating in the handshake, and collects what
 * arrives. `select` picks the payload field (e.g. 'workspaceEvents').
 */
export function subscribe<T = Record<string, unknown>>(
  wsUrl: string,
  token: string,
  query: string,
  select?: string,
): SubscriptionCollector<T> {
  const client: Client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // reported through the sink below
  });
  const events: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  client.subscribe<Record<string, unknown>>(
    { query },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        else if (result.data) events.push((select ? result.data[select] : result.data) as T);
        notify();
      },
      error: (error) => {
        errors.push(error);
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  const waitUntil = <R>(probe: () => R | undefined, timeoutMs: number, what: string) =>
    new Promise<R>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `${what} not received within ${timeoutMs} ms; events: ${JSON.stringify(events)}; errors: ${JSON.stringify(errors)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    events,
    errors,
    waitFor: (predicate, timeoutMs = 5000) =>
      waitUntil(() => events.find(predicate), timeoutMs, 'matching event'),
    waitForError: (timeoutMs = 5000) => waitUntil(() => errors[0], timeoutMs, 'error'),
    waitForComplete: (timeoutMs = 5000) =>
      waitUntil(() => (completed ? (true as const) : undefined), timeoutMs, 'completion').then(
        () => undefined,
      ),
    close: async () => {
      await client.dispose();
    },
  };
}

/**
 * Resolves once this hub process listens on the workspace's event channel, so events published
 * afterwards reach a subscription that was just opened (graphql-ws has no "subscribed" ack).
 */
export async function untilSubscribed(
  app: INestApplicationContext,
  workspaceId: string,
  timeoutMs = 5000,
): Promise<void> {
  const redis = app.get<Redis>(REDIS);
  const channel = `${app.get<HubConfig>(CONFIG).REDIS_PREFIX}:events:${workspaceId}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    if (Number(count) > 0) return;
    if (Date.now() > deadline) throw new Error(`nobody subscribed to ${channel} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
