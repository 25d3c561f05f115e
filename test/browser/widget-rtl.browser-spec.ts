import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { openingExchange } from './support/agent-console';
import { launcher, openWidget, panelIframe, VIEWPORT } from './support/widget-page';
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'images');

const SAMPLES = {
  en: {
    agent: 'Grace',
    visitor: 'Hi! Do you ship to Canada?',
    reply: 'Yes, we do. Orders to Canada arrive in 3–5 business days.',
  },
  ar: {
    agent: 'ليلى',
    visitor: 'مرحبًا! هل تشحنون إلى كندا؟',
    reply: 'نعم، نشحن إلى كندا. تصل الطلبات خلال ٣–٥ أيام عمل.',
  },
} as const;

/** Distance of an element from the left and right edges of its reference box, in px. */
interface Gaps {
  left: number;
  right: number;
}

async function gaps(element: Locator, reference: { x: number; width: number }): Promise<Gaps> {
  const box = await element.boundingBox();
  if (!box) throw new Error(`${element.toString()} is not visible`);
  return { left: box.x - reference.x, right: reference.x + reference.width - (box.x + box.width) };
}

/** Where the parts of the open widget sit, horizontally. */
async function layout(page: Page, frame: Frame) {
  const viewport = { x: 0, width: VIEWPORT.width };
  const iframeBox = await panelIframe(page).boundingBox();
  if (!iframeBox) throw new Error('the panel is not visible');
  return {
    dir: await frame.evaluate(() => document.documentElement.dir),
    lang: await frame.evaluate(() => document.documentElement.lang),
    launcher: await gaps(launcher(page), viewport),
    panel: await gaps(panelIframe(page), viewport),
    visitorBubble: await gaps(frame.locator('.sb-row--visitor .sb-bubble'), iframeBox),
    agentBubble: await gaps(frame.locator('.sb-row--agent:has(.sb-text) .sb-bubble'), iframeBox),
    composer: await gaps(frame.locator('#sb-composer'), iframeBox),
    send: await gaps(frame.locator('.sb-send'), iframeBox),
    minimize: await gaps(frame.locator('.sb-header .sb-icon-button'), iframeBox),
    title: await gaps(frame.locator('.sb-title'), iframeBox),
  };
}

/**
 * The message times depend on the clock; in the documentation screenshots they read 10:30 in the
 * panel's language, so the images only change when the widget does.
 */
async function fixTimes(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const format = new Intl.DateTimeFormat(document.documentElement.lang, {
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'UTC',
    });
    for (const time of Array.from(document.querySelectorAll('time')))
      time.textContent = format.format(Date.UTC(2025, 0, 15, 10, 30));
  });
}

describe('website widget in Chromium: right-to-left languages', () => {
  const stage = useWidgetStage();

  async function openChat(locale: 'en' | 'ar'): Promise<{ page: Page; frame: Frame }> {
    const sample = SAMPLES[locale];
    const ws = await createWidgetWorkspace(stage, { config: { locale }, agentName: sample.agent });
    const page = await stage.visit(ws.pageUrl('/'), { locale: 'en-US', timezoneId: 'UTC' });
    const frame = await openWidget(page);
    await openingExchange(stage.hub, ws, frame, sample);
    await frame.locator('.sb-status', { hasText: sample.agent }).waitFor();
    return { page, frame };
  }

  it('mirrors the launcher, the panel, the bubbles and the composer for Arabic', async () => {
    const en = await openChat('en');
    const ar = await openChat('ar');
    const ltr = await layout(en.page, en.frame);
    const rtl = await layout(ar.page, ar.frame);

    expect([ltr.dir, ltr.lang]).toEqual(['ltr', 'en']);
    expect([rtl.dir, rtl.lang]).toEqual(['rtl', 'ar']);
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(2);
    // Launcher and panel: the same offset from the other side of the page.
    expect(ltr.launcher.right).toBeLessThan(ltr.launcher.left);
    expect(rtl.launcher.left).toBeLessThan(rtl.launcher.right);
    close(ltr.launcher.right, rtl.launcher.left);
    expect(ltr.panel.right).toBeLessThan(ltr.panel.left);
    close(ltr.panel.right, rtl.panel.left);
    // The visitor's bubble hugs the end side, the agent's the start side.
    expect(ltr.visitorBubble.right).toBeLessThan(ltr.visitorBubble.left);
    expect(rtl.visitorBubble.left).toBeLessThan(rtl.visitorBubble.right);
    close(ltr.visitorBubble.right, rtl.visitorBubble.left);
    expect(ltr.agentBubble.left).toBeLessThan(ltr.agentBubble.right);
    expect(rtl.agentBubble.right).toBeLessThan(rtl.agentBubble.left);
    close(ltr.agentBubble.left, rtl.agentBubble.right);
    // Composer: the send button after the text field; header: minimize after the title.
    expect(ltr.send.left).toBeGreaterThan(ltr.composer.left);
    expect(rtl.send.right).toBeGreaterThan(rtl.composer.right);
    for (const part of ['send', 'composer', 'minimize'] as const) {
      close(ltr[part].left, rtl[part].right);
      close(ltr[part].right, rtl[part].left);
    }
    close(ltr.title.left, rtl.title.right);

    for (const [{ page, frame }, name] of [
      [en, 'widget-ltr.png'],
      [ar, 'widget-rtl.png'],
    ] as const) {
      await frame.locator('#sb-composer').blur();
      await fixTimes(frame);
      await page.screenshot({ path: join(SCREENSHOTS, name), animations: 'disabled', caret: 'hide' });
    }
  });
});
