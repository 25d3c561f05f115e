import { randomUUID } from 'node:crypto';
import { createApiIntegration, untilSubscribed } from '../support/factories';
import { eventually } from '../support/hub';
import { postApiMessage } from '../support/webhooks';
import { agentMessages } from '../support/widget';
import { assignedConversation } from './support/agent-console';
import {
  chatRows,
  connectionBanner,
  CONSOLE_VIEWPORT,
  createConsoleWorkspace,
  messagesUntil,
  shownMessages,
  signInToConsole,
} from './support/console-page';
import { useWidgetStage } from './support/widget-stage';

const OUTAGE_MS = 10_000;

/**
 * The agent's network goes away (the TCP proxy in front of the hub, through which the console is
 * loaded) while the contact keeps writing through the api connector, straight to the hub.
 */
describe('agent console in Chromium: a dropped connection', () => {
  const stage = useWidgetStage();

  it('shows the 50 messages that arrived during a 10 s outage exactly once, in order', async () => {
    const { hub, proxy } = stage;
    const ws = await createConsoleWorkspace(stage, [{ name: 'Alice', status: 'accepting' }]);
    const [alice] = ws.agents;
    const api = await createApiIntegration(hub.url, ws.owner.token);
    const contactId = `contact-${randomUUID()}`;
    const post = async (text: string) => {
      const answer = await postApiMessage(hub.url, api.id, api.secret, { contactId, text });
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${answer.body}`);
    };

    const page = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    await signInToConsole(page, proxy.url, alice);
    await untilSubscribed(hub.app, ws.workspaceId);

    await post('Hello, anyone there?');
    const conversationId = await assignedConversation(hub, alice);
    await chatRows(page).first().click();
    await page.waitForURL(`**/console/chats/${conversationId}`);
    await messagesUntil(page, (m) => m.length === 1, 'the first message in the console');

    proxy.cut();
    const cutAt = Date.now();
    await connectionBanner(page).filter({ hasText: 'Reconnecting…' }).waitFor();

    const burst = Array.from({ length: 50 }, (_, i) => `burst message ${i + 1}`);
    for (const text of burst) await post(text);
    const stored = await agentMessages(hub.url, alice.token, conversationId);
    expect(stored.map((m) => m.text)).toEqual(['Hello, anyone there?', ...burst]);
    await eventually(async () => (proxy.refused > 0 ? true : undefined), OUTAGE_MS, 'a refused reconnect');
    await new Promise((r) => setTimeout(r, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
    // Nothing came through while the network was away.
    expect((await shownMessages(page)).map((m) => m.text)).toEqual(['Hello, anyone there?']);

    proxy.restore();
    const restoredAt = Date.now();
    await messagesUntil(
      page,
      (m) => m.length >= 51,
      'the missed messages after the network came back',
      30000,
    );
    console.log(`the console caught up ${Date.now() - restoredAt} ms after the network came back`);
    await connectionBanner(page).waitFor({ state: 'detached' });
    // Let any late catch-up land before reading the log the last time.
    await new Promise((r) => setTimeout(r, 1000));
    const shown = await shownMessages(page);
    expect(shown.map((m) => m.text)).toEqual(['Hello, anyone there?', ...burst]);
    expect(shown.every((m) => m.side === 'in' && !m.note && !m.pending)).toBe(true);
  });
});
