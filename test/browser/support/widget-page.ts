import type { Frame, Locator, Page } from 'playwright-core';
import { eventually } from '../../support/hub';
import { CONSENT_LABEL } from '../../support/widget';

/** The viewport of the browser tests and of the documentation screenshots. */
export const VIEWPORT = { width: 1100, height: 760 };

/**
 * The launcher button on the host page. It lives in the widget's open shadow root, which
 * Playwright's CSS engine pierces; it is the only widget button with `aria-expanded`.
 */
export function launcher(page: Page): Locator {
  return page.locator('switchboard-widget button[aria-expanded]');
}

/** The panel's iframe element on the host page. */
export function panelIframe(page: Page): Locator {
  return page.locator('switchboard-widget iframe');
}

/** The panel's document, once the panel has drawn itself. */
export async function panelFrame(page: Page): Promise<Frame> {
  const element = await panelIframe(page).elementHandle();
  const frame = await element?.contentFrame();
  if (!frame) throw new Error('the widget iframe has no frame');
  await frame.waitForSelector('#sb-app .sb-log', { state: 'attached' });
  return frame;
}

/** Clicks the launcher and waits for the panel to show. */
export async function openWidget(page: Page): Promise<Frame> {
  await launcher(page).click();
  await panelIframe(page).waitFor({ state: 'visible' });
  return panelFrame(page);
}

export interface Bubble {
  side: 'visitor' | 'agent' | 'system';
  text: string;
  /** Not yet acknowledged by the hub. */
  pending: boolean;
}

/** The messages the panel shows (not the welcome or greeting), in the order on screen. */
export function bubbles(frame: Frame): Promise<Bubble[]> {
  return frame.locator('.sb-log > .sb-row').evaluateAll((rows) =>
    rows.flatMap((row) => {
      const text = row.querySelector(':scope > .sb-bubble > .sb-text');
      if (!text) return [];
      const side = row.classList.contains('sb-row--visitor')
        ? 'visitor'
        : row.classList.contains('sb-row--agent')
          ? 'agent'
          : 'system';
      return [
        {
          side: side as 'visitor' | 'agent' | 'system',
          text: text.textContent ?? '',
          pending: row.classList.contains('sb-row--pending'),
        },
      ];
    }),
  );
}

/** Waits until the panel shows messages that satisfy `done`, and returns them. */
export function bubblesUntil(
  frame: Frame,
  done: (shown: Bubble[]) => boolean,
  what: string,
  timeoutMs = 15000,
): Promise<Bubble[]> {
  let last: Bubble[] = [];
  return eventually(
    async () => {
      last = await bubbles(frame);
      return done(last) ? last : undefined;
    },
    timeoutMs,
    what,
  ).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}; the panel shows ${JSON.stringify(last)}`);
  });
}

/** Types into the composer and sends with Enter, as a visitor does. */
export async function sendFromComposer(frame: Frame, text: string): Promise<void> {
  const composer = frame.locator('#sb-composer');
  await composer.fill(text);
  await composer.press('Enter');
}

/**
 * Answers the pre-chat form of prechatForm('name', …, 'topic', 'gdpr') as a visitor does: a name,
 * a topic, consent; then starts the chat.
 */
export async function submitPrechat(frame: Frame, answers: { name: string; topic: string }): Promise<void> {
  await frame.getByLabel('Your name').fill(answers.name);
  await frame.getByLabel(answers.topic).check();
  await frame.getByLabel(CONSENT_LABEL).check();
  await frame.getByRole('button', { name: 'Start the chat' }).click();
}
