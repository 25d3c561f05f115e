import type { BrowserContext } from 'playwright-core';
import { eventually } from '../support/hub';
import { bubbles, bubblesUntil, openWidget, sendFromComposer, VIEWPORT } from './support/widget-page';
import {
  agentReply,
  agentView,
  assignedConversation,
  createWidgetWorkspace,
  startWidgetStage,
  WidgetStage,
} from './support/widget-stage';

/** The visitor's network goes away mid-chat (a TCP proxy in front of the hub) and comes back. */
describe('website widget in Chromium: a dropped connection', () => {
  let stage: WidgetStage;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    stage = await startWidgetStage();
  });
  afterEach(async () => {
    stage.proxy.restore();
    await context?.close();
    context = undefined;
  });
  afterAll(() => stage?.close());

  it('shows the 20 replies sent while the visitor was offline exactly once, in order', async () => {
    const { hub, proxy } = stage;
    const ws = await createWidgetWorkspace(stage);

    context = await stage.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(ws.pageUrl('/'));
    const frame = await openWidget(page);
    await sendFromComposer(frame, 'Hi, I will wait for updates.');
    const conversationId = await assignedConversation(hub, ws.agent);
    await agentReply(hub, ws.agent, conversationId, 'Hi! I will keep you posted.');
    await bubblesUntil(frame, (b) => b.length === 2 && !b[0].pending, 'the live reply');

    proxy.cut();
    await frame.getByText('Connection lost. Reconnecting…').waitFor();
    await eventually(async () => (proxy.refused > 0 ? true : undefined), 10000, 'a refused reconnect');

    const updates = Array.from({ length: 20 }, (_, i) => `update ${i + 1}`);
    for (const text of updates) await agentReply(hub, ws.agent, conversationId, text);
    // Handed to the widget connector while nobody listened: the panel must fetch them on return.
    await eventually(
      async () =>
        (await agentView(hub, ws.agent, conversationId)).every((m) => m.deliveryStatus !== 'PENDING')
          ? true
          : undefined,
      15000,
      'the replies handed over',
    );
    expect((await bubbles(frame)).map((b) => b.text)).toEqual([
      'Hi, I will wait for updates.',
      'Hi! I will keep you posted.',
    ]);

    proxy.restore();
    const shown = await bubblesUntil(
      frame,
      (b) => b.filter((m) => m.text.startsWith('update ')).length >= 20,
      'the missed replies after the connection came back',
      45000,
    );
    expect(shown).toEqual([
      { side: 'visitor', text: 'Hi, I will wait for updates.', pending: false },
      { side: 'agent', text: 'Hi! I will keep you posted.', pending: false },
      ...updates.map((text) => ({ side: 'agent', text, pending: false })),
    ]);
    await frame.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });
  });
});
