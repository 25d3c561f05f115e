import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createApiIntegration, createWorkspaceWithAdmin, ok, type TestAgent } from '../support/factories';
import { eventually } from '../support/hub';
import { postWebhook, signedHeaders } from '../support/webhooks';
import { createWidgetIntegration, updateWidgetConfig } from '../support/widget';
import {
  CONSOLE_VIEWPORT,
  signInToConsole,
  visitorOpensChat,
  type ConsoleVisitor,
} from './support/console-login';
import { useWidgetStage, type StageForTests } from './support/widget-stage';
import { RUN, XSS_VECTORS } from './support/xss-vectors';

/**
 * Customer text, each of which runs RUN if the console ever treated it as markup, a URL or a
 * template: the widget's vectors (widget-xss.browser-spec.ts) and a few aimed at the console's
 * React views (the elements names and answers sit in). Distinct after trimming, none with a
 * network target but loopback.
 */
const VECTORS = [
  ...XSS_VECTORS,
  // The console's own views: a name sits in <bdi> and <h2>, an answer in <dd>, a draft in <q>.
  `</bdi></h2><img src=x onerror=${RUN}>`,
  `</dd></dl><svg onload=${RUN}>`,
  `</q><iframe src="javascript:${RUN}"></iframe>`,
  `{"__html":"<img src=x onerror=${RUN}>"}`,
  `<template><script>${RUN}</script></template><img src=x onerror=${RUN}>`,
  `<svg><a xlink:href="javascript:${RUN}"><text x="5" y="15">svg link</text></a></svg>`,
  `<a href="mailto:a@example.test" onclick="${RUN}">mail me</a>`,
];

const N = VECTORS.length;
const at = (i: number) => VECTORS[i % N];

/** The survey of the widget the vectors come through: a name and three free-text questions. */
const SURVEY = {
  enabled: true,
  fields: [
    { id: 'name', type: 'name', label: 'Your name', required: true },
    { id: 'topic', type: 'text', label: 'What can we help with?', required: true },
    { id: 'order', type: 'text', label: 'Order number', required: false },
    { id: 'notes', type: 'text', label: 'Anything else?', required: false },
  ],
};

/**
 * Visitor `i` of the survey widget: named VECTORS[i], answering the next three vectors, on a page
 * titled VECTORS[i], with VECTORS[i + 4] in a session variable, writing VECTORS[i], then typing
 * VECTORS[i + 5] (the draft an admin sees).
 */
function visitorInput(i: number) {
  return {
    text: at(i),
    answers: { name: at(i), topic: at(i + 1), order: at(i + 2), notes: at(i + 3) },
    pages: [{ url: `https://shop.example.com/products/${i}`, title: at(i) }],
    variables: { cart: at(i + 4) },
    draft: at(i + 5),
  };
}

/** Where the console shows customer text, and the elements allowed inside each of those places. */
const CUSTOMER_TEXT_PLACES: Record<string, string[]> = {
  '.chat-row__name': [],
  '#chat-title': ['BDI'],
  '.message__bubble': ['P', 'BDI', 'SPAN', 'A', 'TIME'],
  '.contact-panel': 'SECTION H3 H4 P BDI DL DT DD DIV A SPAN OL UL LI TIME'.split(' '),
  '.typing-line': ['P', 'SPAN', 'Q'],
};

interface ConsoleView {
  xss: unknown;
  /** Content-Security-Policy violations reported in the page (an inline script or handler blocked). */
  csp: string[];
  scripts: number;
  rowNames: string[];
  title: string;
  messageTexts: string[];
  authors: string[];
  panelName: string;
  /** The pre-chat answers, in the survey's order. */
  answers: string[];
  pageLinks: string[];
  variables: string[];
  /** The open chat's visitor draft (sneak peek). */
  draft: string;
  /** Elements in customer-text places that the console never puts there. */
  strangers: string[];
  /** Event-handler attributes on anything in those places. */
  handlers: string[];
  /** Resolved hrefs of links in those places. */
  hrefs: string[];
}

