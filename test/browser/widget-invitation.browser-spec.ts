import type { Page } from 'playwright-core';
import { eventually } from '../support/hub';
import { invitationStats } from '../support/widget';
import { panelFrame, panelIframe } from './support/widget-page';
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

const INVITATION = {
  id: 'pricing-help',
  message: 'Questions about our plans? We are happy to help.',
  agentName: 'Grace',
  delaySeconds: 2,
  urlPattern: '*/pricing*',
};

/** The invitation card in the widget's shadow root (Playwright's CSS pierces it). */
const card = (page: Page) => page.locator('switchboard-widget [role="dialog"]');

/** Milliseconds since the page's navigation started, read in the page. */
const pageClock = (page: Page) => page.evaluate(() => performance.now());

describe('website widget in Chromium: proactive invitations', () => {
  const stage = useWidgetStage();

  it('invites on /pricing after its delay, never on /about, and counts shown and accepted', async () => {
    const ws = await createWidgetWorkspace(stage, { config: { invitations: [INVITATION] } });
    const about = await stage.visit(ws.pageUrl('/about'));
    const aboutReadyAt = await pageClock(about);
    const pricing = await stage.visit(ws.pageUrl('/pricing'));

    const shownAt = await pricing.waitForFunction(
      () => {
        const dialog = document
          .querySelector('switchboard-widget')
          ?.shadowRoot?.querySelector('[role="dialog"]');
        return dialog instanceof HTMLElement && !dialog.hidden ? performance.now() : false;
      },
      undefined,
      { polling: 50, timeout: 15000 },
    );
    expect(await shownAt.jsonValue()).toBeGreaterThanOrEqual(1500);
    await expect(card(pricing).textContent()).resolves.toContain(INVITATION.message);
    await expect(card(pricing).textContent()).resolves.toContain('Message from Grace');

    // Absence needs time: /about has been up for well over twice the delay.
    await about.waitForFunction((since) => performance.now() > since + 5000, aboutReadyAt, { polling: 100 });
    expect(await card(about).isVisible()).toBe(false);

    await card(pricing).getByRole('button', { name: 'Reply' }).click();
    await panelIframe(pricing).waitFor({ state: 'visible' });
    const frame = await panelFrame(pricing);
    await frame.locator('.sb-log .sb-bubble', { hasText: INVITATION.message }).waitFor();
    expect(await card(pricing).isVisible()).toBe(false);

    const stats = await eventually(async () => {
      const rows = await invitationStats(stage.hub.url, ws.admin.token, ws.integrationId);
      const row = rows.find((s) => s.invitationId === INVITATION.id);
      return row && row.accepted === 1 ? row : undefined;
    });
    expect(stats.shown).toBeGreaterThanOrEqual(1);
    expect(stats.accepted).toBe(1);
  });
});
