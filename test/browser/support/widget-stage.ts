import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createAgent, createWorkspaceWithAdmin, ok, type TestAgent } from '../../support/factories';
import { startHub, type TestHub } from '../../support/hub';
import { createWidgetIntegration, updateWidgetConfig } from '../../support/widget';
import { launchChromium } from './chromium';
import { HostSite } from './host-site';
import { TcpProxy } from './tcp-proxy';
import { launcher, VIEWPORT } from './widget-page';

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

/** What `useWidgetStage` gives a describe block; read it in hooks and tests, not while Jest collects them. */
export interface StageForTests {
  readonly hub: TestHub;
  readonly proxy: TcpProxy;
  readonly site: HostSite;
  /** A page in a browser context of its own (VIEWPORT unless `options` say otherwise), not yet navigated. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** newPage, then `url`, once the widget's launcher is on it. */
  visit(url: string, options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Registers the hooks of a describe block of browser tests: one stage for the block, started in
 * beforeAll and closed in afterAll; after each test, the browser contexts it opened are closed and
 * the visitor's network is back (a test that cut it cannot leave it cut).
 */
export function useWidgetStage(env: Record<string, string> = {}): StageForTests {
  let stage: WidgetStage | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    stage = await startWidgetStage(env);
  });
  afterEach(async () => {
    stage?.proxy.restore();
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(() => stage?.close());

  const started = (): WidgetStage => {
    if (!stage) throw new Error('useWidgetStage starts its stage in beforeAll: read it in a hook or a test');
    return stage;
  };
  const newPage = async (options: BrowserContextOptions = {}): Promise<Page> => {
    const context = await started().browser.newContext({ viewport: VIEWPORT, ...options });
    contexts.push(context);
    return context.newPage();
  };
  return {
    get hub() {
      return started().hub;
    },
    get proxy() {
      return started().proxy;
    },
    get site() {
      return started().site;
    },
    newPage,
    async visit(url, options) {
      const page = await newPage(options);
      await page.goto(url);
      await launcher(page).waitFor();
      return page;
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
  stage: Pick<WidgetStage, 'hub' | 'site'>,
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
    ok(await updateWidgetConfig(hub.url, admin.token, integrationId, config));
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