/** Reads the console's document: the canaries, and what the customer-text places hold. */
function inspectConsole(page: Page): Promise<ConsoleView> {
  return page.evaluate((places) => {
    const texts = (selector: string) =>
      Array.from(document.querySelectorAll(selector)).map((e) => e.textContent ?? '');
    const section = (title: string) =>
      Array.from(document.querySelectorAll('.contact-panel .panel-section')).find(
        (s) => s.querySelector('.panel-section__title')?.textContent === title,
      );
    const strangers: string[] = [];
    const handlers: string[] = [];
    const hrefs: string[] = [];
    for (const [selector, allowed] of Object.entries(places)) {
      for (const root of Array.from(document.querySelectorAll(selector))) {
        for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
          if (element !== root && !allowed.includes(element.tagName))
            strangers.push(element.outerHTML.slice(0, 200));
          for (const name of element.getAttributeNames())
            if (/^on/i.test(name) || name === 'srcdoc') handlers.push(`${element.tagName} ${name}`);
          if (element instanceof HTMLAnchorElement) hrefs.push(element.href);
        }
      }
    }
    const visitor = section('Visitor');
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
      scripts: document.scripts.length,
      rowNames: texts('.chat-row__name'),
      title: document.querySelector('#chat-title')?.textContent ?? '',
      messageTexts: texts('.message__text'),
      authors: texts('.message__author'),
      panelName: document.querySelector('.contact-panel__name')?.textContent ?? '',
      answers: Array.from(section('Pre-chat answers')?.querySelectorAll('dd') ?? []).map(
        (dd) => dd.textContent ?? '',
      ),
      pageLinks: Array.from(visitor?.querySelectorAll('a') ?? []).map((a) => a.textContent ?? ''),
      variables: Array.from(visitor?.querySelectorAll('h4 + dl dd') ?? []).map((dd) => dd.textContent ?? ''),
      draft: document.querySelector('.typing-line__draft')?.textContent ?? '',
      strangers,
      handlers,
      hrefs,
    };
  }, CUSTOMER_TEXT_PLACES);
}

/**
 * A workspace whose owner signs in to the console, with a website widget customized with `config`
 * (no agent accepts chats: they stay queued, listed under "All open").
 */
async function ownerWorkspace(stage: StageForTests, config?: Record<string, unknown>) {
  const { admin } = await createWorkspaceWithAdmin(stage.hub.app);
  const { id: integrationId } = await createWidgetIntegration(stage.hub.url, admin.token, {
    allowedOrigins: stage.site.origin,
  });
  if (config) ok(await updateWidgetConfig(stage.hub.url, admin.token, integrationId, config));
  return { admin, integrationId };
}

/**
 * The owner's console in English, with the canaries armed: a dialog listener, and a listener for
 * CSP violations (an injected inline script or handler would be blocked by the console's CSP, and
 * reported here), installed before the console's scripts run.
 */
async function ownerConsole(stage: StageForTests, owner: TestAgent) {
  const page = await stage.newPage({ viewport: CONSOLE_VIEWPORT, locale: 'en-US' });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  await signInToConsole(page, stage.hub.url, owner);
  await page.getByRole('tab', { name: 'All open', exact: true }).click();
  const scripts = (await inspectConsole(page)).scripts;
  return { page, dialogs, errors, scripts };
}

