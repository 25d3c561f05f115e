import { randomUUID } from 'node:crypto';
import { createAgent, createWorkspaceWithAdmin, gql, ok, type TestAgent } from '../support/factories';
import { createWidgetIntegration, prechatForm, untilAssigned, updateWidgetConfig } from '../support/widget';
import { agentReply } from './support/agent-console';
import { CONSOLE_VIEWPORT, signInToConsole, visitorOpensChat } from './support/console-login';
import { seriousViolations } from './support/axe';
import { useWidgetStage, type StageForTests } from './support/widget-stage';

/**
 * An agent with two chats routed to them: one the test opens (pre-chat answers, an exchange, a
 * private note, tags, a link), one with an unread message (badges in the list).
 */
async function agentWithChats(stage: StageForTests): Promise<TestAgent> {
  const { hub } = stage;
  const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
  const agent = await createAgent(hub.app, workspaceId, { name: 'Grace', status: 'accepting' });
  const { id: integrationId } = await createWidgetIntegration(hub.url, admin.token, {
    allowedOrigins: stage.site.origin,
  });
  ok(
    await updateWidgetConfig(hub.url, admin.token, integrationId, {
      prechat: prechatForm('name', 'email', 'topic', 'gdpr'),
    }),
  );
  const visitor = (name: string, text: string) =>
    visitorOpensChat(hub.url, integrationId, stage.site.origin, {
      text,
      answers: { name, email: `${name.toLowerCase()}@example.com`, topic: 'Orders', gdpr: true },
      variables: { plan: 'Premium' },
    });

  const ada = await visitor('Ada', 'Hello, where is my order? https://shop.example.com/orders/4821');
  await untilAssigned(hub.url, agent.token, ada.conversationId);
  await agentReply(hub, agent, ada.conversationId, 'It ships today. Questions? Write to help@example.com.');
  ok(
    await gql(
      hub.url,
      agent.token,
      `mutation($note: SendMessageInput!, $id: ID!) {
        sendMessage(input: $note) { id }
        setConversationTags(conversationId: $id, tags: ["shipping", "vip"]) { id }
      }`,
      {
        id: ada.conversationId,
        note: {
          conversationId: ada.conversationId,
          clientMessageId: randomUUID(),
          text: 'Offer express shipping.',
          private: true,
        },
      },
    ),
  );
  await ada.say('Thank you!');
  const lin = await visitor('Lin', 'Is the walnut desk in stock?');
  await untilAssigned(hub.url, agent.token, lin.conversationId);
  return agent;
}

const LOOKS = [
  { theme: 'light', locale: 'en-US' },
  { theme: 'dark', locale: 'en-US' },
  { theme: 'dark', locale: 'ar-EG' },
] as const;

describe('agent console in Chromium: accessibility', () => {
  const stage = useWidgetStage();

  it.each(LOOKS)(
    'has no serious or critical axe violations, $theme $locale: sign-in, chat list, chat view',
    async ({ theme, locale }) => {
      const agent = await agentWithChats(stage);
      const page = await stage.newPage({ viewport: CONSOLE_VIEWPORT, locale, colorScheme: theme });
      await page.goto(`${stage.hub.url}/console/`);
      await page.locator('form button[type="submit"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      expect(await seriousViolations(page, `sign-in, ${theme} ${locale}`)).toEqual([]);

      await page.locator('input[autocomplete="username"]').fill(agent.email);
      await page.locator('input[autocomplete="current-password"]').fill('not the password');
      await page.locator('form button[type="submit"]').click();
      await page.getByRole('alert').waitFor();
      expect(await seriousViolations(page, `sign-in with an error, ${theme} ${locale}`)).toEqual([]);

      await signInToConsole(page, stage.hub.url, agent);
      await page.locator('.chat-row').nth(1).waitFor();
      expect(await seriousViolations(page, `chat list, ${theme} ${locale}`)).toEqual([]);

      await page.locator('.chat-row').nth(1).click();
      await page.locator('.message__text').nth(3).waitFor();
      await page.locator('.contact-panel .facts__row').first().waitFor();
      await page.locator('.tags-editor .tag').nth(1).waitFor();
      expect(await seriousViolations(page, `chat view, ${theme} ${locale}`)).toEqual([]);
    },
  );
});
