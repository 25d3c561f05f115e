import type { Locator } from 'playwright-core';
import { gql, ok } from '../support/factories';
import { bootVisitor, WidgetSocket } from '../support/widget';
import { launcher, openWidget, sendFromComposer } from './support/widget-page';
import { createWidgetWorkspace, useWidgetStage, type WidgetWorkspace } from './support/widget-stage';

const WAITING = /^You are number 1 in line · about \d+ minutes?$/;

/** Issue 5: the panel tells a waiting visitor their place in line, and stops once an agent has the chat. */
describe('website widget in Chromium: place in line', () => {
  const stage = useWidgetStage();

  /** A workspace whose only agent, Grace, has room for one chat, taken by another visitor. */
  async function busyAgent(): Promise<{ ws: WidgetWorkspace; endOtherChat(): Promise<void> }> {
    const { hub } = stage;
    const ws = await createWidgetWorkspace(stage, { agentName: 'Grace' });
    const capacityOne = 'mutation($id: ID!) { updateAgent(id: $id, input: { capacity: 1 }) { id } }';
    ok(await gql(hub.url, ws.admin.token, capacityOne, { id: ws.agent.id }));
    const boot = await bootVisitor(hub.url, ws.integrationId, {}, stage.site.origin);
    const other = await WidgetSocket.connect(hub.url, {
      integrationId: ws.integrationId,
      token: boot.body.visitorToken,
    });
    const ack = await other.sendMessage({ text: 'I was here first' });
    await other.waitFor((f) => f.type === 'conversation' && f.agent !== null);
    return {
      ws,
      async endOtherChat() {
        const resolve = 'mutation($id: ID!) { resolveConversation(id: $id) { id } }';
        const id = (ack.message as { conversationId: string }).conversationId;
        ok(await gql(hub.url, ws.agent.token, resolve, { id }));
        other.close();
      },
    };
  }

  /** The place in line is gone (the line stays in the DOM, empty, as a live region must). */
  async function untilPlaceGone(line: Locator): Promise<void> {
    await line.filter({ hasText: /^$/ }).waitFor({ state: 'attached', timeout: 20000 });
    expect(await line.textContent()).toBe('');
  }

  it('shows the place and the estimated wait in a polite live region, and hides it when an agent joins', async () => {
    const { ws, endOtherChat } = await busyAgent();
    const page = await stage.visit(ws.pageUrl('/'));
    const frame = await openWidget(page);
    await sendFromComposer(frame, 'Is anyone free?');
    const line = frame.locator('.sb-queue');
    // Position 1; the estimate is Grace's handling time for one chat (5 minutes when she has none yet).
    await line.filter({ hasText: WAITING }).waitFor();
    expect(await line.getAttribute('role')).toBe('status');
    expect(await line.getAttribute('aria-live')).toBe('polite');

    // A redraw with the same place (here: a live customization) does not touch the live region,
    // so screen readers do not hear it again.
    await line.evaluate((element) => {
      const counted = element as HTMLElement & { mutations?: number };
      counted.mutations = 0;
      new MutationObserver(
        (records) => (counted.mutations = (counted.mutations ?? 0) + records.length),
      ).observe(element, { childList: true, characterData: true, subtree: true });
    });
    await ws.configure({ sneakPeek: false });
    await frame.locator('.sb-disclosure').waitFor({ state: 'hidden' });
    expect(
      await line.evaluate((element) => (element as HTMLElement & { mutations?: number }).mutations),
    ).toBe(0);

    await endOtherChat();
    await frame.locator('.sb-status', { hasText: "You're chatting with Grace" }).waitFor();
    await untilPlaceGone(line);
  });

  it('keeps the place up to date over the HTTP fallback', async () => {
    const { ws, endOtherChat } = await busyAgent();
    const page = await stage.newPage();
    // A network that blocks websockets: the panel falls back to polling after three failed tries.
    await page.addInitScript(() => {
      window.WebSocket = class {
        constructor() {
          throw new Error('websockets are blocked here');
        }
      } as unknown as typeof WebSocket;
    });
    await page.goto(ws.pageUrl('/'));
    await launcher(page).waitFor();
    const frame = await openWidget(page);
    await sendFromComposer(frame, 'Polling for a place');
    const line = frame.locator('.sb-queue');
    await line.filter({ hasText: WAITING }).waitFor({ timeout: 20000 });

    await endOtherChat();
    await untilPlaceGone(line);
  });
});
