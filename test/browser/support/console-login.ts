import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { bootVisitor, widgetApi } from '../../support/widget';

/** The console's size in these tests and in the screenshots: the contact panel shows above 1100 px. */
export const CONSOLE_VIEWPORT = { width: 1440, height: 900 };

/**
 * Signs in on the console's sign-in screen as an agent does, in whatever language it shows (the
 * fields are found by their autocomplete purpose), and waits for the chat lists, live.
 */
export async function signInToConsole(
  page: Page,
  hubUrl: string,
  agent: { email: string; password: string },
): Promise<void> {
  if (!page.url().startsWith(`${hubUrl}/console`)) await page.goto(`${hubUrl}/console/`);
  await page.locator('input[autocomplete="username"]').fill(agent.email);
  await page.locator('input[autocomplete="current-password"]').fill(agent.password);
  await page.locator('form button[type="submit"]').click();
  await page.getByRole('tablist').waitFor();
  // The banner shows until the live connection (graphql-ws) is up.
  await page.locator('.banner').waitFor({ state: 'detached' });
}

/** A visitor of a website widget, talking over the widget's HTTP API (docs/widget-protocol.md). */
export interface ConsoleVisitor {
  conversationId: string;
  /** Sends another message; resolves once the hub stored it. */
  say(text: string): Promise<void>;
  /** Types without sending: agents see "typing", the assignee and admins also the draft (sneak peek). */
  type(draft: string): Promise<void>;
}

type Sent = { message?: { conversationId: string } };

/**
 * A new visitor opens a chat: boots once per page in `pages` (the last is the current page, each
 * boot a visit), reports `variables`, then sends `text` with the pre-chat `answers`.
 */
export async function visitorOpensChat(
  hubUrl: string,
  integrationId: string,
  origin: string,
  opts: {
    text: string;
    answers?: Record<string, string | boolean>;
    pages?: { url: string; title: string }[];
    variables?: Record<string, string>;
    locale?: string;
  },
): Promise<ConsoleVisitor> {
  let token: string | undefined;
  for (const page of opts.pages ?? [{ url: 'https://shop.example.com/', title: 'Shop' }]) {
    const body = { visitorToken: token, page, locale: opts.locale };
    const boot = await bootVisitor(hubUrl, integrationId, body, origin);
    if (boot.status !== 200) throw new Error(`boot answered ${boot.status} ${JSON.stringify(boot.body)}`);
    token = boot.body.visitorToken;
  }
  const call = async (path: string, body: Record<string, unknown>) => {
    const answer = await widgetApi<Sent>(hubUrl, integrationId, 'POST', path, { token, body, origin });
    if (answer.status >= 300)
      throw new Error(`${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  if (opts.variables) await call('/session-variables', { variables: opts.variables });
  const send = (text: string, prechat?: Record<string, string | boolean>) =>
    call('/messages', { clientMessageId: randomUUID(), text, ...(prechat ? { prechat } : {}) });
  const first = await send(opts.text, opts.answers);
  const conversationId = first.message?.conversationId;
  if (!conversationId) throw new Error(`the first message has no conversation: ${JSON.stringify(first)}`);
  return {
    conversationId,
    say: async (text) => {
      await send(text);
    },
    type: async (draft) => {
      await call('/typing', { on: true, draft });
    },
  };
}
