import { eventually } from '../support/hub';
import { untilRepliesHandedOver } from '../support/widget';
import { agentReply, openingExchange } from './support/agent-console';
import { bubbles, bubblesUntil, openWidget } from './support/widget-page';
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

/** The visitor's network goes away mid-chat (a TCP proxy in front of the hub) and comes back. */
describe('website widget in Chromium: a dropped connection', () => {
  const stage = useWidgetStage();

  it('shows the 20 replies sent while the visitor was offline exactly once, in order', async () => {
    const { hub, proxy } = stage;
    const ws = await createWidgetWorkspace(stage);

    const frame = await openWidget(await stage.visit(ws.pageUrl('/')));
    const conversationId = await openingExchange(hub, ws, frame, {
      visitor: 'Hi, I will wait for updates.',
      reply: 'Hi! I will keep you posted.',
    });

    proxy.cut();
    await frame.getByText('Connection lost. Reconnecting…').waitFor();
    await eventually(async () => (proxy.refused > 0 ? true : undefined), 10000, 'a refused reconnect');

    const updates = Array.from({ length: 20 }, (_, i) => `update ${i + 1}`);
    for (const text of updates) await agentReply(hub, ws.agent, conversationId, text);
    // Handed to the widget connector while nobody listened: the panel must fetch them on return.
    await untilRepliesHandedOver(hub.url, ws.agent.token, conversationId, 15000);
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
