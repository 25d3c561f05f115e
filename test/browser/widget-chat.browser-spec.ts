import type { BrowserContext } from 'playwright-core';
import { gql, ok, subscribe, untilSubscribed } from '../support/factories';
import { eventually } from '../support/hub';
import { bubblesUntil, openWidget, sendFromComposer, VIEWPORT } from './support/widget-page';
import {
  agentReply,
  agentView,
  createWidgetWorkspace,
  startWidgetStage,
  WidgetStage,
} from './support/widget-stage';

const PRECHAT = {
  enabled: true,
  fields: [
    { id: 'name', type: 'name', label: 'Your name', required: true },
    { id: 'topic', type: 'choice', label: 'Topic', options: ['Billing', 'Orders'], required: true },
    { id: 'gdpr', type: 'consent', label: 'I agree that my data is processed to answer me.', required: true },
  ],
};

/** A visitor on a real web page and an agent on GraphQL, end to end through the browser widget. */
describe('website widget in Chromium: visitor ↔ agent', () => {
  let stage: WidgetStage;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    stage = await startWidgetStage();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(() => stage?.close());

  it('carries the pre-chat answers, the draft and both messages, and keeps the history across a reload', async () => {
    const { hub } = stage;
    const ws = await createWidgetWorkspace(stage, { config: { prechat: PRECHAT }, agentName: 'Grace' });
    const events = subscribe<{ type: string; conversationId: string; draft: string | null }>(
      hub.wsUrl,
      ws.agent.token,
      'subscription { workspaceEvents { type conversationId draft } }',
      'workspaceEvents',
    );
    await untilSubscribed(hub.app, ws.workspaceId);

    context = await stage.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(ws.pageUrl('/'));
    const frame = await openWidget(page);

    await frame.getByLabel('Your name').fill('Ada');
    await frame.getByLabel('Orders').check();
    await frame.getByLabel('I agree that my data is processed to answer me.').check();
    await frame.getByRole('button', { name: 'Start the chat' }).click();
    await sendFromComposer(frame, 'Hello, where is my order?');
    await bubblesUntil(frame, (b) => b.length === 1 && !b[0].pending, 'the visitor message acknowledged');

    const { conversationId } = await events.waitFor((e) => e.type === 'message.created', 10000);
    const conversation = await eventually(async () => {
      const data = ok(
        await gql<{
          conversation: {
            assigneeId: string | null;
            prechat: { fieldId: string; value: string }[];
            contact: { name: string | null };
          };
        }>(
          hub.url,
          ws.agent.token,
          'query($id: ID!) { conversation(id: $id) { assigneeId prechat { fieldId value } contact { name } } }',
          { id: conversationId },
        ),
      );
      return data.conversation.assigneeId ? data.conversation : undefined;
    }, 10000);
    expect(conversation.assigneeId).toBe(ws.agent.id);
    expect(conversation.contact.name).toBe('Ada');
    expect(conversation.prechat.map((a) => [a.fieldId, a.value])).toEqual([
      ['name', 'Ada'],
      ['topic', 'Orders'],
      ['gdpr', 'true'],
    ]);
    expect((await agentView(hub, ws.agent, conversationId)).map((m) => m.text)).toEqual([
      'Hello, where is my order?',
    ]);

    // Sneak peek: what the visitor types reaches the assigned agent before it is sent.
    await frame.locator('#sb-composer').pressSequentially('It was order 4417', { delay: 20 });
    const peek = await events.waitFor(
      (e) => e.type === 'conversation.typing' && e.draft === 'It was order 4417',
      10000,
    );
    expect(peek.conversationId).toBe(conversationId);
    await frame.locator('#sb-composer').fill('');

    await agentReply(hub, ws.agent, conversationId, 'It shipped this morning, Ada.');
    const expected = [
      { side: 'visitor', text: 'Hello, where is my order?', pending: false },
      { side: 'agent', text: 'It shipped this morning, Ada.', pending: false },
    ];
    expect(await bubblesUntil(frame, (b) => b.length === 2, 'the agent reply in the panel')).toEqual(
      expected,
    );
    await frame.locator('.sb-status', { hasText: "You're chatting with Grace" }).waitFor();

    await page.reload();
    const reopened = await openWidget(page);
    expect(await bubblesUntil(reopened, (b) => b.length >= 2, 'the history after a reload')).toEqual(
      expected,
    );
    await events.close();
  });
});
