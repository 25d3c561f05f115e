import type { AxeResults, ImpactValue } from 'axe-core';
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
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
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in a document (the host page or the panel's iframe; evaluated like a devtools
 * snippet, so the panel's CSP does not apply to the injection) and returns the serious and
 * critical violations, printed when there are any.
 */
async function seriousViolations(target: Page | Frame, what: string): Promise<Violation[]> {
  await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<AxeResults> };
    };
    // Each document is checked on its own: the host page's run does not reach into the panel.
    const results = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? undefined,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) console.log(`axe: ${what}\n${JSON.stringify(serious, null, 2)}`);
  return serious;
}

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
