import { untilSubscribed } from '../support/factories';
import { assignedConversation } from './support/agent-console';
import {
  chatRows,
  composer,
  CONSOLE_VIEWPORT,
  createConsoleWorkspace,
  messagesUntil,
  sendFromConsole,
  signInToConsole,
  untilConsoleReady,
} from './support/console-page';
import { bubblesUntil, openWidget, sendFromComposer } from './support/widget-page';
import { useWidgetStage } from './support/widget-stage';

const CANNED_TEXT = 'Orders ship within 2 business days; you get a tracking link by email.';
const NOTE = 'Reseller account: check the volume discount before quoting.';

/** The composer's canned responses, tags and private notes, with the visitor's widget open. */
describe('agent console in Chromium: composer, tags and notes', () => {
  const stage = useWidgetStage();

  it('inserts a canned response with / and its shortcut; tags and notes persist; notes never reach the widget', async () => {
    const { hub } = stage;
    const ws = await createConsoleWorkspace(stage, [{ name: 'Alice', status: 'accepting' }]);
    const [alice] = ws.agents;
    const page = await stage.newPage({ viewport: CONSOLE_VIEWPORT });
    await signInToConsole(page, hub.url, alice);

    // A canned response, made on the console's screen.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Canned responses' })
      .click();
    await page.getByRole('button', { name: 'New canned response' }).click();
    const form = page.getByRole('form', { name: 'New canned response' });
    await form.getByLabel('Shortcut').fill('shipping');
    await form.getByLabel('Title').fill('Shipping times');
    await form.getByLabel('Text').fill(CANNED_TEXT);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '/shipping' }).waitFor();

    // The visitor writes; the chat is Alice's.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chats' }).click();
    await untilSubscribed(hub.app, ws.workspaceId);
    const visitor = await stage.newPage();
    // Everything the widget's websocket receives, to prove the note never went out on it.
    const received: string[] = [];
    visitor.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => received.push(payload.toString())),
    );
    await visitor.goto(ws.pageUrl('/'));
    const frame = await openWidget(visitor);
    await sendFromComposer(frame, 'Hi, when will my order ship?');
    const conversationId = await assignedConversation(hub, alice);
    await chatRows(page).first().click();
    await page.waitForURL(`**/console/chats/${conversationId}`);
    await messagesUntil(page, (m) => m.length === 1, 'the visitor message in the console');

    // "/" and the shortcut offer the canned response; Enter inserts it, the next Enter sends it.
    await composer(page).pressSequentially('/ship');
    const suggestions = page.getByRole('listbox', { name: 'Canned responses' });
    await suggestions.getByRole('option', { name: /\/shipping/ }).waitFor();
    await composer(page).press('Enter');
    await expect(composer(page).inputValue()).resolves.toBe(CANNED_TEXT);
    await suggestions.waitFor({ state: 'detached' });
    await composer(page).press('Enter');
    await bubblesUntil(
      frame,
      (b) => b.some((m) => m.side === 'agent' && m.text === CANNED_TEXT),
      'the canned reply in the widget',
    );

    // Tags and a private note.
    const addTag = page.getByLabel('Add a tag');
    await addTag.fill('VIP');
    await addTag.press('Enter');
    await page.getByRole('button', { name: 'Remove tag vip' }).waitFor();
    await addTag.fill('wholesale');
    await addTag.press('Enter');
    await page.getByRole('button', { name: 'Remove tag wholesale' }).waitFor();
    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await sendFromConsole(page, NOTE);
    await messagesUntil(
      page,
      (m) => m.some((x) => x.note && x.text === NOTE && !x.pending),
      'the private note stored',
    );

    // After a reload both are still there.
    await page.reload();
    await untilConsoleReady(page);
    const afterReload = await messagesUntil(page, (m) => m.length === 3, 'the chat after a reload');
    expect(afterReload.map(({ side, note, text }) => ({ side, note, text }))).toEqual([
      { side: 'in', note: false, text: 'Hi, when will my order ship?' },
      { side: 'out', note: false, text: CANNED_TEXT },
      { side: 'out', note: true, text: NOTE },
    ]);
    await page.getByRole('button', { name: 'Remove tag vip' }).waitFor();
    await page.getByRole('button', { name: 'Remove tag wholesale' }).waitFor();

    // The next normal reply reaches the widget; the note never did.
    await expect(
      page.getByRole('button', { name: 'Note', exact: true }).getAttribute('aria-pressed'),
    ).resolves.toBe('false');
    await sendFromConsole(page, 'Anything else I can help with?');
    const expected = [
      { side: 'visitor', text: 'Hi, when will my order ship?', pending: false },
      { side: 'agent', text: CANNED_TEXT, pending: false },
      { side: 'agent', text: 'Anything else I can help with?', pending: false },
    ];
    expect(await bubblesUntil(frame, (b) => b.length === 3, 'the last reply in the widget')).toEqual(
      expected,
    );
    expect(await frame.locator('html').innerHTML()).not.toContain('volume discount');
    expect(await visitor.content()).not.toContain('volume discount');
    expect(received.some((f) => f.includes('"Anything else I can help with?"'))).toBe(true);
    expect(received.filter((f) => f.includes('volume discount'))).toEqual([]);

    // Nor does the history the widget loads after a reload hold it.
    await visitor.reload();
    const reopened = await openWidget(visitor);
    expect(await bubblesUntil(reopened, (b) => b.length >= 3, 'the history after a reload')).toEqual(
      expected,
    );
    expect(await reopened.locator('html').innerHTML()).not.toContain('volume discount');
  });
});
