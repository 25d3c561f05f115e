import type { Frame } from 'playwright-core';
import { agentReply, assignedConversation } from './support/agent-console';
import { XSS_VECTORS } from './support/xss-vectors';
import { bubblesUntil, openWidget, sendFromComposer } from './support/widget-page';
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

const VECTORS = XSS_VECTORS;

interface Inspection {
  xss: unknown;
  scripts: number;
  /** Elements inside bubbles other than the text paragraph and links. */
  strangers: string[];
  /** Hrefs of links inside bubbles. */
  hrefs: string[];
}

/** Reads what the panel's document holds: the marker global, scripts, and what is inside bubbles. */
function inspectPanel(frame: Frame): Promise<Inspection> {
  return frame.evaluate(() => {
    const inBubbles = Array.from(document.querySelectorAll('.sb-bubble *'));
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      scripts: document.scripts.length,
      strangers: inBubbles.filter((e) => e.tagName !== 'P' && e.tagName !== 'A').map((e) => e.outerHTML),
      hrefs: inBubbles.filter((e) => e.tagName === 'A').map((e) => e.getAttribute('href') ?? ''),
    };
  });
}

describe('website widget in Chromium: message text is never markup', () => {
  // The visitor sends half the vectors in a row: more than the default 30 messages a minute.
  const stage = useWidgetStage({ WIDGET_MESSAGES_PER_MINUTE: '120' });

  it(`renders ${VECTORS.length} XSS vectors from the visitor and the agent as plain text`, async () => {
    expect(new Set(VECTORS.map((v) => v.trim())).size).toBe(VECTORS.length);
    expect(VECTORS.length).toBeGreaterThanOrEqual(50);
    const ws = await createWidgetWorkspace(stage);
    const page = await stage.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(ws.pageUrl('/'));
    const frame = await openWidget(page);

    const fromVisitor = VECTORS.filter((_, i) => i % 2 === 0);
    for (const text of fromVisitor) await sendFromComposer(frame, text);
    await bubblesUntil(
      frame,
      (b) => b.length === fromVisitor.length && b.every((m) => !m.pending),
      'the visitor vectors stored',
      30000,
    );
    const conversationId = await assignedConversation(stage.hub, ws.agent);
    for (const text of VECTORS) await agentReply(stage.hub, ws.agent, conversationId, text);
    const shown = await bubblesUntil(
      frame,
      (b) => b.length === fromVisitor.length + VECTORS.length,
      'the agent vectors in the panel',
      30000,
    );

    expect(shown.filter((m) => m.side === 'visitor').map((m) => m.text)).toEqual(
      fromVisitor.map((v) => v.trim()),
    );
    expect(shown.filter((m) => m.side === 'agent').map((m) => m.text)).toEqual(VECTORS.map((v) => v.trim()));
    const panel = await inspectPanel(frame);
    expect(panel.xss).toBeUndefined();
    expect(panel.scripts).toBe(1); // panel.js
    expect(panel.strangers).toEqual([]);
    expect(panel.hrefs.length).toBeGreaterThan(0);
    for (const href of panel.hrefs) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });
});