/** Waits until the console shows what `ready` wants, and returns it. */
function viewUntil(page: Page, ready: (view: ConsoleView) => boolean, what: string): Promise<ConsoleView> {
  let last: ConsoleView | undefined;
  return eventually(
    async () => {
      last = await inspectConsole(page);
      return ready(last) ? last : undefined;
    },
    15000,
    what,
  ).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}; the console shows ${JSON.stringify(last)}`);
  });
}

/** Nothing ran, nothing was injected, links are http(s) or mailto only. */
function expectInert(view: ConsoleView, scripts: number) {
  expect(view.xss).toBeUndefined();
  expect(view.csp).toEqual([]);
  expect(view.scripts).toBe(scripts);
  expect(view.strangers).toEqual([]);
  expect(view.handlers).toEqual([]);
  for (const href of view.hrefs) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
}

describe('agent console in Chromium: customer text is never markup', () => {
  const stage = useWidgetStage();

  it(`has at least 50 distinct vectors (${N})`, () => {
    expect(new Set(VECTORS.map((v) => v.trim())).size).toBe(N);
    expect(N).toBeGreaterThanOrEqual(50);
  });

  it(`renders ${N} XSS vectors in a contact's messages (api connector webhooks) as plain text`, async () => {
    const { admin } = await ownerWorkspace(stage);
    const api = await createApiIntegration(stage.hub.url, admin.token);
    for (const text of VECTORS) {
      const body = JSON.stringify({
        type: 'message',
        id: randomUUID(),
        contact: { id: 'xss-messages', name: 'Webhook contact' },
        text,
      });
      const posted = await postWebhook(stage.hub.url, api.id, body, signedHeaders(api.secret, body));
      expect(posted.status).toBe(200);
    }

    const { page, dialogs, errors, scripts } = await ownerConsole(stage, admin);
    await page.locator('.chat-row').click();
    const view = await viewUntil(page, (v) => v.messageTexts.length === N, 'every vector in the chat view');

    // The api connector keeps text exactly (the widget trims it).
    expect(view.messageTexts).toEqual(VECTORS);
    expect(view.hrefs.length).toBeGreaterThan(0);
    expectInert(view, scripts);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  // A list page holds 50 chats: the vectors come as names and answers in two workspaces.
  const halves = [
    [0, Math.ceil(N / 2)],
    [Math.ceil(N / 2), N],
  ] as const;
  it.each(halves)(
    'renders vectors %i to %i as names, pre-chat answers, drafts, page titles and variables as plain text',
    async (from, to) => {
      const { admin, integrationId } = await ownerWorkspace(stage, { prechat: SURVEY });
      const visitors = new Map<number, ConsoleVisitor>();
      for (let i = from; i < to; i++)
        visitors.set(
          i,
          await visitorOpensChat(stage.hub.url, integrationId, stage.site.origin, visitorInput(i)),
        );
      const expectedNames = VECTORS.slice(from, to).map((v) => v.trim());

      const { page, dialogs, errors, scripts } = await ownerConsole(stage, admin);
      const list = await viewUntil(page, (v) => v.rowNames.length === to - from, 'every chat in the list');
      expect([...list.rowNames].sort()).toEqual([...expectedNames].sort());
      expectInert(list, scripts);

      for (let i = from; i < to; i++) {
        const name = at(i).trim();
        const input = visitorInput(i);
        // Rows are found by what they show, so a list that moved meanwhile cannot mislead the click.
        const row = (await inspectConsole(page)).rowNames.indexOf(name);
        await page.locator('.chat-row').nth(row).click();
        await viewUntil(
          page,
          (v) => v.title === name && v.answers.length === 4 && v.variables.length === 1,
          `chat ${i} open with its contact panel`,
        );
        await visitors.get(i)?.type(input.draft);
        const view = await viewUntil(
          page,
          (v) => v.messageTexts.length === 1 && v.draft === input.draft,
          `the draft of chat ${i}`,
        );
        expect(view.title).toBe(name);
        expect(view.panelName).toBe(name);
        expect(view.authors).toEqual([name]);
        expect(view.messageTexts).toEqual([input.text.trim()]);
        expect(view.answers).toEqual(Object.values(input.answers).map((v) => v.trim()));
        expect(view.pageLinks).toEqual([input.pages[0].title.trim(), input.pages[0].title.trim()]);
        expect(view.variables).toEqual([input.variables.cart]);
        expect(view.draft).toBe(input.draft);
        expectInert(view, scripts);
      }
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    },
    120000,
  );
});
