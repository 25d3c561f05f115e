import type { Page } from 'playwright-core';
import { prechatForm } from '../support/widget';
import { openingExchange } from './support/agent-console';
import {
  bubblesUntil,
  launcher,
  openWidget,
  panelFrame,
  panelIframe,
  submitPrechat,
} from './support/widget-page';
import { seriousViolations } from './support/axe';
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

/** Whether the launcher button has the focus (it sits in the widget's shadow root). */
const launcherFocused = (page: Page) =>
  launcher(page).evaluate((button) => (button.getRootNode() as ShadowRoot).activeElement === button);

describe('website widget in Chromium: accessibility', () => {
  const stage = useWidgetStage();

  it('has no serious or critical axe violations: launcher, pre-chat form, conversation', async () => {
    const ws = await createWidgetWorkspace(stage, {
      config: { prechat: prechatForm('name', 'email', 'topic', 'gdpr') },
    });
    const page = await stage.visit(ws.pageUrl('/'));
    expect(await seriousViolations(page, 'host page, launcher closed')).toEqual([]);

    const frame = await openWidget(page);
    await frame.locator('.sb-prechat').waitFor();
    expect(await seriousViolations(page, 'host page, panel open')).toEqual([]);
    expect(await seriousViolations(frame, 'panel, pre-chat form')).toEqual([]);

    await frame.getByRole('button', { name: 'Start the chat' }).click();
    await frame.locator('[aria-invalid="true"]').first().waitFor();
    expect(await seriousViolations(frame, 'panel, pre-chat form with errors')).toEqual([]);

    await submitPrechat(frame, { name: 'Ada', topic: 'Orders' });
    await openingExchange(stage.hub, ws, frame, {
      visitor: 'Hello, is this accessible? https://example.test/help',
      reply: 'Yes! Write to help@example.test any time.',
    });
    expect(await seriousViolations(frame, 'panel, conversation')).toEqual([]);
  });

  it('works from the keyboard: Tab to the launcher, Enter opens, Enter sends, Escape closes', async () => {
    const ws = await createWidgetWorkspace(stage);
    const page = await stage.visit(ws.pageUrl('/'));

    await page.keyboard.press('Tab');
    expect(await launcherFocused(page)).toBe(true);
    await page.keyboard.press('Enter');
    await panelIframe(page).waitFor({ state: 'visible' });
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    const frame = await panelFrame(page);
    await frame.waitForFunction(() => document.hasFocus() && document.activeElement?.id === 'sb-composer');

    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    expect(await bubblesUntil(frame, (b) => b.length === 1 && !b[0].pending, 'the typed message')).toEqual([
      { side: 'visitor', text: 'Typed without a mouse', pending: false },
    ]);

    await page.keyboard.press('Escape');
    await panelIframe(page).waitFor({ state: 'hidden' });
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    expect(await launcherFocused(page)).toBe(true);
  });
});
