import { randomUUID } from 'node:crypto';
import type { Frame, Locator, Page } from 'playwright-core';
import type { AgentRole, AgentStatus } from '../../../src/core/agents/agent.entity';
import { createAgent, createWorkspaceWithAdmin, gql, ok, type TestAgent } from '../../support/factories';
import { eventually } from '../../support/hub';
import { createWidgetIntegration } from '../../support/widget';
import type { WidgetStage } from './widget-stage';

/** Wide enough for the console's three columns (list, chat, contact panel). */
export const CONSOLE_VIEWPORT = { width: 1280, height: 800 };

/** An agent of a console test: a TestAgent and the name the console shows. */
export interface ConsoleAgent extends TestAgent {
  name: string;
}

/** A workspace with its owner, the agents a test asked for, and a website widget on the host site. */
export interface ConsoleWorkspace {
  workspaceId: string;
  /** Offline: routing never picks the owner. */
  owner: TestAgent;
  agents: ConsoleAgent[];
  integrationId: string;
  /** A page of the host site that embeds this widget. */
  pageUrl(path?: string): string;
}

/**
 * A fresh workspace for a console test: the owner, then one agent per entry of `agents` (offline
 * unless told, capacity 5, role `agent` unless told), and a website widget allowed on the host site.
 */
export async function createConsoleWorkspace(
  stage: Pick<WidgetStage, 'hub' | 'site'>,
  agents: { name: string; role?: AgentRole; status?: AgentStatus; capacity?: number }[],
): Promise<ConsoleWorkspace> {
  const { hub, site } = stage;
  const { workspaceId, admin: owner } = await createWorkspaceWithAdmin(hub.app);
  const created: ConsoleAgent[] = [];
  for (const spec of agents) {
    const agent = await createAgent(hub.app, workspaceId, {
      name: spec.name,
      role: spec.role ?? 'agent',
      status: spec.status ?? 'offline',
      capacity: spec.capacity ?? 5,
    });
    created.push({ ...agent, name: spec.name });
  }
  const { id: integrationId } = await createWidgetIntegration(hub.url, owner.token, {
    allowedOrigins: site.origin,
    name: `Website ${randomUUID().slice(0, 8)}`,
  });
  return {
    workspaceId,
    owner,
    agents: created,
    integrationId,
    pageUrl: (path = '/') => site.pageUrl(integrationId, path),
  };
}

/** "Connecting…" or "Reconnecting…" in the console's live-connection banner (role="status"). */
export function connectionBanner(page: Page): Locator {
  return page.getByRole('status').getByText(/^(Connecting…|Reconnecting…)/);
}

/**
 * Opens the console at `baseUrl` (the hub, or a proxy in front of it) and signs in with the
 * agent's email and password as a person does; resolves once the live connection is up and the
 * lists are loaded.
 */
export async function signInToConsole(page: Page, baseUrl: string, agent: TestAgent): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await untilConsoleReady(page);
}

/** The live connection is up (no banner) and the chat lists have loaded. */
export async function untilConsoleReady(page: Page, timeoutMs = 15000): Promise<void> {
  await connectionBanner(page).waitFor({ state: 'detached', timeout: timeoutMs });
  await page
    .getByRole('tabpanel')
    .getByText('Loading…', { exact: true })
    .waitFor({ state: 'detached', timeout: timeoutMs });
}

/** Sets my status with the console's status switch and waits until the hub has stored it. */
export async function setStatusInConsole(
  page: Page,
  hubUrl: string,
  agent: TestAgent,
  status: 'ACCEPTING' | 'NOT_ACCEPTING' | 'OFFLINE',
): Promise<void> {
  await page.getByLabel('My status').selectOption(status);
  await eventually(
    async () => {
      const data = ok(await gql<{ me: { status: string } }>(hubUrl, agent.token, 'query { me { status } }'));
      return data.me.status === status ? true : undefined;
    },
    10000,
    `the agent's status ${status}`,
  );
}

/** A tab of the chat lists by its label ("My chats", "Queued", "All open", "Resolved"). */
export function chatTab(page: Page, label: string): Locator {
  // The tab's name may end with its badge ("Unread messages: 1").
  return page.getByRole('tab', { name: new RegExp(`^${label}`) });
}

/** The rows (links) of the chat list tab on screen. */
export function chatRows(page: Page): Locator {
  return page.getByRole('tabpanel').getByRole('link');
}

/** The console's reply box; its label is "Private note" in note mode. */
export function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: /^(Reply|Private note)$/ });
}

/** Types `text` into the composer and sends it with Enter, as an agent does. */
export async function sendFromConsole(page: Page, text: string): Promise<void> {
  const box = composer(page);
  await box.fill(text);
  await box.press('Enter');
}

export interface ShownMessage {
  /** in: from the contact; out: from an agent or bot; system: a system line. */
  side: 'in' | 'out' | 'system';
  /** A private note. */
  note: boolean;
  /** Not yet stored by the hub (the bubble of a reply on its way). */
  pending: boolean;
  author: string;
  text: string;
}

/** The messages of the open chat as the log shows them, in order on screen. */
export function shownMessages(page: Page): Promise<ShownMessage[]> {
  return page
    .getByRole('log', { name: 'Messages' })
    .locator('li.message')
    .evaluateAll((items) =>
      items.map((li) => {
        const system = li.classList.contains('message--system');
        const text = system
          ? Array.from(li.childNodes)
              .filter((n) => n.nodeName !== 'TIME')
              .map((n) => n.textContent ?? '')
              .join('')
          : (li.querySelector('.message__text')?.textContent ?? '');
        return {
          side: (system ? 'system' : li.classList.contains('message--in') ? 'in' : 'out') as
            'in' | 'out' | 'system',
          note: li.classList.contains('message--note'),
          pending: li.classList.contains('message--pending'),
          author: li.querySelector('.message__author')?.textContent ?? '',
          text,
        };
      }),
    );
}

/** Waits until the open chat shows messages that satisfy `done`, and returns them. */
export function messagesUntil(
  page: Page,
  done: (shown: ShownMessage[]) => boolean,
  what: string,
  timeoutMs = 15000,
): Promise<ShownMessage[]> {
  let last: ShownMessage[] = [];
  return eventually(
    async () => {
      last = await shownMessages(page);
      return done(last) ? last : undefined;
    },
    timeoutMs,
    what,
  ).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}; the console shows ${JSON.stringify(last)}`);
  });
}

/**
 * Starts watching `target` for an element matching `selector` (a MutationObserver in the page)
 * and resolves with the wall-clock time (Date.now() in the browser) at which it first matched, or
 * rejects after `timeoutMs`. Start it before the action that makes the element appear; clocks of
 * pages of one browser, and of the test, are comparable.
 */
export function whenPresent(target: Page | Frame, selector: string, timeoutMs = 15000): Promise<number> {
  return target
    .evaluate(
      ([sel, timeout]) =>
        new Promise<number | null>((resolve) => {
          if (document.querySelector(sel)) return resolve(Date.now());
          const observer = new MutationObserver(() => {
            if (!document.querySelector(sel)) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(Date.now());
          });
          const timer = setTimeout(() => {
            observer.disconnect();
            resolve(null);
          }, timeout);
          observer.observe(document, { subtree: true, childList: true, attributes: true });
        }),
      [selector, timeoutMs] as const,
    )
    .then((at) => {
      if (at === null) throw new Error(`${selector} did not appear within ${timeoutMs} ms`);
      return at;
    });
}
