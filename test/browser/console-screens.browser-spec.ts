import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createAgent, createWorkspaceWithAdmin, gql, ok, type TestAgent } from '../support/factories';
import type { TestHub } from '../support/hub';
import { createWidgetIntegration, untilAssigned, updateWidgetConfig } from '../support/widget';
import { CONSOLE_VIEWPORT, signInToConsole, visitorOpensChat } from './support/console-login';
import { useWidgetStage, type StageForTests } from './support/widget-stage';

const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'images');

interface Chat {
  name: string;
  email: string;
  order?: string;
  topic: number;
  /** The visitor's messages, then (if any) the agent's answer. */
  messages: string[];
  reply?: string;
}

/**
 * One main screen of the console, in the language and theme of its screenshot: the agent, the
 * widget's pre-chat survey, three other chats in the list, and the open chat (a short exchange
 * with a private note, tags, pre-chat answers, pages and session variables).
 */
interface Scene {
  file: string;
  browser: { locale: string; colorScheme: 'light' | 'dark' };
  lang: string;
  agent: string;
  survey: { name: string; email: string; order: string; topic: string; topics: string[] };
  pages: { path: string; title: string }[];
  variables: Record<string, string>;
  others: [Chat, Chat, Chat];
  open: Chat & { note: string; followUp: string; thanks: string; tags: string[] };
}

const SCENES: Scene[] = [
  {
    file: 'console-light-ltr.png',
    browser: { locale: 'en-US', colorScheme: 'light' },
    lang: 'en-GB',
    agent: 'Grace Hopper',
    survey: {
      name: 'Your name',
      email: 'Email',
      order: 'Order number',
      topic: 'Topic',
      topics: ['Billing', 'Orders', 'Returns'],
    },
    pages: [
      { path: '/', title: 'Northwind — Home' },
      { path: '/account/orders', title: 'Your orders — Northwind' },
      { path: '/help/shipping', title: 'Shipping and delivery — Northwind' },
    ],
    variables: { plan: 'Premium', cart: '2 items' },
    others: [
      {
        name: 'Sofia Rossi',
        email: 'sofia@example.com',
        order: '4790',
        topic: 1,
        messages: ['Can I still change the delivery address for order #4790?'],
      },
      {
        name: 'Omar Haddad',
        email: 'omar@example.com',
        topic: 0,
        messages: ['Hi, is there a student discount?'],
        reply: 'Yes: 15% off with a valid student email address.',
      },
      {
        name: 'Lin Wei',
        email: 'lin@example.com',
        topic: 1,
        messages: ['Is the walnut desk back in stock?', 'The 140 cm one.'],
      },
    ],
    open: {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      order: '4821',
      topic: 1,
      messages: ["Hi! My order #4821 hasn't arrived yet. Could you check where it is?"],
      reply: 'Hi Ada, happy to help. Let me look it up.',
      note: 'The carrier reports a delay at its depot. Offer free express shipping on the next order.',
      followUp:
        "It's at the carrier's depot and arrives tomorrow. Track it here: https://shop.example.com/track/4821",
      thanks: 'Perfect, thank you!',
      tags: ['shipping', 'vip'],
    },
  },
  {
    file: 'console-dark-rtl.png',
    browser: { locale: 'ar-EG', colorScheme: 'dark' },
    lang: 'ar-EG',
    agent: 'ليلى حداد',
    survey: {
      name: 'الاسم',
      email: 'البريد الإلكتروني',
      order: 'رقم الطلب',
      topic: 'الموضوع',
      topics: ['الفواتير', 'الطلبات', 'الإرجاع'],
    },
    pages: [
      { path: '/', title: 'نورثويند — الرئيسية' },
      { path: '/account/orders', title: 'طلباتك — نورثويند' },
      { path: '/help/shipping', title: 'الشحن والتوصيل — نورثويند' },
    ],
    variables: { plan: 'مميّز', cart: 'منتجان' },
    others: [
      {
        name: 'سارة خليل',
        email: 'sara@example.com',
        order: '4790',
        topic: 1,
        messages: ['هل ما زال بإمكاني تغيير عنوان التوصيل للطلب رقم 4790؟'],
      },
      {
        name: 'عمر الفاروق',
        email: 'omar@example.com',
        topic: 0,
        messages: ['مرحبًا، هل يوجد خصم للطلاب؟'],
        reply: 'نعم: خصم 15٪ مع بريد جامعي صالح.',
      },
      {
        name: 'يوسف منصور',
        email: 'youssef@example.com',
        topic: 1,
        messages: ['هل عاد المكتب الخشبي إلى المخزون؟', 'مقاس 140 سم.'],
      },
    ],
    open: {
      name: 'نور الهدى',
      email: 'nour@example.com',
      order: '4821',
      topic: 1,
      messages: ['مرحبًا! لم يصل طلبي رقم 4821 بعد. هل يمكنك التحقق من مكانه؟'],
      reply: 'أهلًا نور، يسعدني مساعدتك. دعيني أتحقق من ذلك.',
      note: 'أبلغت شركة الشحن عن تأخير في مستودعها. اعرضوا شحنًا سريعًا مجانيًا على الطلب القادم.',
      followUp: 'الطلب في مستودع شركة الشحن وسيصل غدًا. يمكنك تتبّعه هنا: https://shop.example.com/track/4821',
      thanks: 'رائع، شكرًا جزيلًا!',
      tags: ['shipping', 'vip'],
    },
  },
];

