import { subscribe, untilSubscribed } from '../support/factories';
import { agentMessages, prechatForm, untilAssigned } from '../support/widget';
import { agentReply } from './support/agent-console';
import { bubblesUntil, openWidget, sendFromComposer, submitPrechat } from './support/widget-page';
import { createWidgetWorkspace, useWidgetStage } from './support/widget-stage';

/** A visitor on a real web page and an agent on GraphQL, end to end through the browser widget. */
describe('website widget in Chromium: visitor ↔ agent', () => {
  const stage = useWidgetStage();

  it('carries the pre-chat answers, the draft and both messages, and keeps the history across a reload', async () => {
    const { hub } = stage;
    const ws = await createWidgetWorkspace(stage, {
      config: { prechat: prechatForm('name', 'topic', 'gdpr') },
      agentName: 'Grace',
    });
    const events = subscribe<{ type: string; conversationId: string; draft: string | null }>(
      hub.wsUrl,
      ws.agent.token,
      'subscription { workspaceEvents { type conversationId draft } }',
      'workspaceEvents',
    );
    await untilSubscribed(hub.app, ws.workspaceId);

    const page = await stage.visit(ws.pageUrl('/'));
    const frame = await openWidget(page);

    await submitPrechat(frame, { name: 'Ada', topic: 'Orders' });
    await sendFromComposer(frame, 'Hello, where is my order?');
    await bubblesUntil(frame, (b) => b.length === 1 && !b[0].pending, 'the visitor message acknowledged');

    const { conversationId } = await events.waitFor((e) => e.type === 'message.created', 10000);
    const conversation = await untilAssigned(hub.url, ws.agent.token, conversationId, 10000);
    expect(conversation.assigneeId).toBe(ws.agent.id);
    expect(conversation.contact.name).toBe('Ada');
    expect(conversation.prechat.map((a) => [a.fieldId, a.value])).toEqual([
      ['name', 'Ada'],
      ['topic', 'Orders'],
      ['gdpr', 'true'],
    ]);
    expect((await agentMessages(hub.url, ws.agent.token, conversationId)).map((m) => m.text)).toEqual([
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
