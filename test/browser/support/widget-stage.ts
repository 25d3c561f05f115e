import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { createAgent, createWorkspaceWithAdmin, gql, ok, type TestAgent } from '../../support/factories';
import { eventually, startHub, type TestHub } from '../../support/hub';
import { createWidgetIntegration } from '../../support/widget';
import { launchChromium } from './chromium';
import { HostSite } from './host-site';
import { TcpProxy } from './tcp-proxy';

/**
 * Everything a browser test of the widget runs against: the hub in-process (role `all`, serving
 * the built widget from dist/web/widget), a TCP proxy in front of it that is the hub's public URL
 * (the loader, the iframe and the websocket all go through it), the business's website on another
 * origin, and Chromium.
 */
export interface WidgetStage {
  hub: TestHub;
  proxy: TcpProxy;
  site: HostSite;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWidgetStage(env: Record<string, string> = {}): Promise<WidgetStage> {
  const proxy = await TcpProxy.start();
  const hub = await startHub({ HUB_ROLE: 'all', PUBLIC_BASE_URL: proxy.url, ...env });
  proxy.forwardTo(Number(new URL(hub.url).port));
  const site = await HostSite.start(proxy.url);
  const browser = await launchChromium();
  return {
    hub,
    proxy,
    site,
    browser,
    close: async () => {
      await browser.close();
      await site.close();
      await proxy.close();
      await hub.close();
    },
  };
}

/** A workspace with one accepting agent and a website widget allowed on the host site. */
export interface WidgetWorkspace {
  workspaceId: string;
  admin: TestAgent;
  agent: TestAgent;
  integrationId: string;
  /** A page of the host site that embeds this widget. */
  pageUrl(path?: string): string;
  /** Replaces the widget's customization (updateWidgetConfig), as an admin would. */
  configure(config: Record<string, unknown>): Promise<void>;
}

export async function createWidgetWorkspace(
  stage: WidgetStage,
  opts: { config?: Record<string, unknown>; agentName?: string } = {},
): Promise<WidgetWorkspace> {
  const { hub, site } = stage;
  const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
  const agent = await createAgent(hub.app, workspaceId, {
    status: 'accepting',
    name: opts.agentName ?? 'Grace',
  });
  const { id: integrationId } = await createWidgetIntegration(hub.url, admin.token, {
    allowedOrigins: site.origin,
    name: `Website ${randomUUID().slice(0, 8)}`,
  });
  const configure = async (config: Record<string, unknown>) => {
    ok(
      await gql(
        hub.url,
        admin.token,
        'mutation($id: ID!, $c: JSONObject!) { updateWidgetConfig(integrationId: $id, config: $c) }',
        { id: integrationId, c: config },
      ),
    );
  };
  if (opts.config) await configure(opts.config);
  return {
    workspaceId,
    admin,
    agent,
    integrationId,
    pageUrl: (path = '/') => site.pageUrl(integrationId, path),
    configure,
  };
}

/** The agent replies through GraphQL, as the console does; returns the stored message. */
export async function agentReply(
  hub: TestHub,
  agent: TestAgent,
  conversationId: string,
  text: string,
): Promise<{ id: string; seq: number }> {
  const data = ok(
    await gql<{ sendMessage: { id: string; seq: number } }>(
      hub.url,
      agent.token,
      'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }',
      { input: { conversationId, clientMessageId: randomUUID(), text } },
    ),
  );
  return data.sendMessage;
}

/** The conversation's messages as the agent sees them, oldest first. */
export async function agentView(
  hub: TestHub,
  agent: TestAgent,
  conversationId: string,
): Promise<{ text: string | null; direction: string; deliveryStatus: string | null }[]> {
  const data = ok(
    await gql<{
      messagesSince: { text: string | null; direction: string; deliveryStatus: string | null }[];
    }>(
      hub.url,
      agent.token,
      'query($id: ID!) { messagesSince(conversationId: $id, afterSeq: 0, limit: 200) { text direction deliveryStatus } }',
      { id: conversationId },
    ),
  );
  return data.messagesSince;
}

/**
 * The one conversation of a fresh workspace once it is assigned to `agent`, as the agent's console
 * lists it ("mine"); waits for the routing worker.
 */
export async function assignedConversation(
  hub: TestHub,
  agent: TestAgent,
  timeoutMs = 15000,
): Promise<string> {
  return eventually(
    async () => {
      const data = ok(
        await gql<{ conversations: { edges: { node: { id: string } }[] } }>(
          hub.url,
          agent.token,
          'query { conversations(first: 2, filter: { mine: true }) { edges { node { id } } } }',
        ),
      );
      const ids = data.conversations.edges.map((e) => e.node.id);
      if (ids.length > 1) throw new Error(`expected one conversation, found ${ids.length}`);
      return ids[0];
    },
    timeoutMs,
    'a conversation assigned to the agent',
  );
}
