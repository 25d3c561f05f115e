import { randomUUID } from 'node:crypto';
import type { Frame } from 'playwright-core';
import { gql, ok, type TestAgent } from '../../support/factories';
import { eventually, type TestHub } from '../../support/hub';
import { bubblesUntil, sendFromComposer } from './widget-page';
import type { WidgetWorkspace } from './widget-stage';

/** The agent replies through GraphQL, as the console does; returns the stored message. */
export async function agentReply(
  hub: TestHub,
  agent: TestAgent,
  conversationId: string,
  text: string,
): Promise<{ id: string; seq: number }> {
  const data = ok(
    await gql<{ sendMessage: { id: string; seq: number } }>(
      hub.url,
      agent.token,
      'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }',
      { input: { conversationId, clientMessageId: randomUUID(), text } },
    ),
  );
  return data.sendMessage;
}

/**
 * The one conversation of a fresh workspace once it is assigned to `agent`, as the agent's console
 * lists it ("mine"); waits for the routing worker.
 */
export async function assignedConversation(
  hub: TestHub,
  agent: TestAgent,
  timeoutMs = 15000,
): Promise<string> {
  return eventually(
    async () => {
      const data = ok(
        await gql<{ conversations: { edges: { node: { id: string } }[] } }>(
          hub.url,
          agent.token,
          'query { conversations(first: 2, filter: { mine: true }) { edges { node { id } } } }',
        ),
      );
      const ids = data.conversations.edges.map((e) => e.node.id);
      if (ids.length > 1) throw new Error(`expected one conversation, found ${ids.length}`);
      return ids[0];
    },
    timeoutMs,
    'a conversation assigned to the agent',
  );
}

/**
 * The first two messages of a fresh workspace's conversation: the visitor writes `texts.visitor`
 * in the open panel, the agent the routing worker picked answers `texts.reply`. Resolves with the
 * conversation's id once the panel shows both, the visitor's acknowledged.
 */
export async function openingExchange(
  hub: TestHub,
  ws: WidgetWorkspace,
  frame: Frame,
  texts: { visitor: string; reply: string },
): Promise<string> {
  await sendFromComposer(frame, texts.visitor);
  const conversationId = await assignedConversation(hub, ws.agent);
  await agentReply(hub, ws.agent, conversationId, texts.reply);
  await bubblesUntil(frame, (b) => b.length === 2 && !b[0].pending, 'the opening exchange');
  return conversationId;
}