const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
const SET_TAGS =
  'mutation($id: ID!, $tags: [String!]!) { setConversationTags(conversationId: $id, tags: $tags) { id } }';
const LAST_SEQ = 'query($id: ID!) { conversation(id: $id) { lastSeq } }';
const MARK_READ =
  'mutation($id: ID!, $seq: Int!) { markConversationRead(conversationId: $id, seq: $seq) { id } }';

async function asAgent<T>(hub: TestHub, agent: TestAgent, query: string, variables: Record<string, unknown>) {
  return ok(await gql<T>(hub.url, agent.token, query, variables));
}

/**
 * Builds the scene through the public paths: visitors write through the widget's API and routing
 * assigns each chat to the agent; the agent answers, notes and tags through GraphQL as the
 * console does. Chats are made one after another, the open one third, so the list's order is fixed.
 */
async function buildScene(stage: StageForTests, scene: Scene): Promise<TestAgent> {
  const { hub } = stage;
  const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
  const agent = await createAgent(hub.app, workspaceId, {
    name: scene.agent,
    status: 'accepting',
    capacity: 10,
  });
  const { id: integrationId } = await createWidgetIntegration(hub.url, admin.token, {
    allowedOrigins: stage.site.origin,
  });
  const { survey } = scene;
  ok(
    await updateWidgetConfig(hub.url, admin.token, integrationId, {
      locale: scene.lang.slice(0, 2),
      prechat: {
        enabled: true,
        fields: [
          { id: 'name', type: 'name', label: survey.name, required: true },
          { id: 'email', type: 'email', label: survey.email, required: true },
          { id: 'order', type: 'text', label: survey.order, required: false },
          { id: 'topic', type: 'choice', label: survey.topic, options: survey.topics, required: true },
        ],
      },
    }),
  );
  const reply = (conversationId: string, text: string, note = false) =>
    asAgent(hub, agent, SEND, {
      input: { conversationId, clientMessageId: randomUUID(), text, private: note },
    });

  const [sofia, omar, lin] = scene.others;
  for (const chat of [sofia, omar, scene.open, lin]) {
    const open = chat === scene.open;
    const visitor = await visitorOpensChat(hub.url, integrationId, stage.site.origin, {
      text: chat.messages[0],
      answers: {
        name: chat.name,
        email: chat.email,
        ...(chat.order ? { order: chat.order } : {}),
        topic: survey.topics[chat.topic],
      },
      pages: (open ? scene.pages : scene.pages.slice(0, 1)).map((p) => ({
        url: `https://shop.example.com${p.path}`,
        title: p.title,
      })),
      variables: open ? scene.variables : undefined,
      locale: scene.lang,
    });
    const { conversationId: id } = visitor;
    await untilAssigned(hub.url, agent.token, id);
    for (const text of chat.messages.slice(1)) await visitor.say(text);
    if (chat.reply) await reply(id, chat.reply);
    if (open) {
      await reply(id, scene.open.note, true);
      await reply(id, scene.open.followUp);
      await visitor.say(scene.open.thanks);
      await asAgent(hub, agent, SET_TAGS, { id, tags: scene.open.tags });
    }
    // The agent has read the chat they answered; the other two wait with unread messages.
    if (chat === omar) {
      const { conversation } = await asAgent<{ conversation: { lastSeq: number } }>(hub, agent, LAST_SEQ, {
        id,
      });
      await asAgent(hub, agent, MARK_READ, { id, seq: conversation.lastSeq });
    }
  }
  return agent;
}

