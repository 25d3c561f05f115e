import { untilSubscribed } from '../support/factories';
import { assignedConversation } from './support/agent-console';
import {
  chatRows,
  chatTab,
  CONSOLE_VIEWPORT,
  createConsoleWorkspace,
  messagesUntil,
  sendFromConsole,
  setStatusInConsole,
  signInToConsole,
  whenPresent,
} from './support/console-page';
import { bubbles, bubblesUntil, openWidget, sendFromComposer } from './support/widget-page';
import { useWidgetStage } from './support/widget-stage';

/**
 * Issue 4, the agent console end to end in three browser contexts: a visitor on the host site
 * with the widget, Alice (an admin, so her transfer dialog can list agents) and Bob in the console.
 */
describe('agent console in Chromium: a chat from the widget to resolved', () => {
  const stage = useWidgetStage();

  it('shows the new chat and the draft to Alice, carries her reply, transfers to Bob with a note, and Bob resolves it', async () => {
    const { hub } = stage;
    const ws = await createConsoleWorkspace(stage, [
      { name: 'Alice', role: 'admin' },
      { name: 'Bob', role: 'agent' },
    ]);
    const [alice, bob] = ws.agents;

    const alicePage = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    const bobPage = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    await signInToConsole(alicePage, hub.url, alice);
    await signInToConsole(bobPage, hub.url, bob);
    // Only Alice accepts for now, so routing gives her the chat; Bob starts accepting later.
    await setStatusInConsole(alicePage, hub.url, alice, 'ACCEPTING');
    await untilSubscribed(hub.app, ws.workspaceId);
    await chatRows(alicePage).first().waitFor({ state: 'detached' });

    // The visitor writes; the chat row shows up in Alice's "My chats".
    const visitor = await stage.visit(ws.pageUrl('/orders'));
    const frame = await openWidget(visitor);
    const ackedAt = whenPresent(frame, '.sb-log > .sb-row--visitor:not(.sb-row--pending)');
    const rowAt = whenPresent(alicePage, '[role="tabpanel"] a.chat-row', 20000);
    await sendFromComposer(frame, 'Hello, where is my order?');
    const [acked, shown] = await Promise.all([ackedAt, rowAt]);
    const latencyMs = shown - acked;
    console.log(`new chat in Alice's list ${latencyMs} ms after the visitor's message was acknowledged`);
    expect(latencyMs).toBeLessThanOrEqual(5000);
    const conversationId = await assignedConversation(hub, alice);
    await expect(chatRows(alicePage).textContent()).resolves.toContain('Visitor');

    // Alice opens it and sees the visitor's draft while they type (sneak peek).
    await chatRows(alicePage).first().click();
    await alicePage.waitForURL(`**/console/chats/${conversationId}`);
    await messagesUntil(alicePage, (m) => m.length === 1, 'the visitor message in the console');
    await frame.locator('#sb-composer').pressSequentially('It was order 4417', { delay: 20 });
    await alicePage.getByText('It was order 4417', { exact: true }).waitFor({ timeout: 10000 });
    await frame.locator('#sb-composer').fill('');

    // Alice replies from the composer; the visitor sees it.
    await sendFromConsole(alicePage, 'It shipped this morning.');
    await bubblesUntil(
      frame,
      (b) => b.some((m) => m.side === 'agent' && m.text === 'It shipped this morning.'),
      'Alice reply in the widget',
    );

    // Bob starts accepting; Alice transfers the chat to him with a note.
    await setStatusInConsole(bobPage, hub.url, bob, 'ACCEPTING');
    await alicePage.getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = alicePage.getByRole('dialog', { name: 'Transfer the chat' });
    await dialog.getByLabel('Transfer to').selectOption(`agent:${bob.id}`);
    await dialog.getByLabel('Note for the next agent (optional)').fill('VIP customer, wants a refund');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await alicePage.getByText('Assigned to Bob').waitFor();
    await chatRows(alicePage).first().waitFor({ state: 'detached' }); // gone from her "My chats"

    // Bob has it, with the note and the history.
    await chatRows(bobPage).first().waitFor({ timeout: 10000 });
    await chatRows(bobPage).first().click();
    const history = await messagesUntil(bobPage, (m) => m.length === 3, 'the history in Bob console');
    // Bob may not list agents (admins only) and messages carry no author name, so his console
    // signs Alice's messages "Agent"; the order, sides, notes and texts are what matter here.
    expect(history.map(({ author: _author, ...m }) => m)).toEqual([
      { side: 'in', note: false, pending: false, text: 'Hello, where is my order?' },
      { side: 'out', note: false, pending: false, text: 'It shipped this morning.' },
      { side: 'out', note: true, pending: false, text: 'Transferred to Bob: VIP customer, wants a refund' },
    ]);
    expect(history[0].author).toBe('Visitor');
    await bobPage.getByText('Assigned to you').waitFor();

    // Bob resolves it: it leaves "My chats" and is listed under "Resolved".
    await bobPage.getByRole('button', { name: 'Resolve', exact: true }).click();
    await bobPage.getByRole('button', { name: 'Reopen', exact: true }).waitFor();
    await bobPage.getByRole('tabpanel').getByText('No chats here.').waitFor();
    await chatTab(bobPage, 'Resolved').click();
    await chatRows(bobPage).first().waitFor();
    expect(await chatRows(bobPage).count()).toBe(1);
    await expect(chatRows(bobPage).getAttribute('href')).resolves.toBe(`/console/chats/${conversationId}`);

    // The transfer note stayed among agents.
    expect((await bubbles(frame)).map((b) => b.text)).toEqual([
      'Hello, where is my order?',
      'It shipped this morning.',
    ]);
  });
});
