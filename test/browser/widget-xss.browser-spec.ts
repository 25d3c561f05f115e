import type { Frame } from 'playwright-core';
import { agentReply, assignedConversation } from './support/agent-console';
import { bubblesUntil, openWidget, sendFromComposer } from './support/widget-page';
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

/** What every vector runs if it ever runs: a global the test reads, and a dialog it listens for. */
const RUN = 'self.__xss=1,top.__xss=1,alert(1)';

/**
 * Text a visitor or an agent might send, each of which runs RUN if the panel ever treated message
 * text as markup, a URL or a template. Distinct after trimming, none with a network target but
 * loopback.
 */
const VECTORS = [
  `<script>${RUN}</script>`,
  `<SCRIPT>${RUN}</SCRIPT>`,
  `<script src="data:text/javascript,${RUN}"></script>`,
  `<img src=x onerror="${RUN}">`,
  `<IMG SRC=x ONERROR=${RUN}>`,
  `<img src="x" onerror=${RUN}//`,
  `<img """><script>${RUN}</script>">`,
  `<svg onload=${RUN}>`,
  `<svg><script>${RUN}</script></svg>`,
  `"><svg/onload=${RUN}>`,
  `<iframe srcdoc="<script>parent.__xss=1;alert(1)</script>"></iframe>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<a href="javascript:${RUN}">click me</a>`,
  `<a href="&#x6A;avascript:${RUN}">entity link</a>`,
  `<a href=" javascript:${RUN}">spaced link</a>`,
  `[click me](javascript:${RUN})`,
  `[x](JaVaScRiPt:${RUN})`,
  `[data](data:text/html,<script>${RUN}</script>)`,
  `javascript:${RUN}`,
  `JaVaScRiPt:${RUN}`,
  `java\tscript:${RUN}`,
  `&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${RUN}`,
  `&lt;script&gt;${RUN}&lt;/script&gt;`,
  `\\u003Cscript\\u003E${RUN}\\u003C/script\\u003E`,
  `%3Cscript%3E${RUN}%3C%2Fscript%3E`,
  `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
  `<div style="background:url(javascript:${RUN})">styled</div>`,
  `<div style="width:expression(${RUN})">ie</div>`,
  `<style>@import 'javascript:${RUN}';</style>`,
  `{{constructor.constructor('${RUN}')()}}`,
  `\${${RUN}}`,
  `<%= ${RUN} %>`,
  `{{7*7}} #{7*7} [[7*7]]`,
  `</textarea><script>${RUN}</script>`,
  `</p><img src=x onerror=${RUN}>`,
  `'><img src=x onerror=${RUN}>`,
  `<body onload=${RUN}>`,
  `<input autofocus onfocus=${RUN}>`,
  `<details open ontoggle=${RUN}>`,
  `<video><source onerror=${RUN}></video>`,
  `<audio src=x onerror=${RUN}>`,
  `<object data="javascript:${RUN}"></object>`,
  `<embed src="javascript:${RUN}">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${RUN}>`,
  `<noscript><p title="</noscript><img src=x onerror=${RUN}>">`,
  `<!--<img src="--><img src=x onerror=${RUN}//">`,
  `<form action="javascript:${RUN}"><button>go</button></form>`,
  `<base href="javascript:${RUN}//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
  `<x onclick=${RUN}>click</x>`,
  `http://127.0.0.1/"onmouseover="${RUN}`,
  `see http://127.0.0.1/<script>${RUN}</script> now`,
  `mailto:a@example.test?body=<script>${RUN}</script>`,
  `www.example.test/javascript:${RUN}`,
  `＜script＞${RUN}＜/script＞`,
  `\u202Egnp.exe<img src=x onerror=${RUN}>`,
  `<scr\u200Bipt>${RUN}</scr\u200Bipt>`,
  `🙂<img src=x onerror=${RUN}>🙂`,
  `  <b onmouseover=${RUN}>padded</b>  `,
];

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