/**
 * Times depend on the clock; in the screenshots the list reads "now", 3, 12 and 40 minutes ago and
 * the open chat's messages 10:14 to 10:21 (in the console's language), so the images only change
 * when the console does.
 */
async function fixTimes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const locale = document.documentElement.lang;
    const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' });
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    const ago = (minutes: number) =>
      minutes === 0 ? relative.format(0, 'second') : relative.format(-minutes, 'minute');
    const at = (minute: number) => clock.format(Date.UTC(2025, 0, 15, 10, minute));
    const set = (elements: ArrayLike<Element>, texts: string[]) =>
      Array.from(elements).forEach(
        (element, i) => (element.textContent = texts[i] ?? texts[texts.length - 1]),
      );
    set(document.querySelectorAll('.chat-row time'), [0, 3, 12, 40].map(ago));
    set(document.querySelectorAll('.message__foot time'), [14, 15, 17, 18, 21].map(at));
    set(
      document.querySelectorAll('.recent-pages time'),
      [1, 4, 9].map((m) => ` ${ago(m)}`),
    );
    const visitor = Array.from(document.querySelectorAll('.contact-panel .panel-section')).find((s) =>
      s.querySelector('.recent-pages'),
    );
    // Current page, visits, first seen, last seen.
    const facts = visitor?.querySelectorAll(':scope > .facts > .facts__row > dd') ?? [];
    set([facts[2], facts[3]].filter(Boolean), [clock.format(Date.UTC(2025, 0, 15, 9, 52)), ago(1)]);
  });
}

async function edges(element: Locator): Promise<{ left: number; right: number }> {
  const box = await element.boundingBox();
  if (!box) throw new Error(`${element.toString()} is not visible`);
  return { left: box.x, right: CONSOLE_VIEWPORT.width - (box.x + box.width) };
}

describe('agent console in Chromium: the main screen, light LTR and dark RTL', () => {
  const stage = useWidgetStage();

  it.each(SCENES.map((scene) => [scene.file, scene] as const))(
    'shows the chats, the open chat and the contact panel: %s',
    async (_file, scene) => {
      const agent = await buildScene(stage, scene);
      const page = await stage.newPage({
        viewport: CONSOLE_VIEWPORT,
        locale: scene.browser.locale,
        colorScheme: scene.browser.colorScheme,
        timezoneId: 'UTC',
      });
      await signInToConsole(page, stage.hub.url, agent);
      const rows = page.locator('.chat-row');
      await rows.nth(3).waitFor();
      expect(await page.locator('.chat-row__name').allTextContents()).toEqual(
        [scene.others[2], scene.open, scene.others[1], scene.others[0]].map((c) => c.name),
      );
      await rows.nth(1).click();
      await page.locator('.message__text').nth(4).waitFor();
      await page.locator('.recent-pages li').nth(2).waitFor();
      await page.locator('.tags-editor .tag').nth(1).waitFor();
      await page.locator('.chat-row--selected:not(.chat-row--unread)').waitFor();
      expect(await page.locator('.message__text').allTextContents()).toEqual([
        scene.open.messages[0],
        scene.open.reply,
        scene.open.note,
        scene.open.followUp,
        scene.open.thanks,
      ]);

      const rtl = scene.browser.locale.startsWith('ar');
      expect(
        await page.evaluate(() => [document.documentElement.dir, document.documentElement.dataset.theme]),
      ).toEqual([rtl ? 'rtl' : 'ltr', scene.browser.colorScheme]);
      // The list sits at the start side, the contact panel at the end side: mirrored in RTL.
      const list = await edges(page.locator('.chat-list'));
      const panel = await edges(page.locator('.contact-panel'));
      expect(rtl ? list.right : list.left).toBeLessThanOrEqual(1);
      expect(rtl ? panel.left : panel.right).toBeLessThanOrEqual(1);

      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.mouse.move(0, CONSOLE_VIEWPORT.height - 1);
      await fixTimes(page);
      await page.screenshot({ path: join(SCREENSHOTS, scene.file), animations: 'disabled', caret: 'hide' });
    },
  );
});
