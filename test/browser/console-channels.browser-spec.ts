import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { INSTALLED_CONNECTORS } from '../../src/connectors/runtime/connector-registry.service';
import { installedConnectors } from '../../src/connectors/installed-connectors';
import type { ConnectorDefinition } from '../../src/connectors/sdk';
import { createWhatsappWebConnector } from '../../src/connectors/whatsapp-web';
import type { WhatsappWebClientFactory } from '../../src/connectors/whatsapp-web/whatsapp-web-client.port';
import { FakeWhatsappPhone } from '../../src/connectors/whatsapp-web/testing/fake-whatsapp-web.client';
import { encodeQr, qrSvgPath } from '../../web/console/src/qr/qr-code';
import { GraphApiSimulator } from '../simulators/graph-api.simulator';
import { MetaWebhookDriver, whatsappEvents as w } from '../simulators/meta-webhook.driver';
import { createWorkspaceWithAdmin, gql, ok, type TestAgent } from '../support/factories';
import { eventually, startHub, type TestHub } from '../support/hub';
import { seriousViolations } from './support/axe';
import { launchChromium } from './support/chromium';
import {
  composer,
  CONSOLE_VIEWPORT,
  messagesUntil,
  sendFromConsole,
  signInToConsole,
} from './support/console-page';

const PHONE_NUMBER_ID = '106540352242922';
const DISPLAY_NUMBER = '15550783881';
const WABA_ID = '102290129340398';
const ACCESS_TOKEN = 'EAAGconsoleChannelsToken0123456789';
const HOUR = 3600_000;

/** What the console draws for a QR payload (the panel renders it at level L with a 4-module border). */
const qrPathOf = (payload: string) => qrSvgPath(encodeQr(payload, { errorCorrection: 'L' }), 4);

/**
 * The console's channel features (issue 6) in Chromium against the whole hub: the reply window of
 * a WhatsApp Cloud API chat before the agent writes, the template picker, the race where the
 * window closes on the way, and linking a WhatsApp Web phone by QR code. WhatsApp Cloud talks to
 * the local fake Graph API (test/simulators); WhatsApp Web runs the real connector around the fake
 * whatsapp-web.js client (a Nest override of the installed connectors, as in the e2e test).
 */
describe('agent console in Chromium: WhatsApp and Messenger channel features', () => {
  let hub: TestHub;
  let graph: GraphApiSimulator;
  let browser: Browser;
  let db: DataSource;
  const contexts: BrowserContext[] = [];
  const phones = new Map<string, FakeWhatsappPhone>();
  const phoneOf = (integrationId: string): FakeWhatsappPhone => {
    let phone = phones.get(integrationId);
    if (!phone) {
      phone = new FakeWhatsappPhone();
      phones.set(integrationId, phone);
    }
    return phone;
  };
  const factory: WhatsappWebClientFactory = (options) => phoneOf(options.clientId).factory(options);

  beforeAll(async () => {
    const connectors = installedConnectors.map((c) =>
      c.manifest.id === 'whatsapp-web'
        ? (createWhatsappWebConnector({ createClient: factory }) as ConnectorDefinition)
        : c,
    );
    hub = await startHub({ HUB_ROLE: 'all' }, (module) =>
      Test.createTestingModule({ imports: [module] })
        .overrideProvider(INSTALLED_CONNECTORS)
        .useValue(connectors)
        .compile(),
    );
    db = hub.app.get(DataSource);
    graph = new GraphApiSimulator({ accessTokens: [ACCESS_TOKEN] });
    await graph.start();
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    // Other suites' hubs (role all) share this run's database: with the integrations enabled they
    // would take over the sessions, with the real client (a browser), once this hub lets go.
    await db?.query(`UPDATE integrations SET enabled = false WHERE connector_id = 'whatsapp-web'`);
    await browser?.close();
    await graph?.stop();
    await hub?.close();
  });

  async function consoleAs(owner: TestAgent): Promise<Page> {
    const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInToConsole(page, hub.url, owner);
    return page;
  }

  /** A whatsapp-cloud integration pointed at the fake Graph API, as the e2e test creates it. */
  async function whatsappCloud(owner: TestAgent) {
    const appSecret = `app-secret-${randomUUID()}`;
    const { createIntegration } = ok(
      await gql<{ createIntegration: { integration: { id: string } } }>(
        hub.url,
        owner.token,
        'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } } }',
        {
          input: {
            connectorId: 'whatsapp-cloud',
            name: 'WhatsApp support',
            settings: {
              phoneNumberId: PHONE_NUMBER_ID,
              wabaId: WABA_ID,
              accessToken: ACCESS_TOKEN,
              appSecret,
              graphBaseUrl: graph.baseUrl,
            },
          },
        },
      ),
    );
    const integrationId = createIntegration.integration.id;
    const driver = new MetaWebhookDriver({ hubUrl: hub.url, integrationId, appSecret });
    /** The customer writes (at `timestamp`, ms); resolves with their conversation's id. */
    const say = async (from: string, text: string, timestamp?: number): Promise<string> => {
      const reply = await driver.post(
        w.body(
          WABA_ID,
          w.messages(
            PHONE_NUMBER_ID,
            DISPLAY_NUMBER,
            [{ waId: from, name: 'Ada Lovelace' }],
            [w.text(from, text, { timestamp })],
          ),
        ),
      );
      expect(reply).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
      const rows: { id: string }[] = await db.query(
        `SELECT c.id FROM conversations c JOIN contact_identities ci
            ON ci.workspace_id = c.workspace_id AND ci.contact_id = c.contact_id AND ci.integration_id = c.integration_id
          WHERE ci.integration_id = $1 AND ci.external_id = $2`,
        [integrationId, from],
      );
      expect(rows).toHaveLength(1);
      return rows[0].id;
    };
    return { integrationId, say };
  }

  const sendButton = (page: Page) => page.getByRole('button', { name: 'Send', exact: true });
  const windowNotice = (page: Page) => page.getByTestId('reply-window');
  const sentToGraph = (type: string) =>
    eventually(
      async () => {
        const found = graph.requests.filter(
          (r) => r.method === 'POST' && (r.json as { type?: string } | undefined)?.type === type,
        );
        return found.length ? found.map((r) => r.json) : undefined;
      },
      15000,
      `a ${type} message at the fake Graph API`,
    );

  it('shows the closed WhatsApp window before the agent writes, sends a template through the picker, and reopens on a new message', async () => {
    graph.reset();
    const { admin: owner } = await createWorkspaceWithAdmin(hub.app);
    const whatsapp = await whatsappCloud(owner);
    const customer = `49151${Math.floor(Math.random() * 1e8)}`;
    const conversationId = await whatsapp.say(customer, 'Hello from yesterday', Date.now() - 25 * HOUR);

    const page = await consoleAs(owner);
    await page.goto(`${hub.url}/console/chats/${conversationId}`);
    await messagesUntil(page, (m) => m.some((x) => x.text === 'Hello from yesterday'), 'the old message');

    // Before writing: the window is closed, in the hub's words; replies cannot be sent, notes can.
    await windowNotice(page)
      .getByText(/More than 24 hours since the customer's last message/)
      .waitFor();
    expect(await windowNotice(page).textContent()).toMatch(/only an approved template/);
    expect(await sendButton(page).isDisabled()).toBe(true);
    await page.getByText('A reply cannot be sent now; a private note can.').waitFor();
    await composer(page).fill('Free text that must not go out');
    await composer(page).press('Enter');
    expect(await composer(page).inputValue()).toBe('Free text that must not go out');
    expect(await seriousViolations(page, 'chat view, reply window closed')).toEqual([]);

    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await sendButton(page).waitFor({ state: 'detached' }); // the button reads "Add note" now
    await page.getByRole('button', { name: 'Add note' }).click();
    await messagesUntil(
      page,
      (m) => m.some((x) => x.note && x.text === 'Free text that must not go out' && !x.pending),
      'the private note',
    );
    await page.getByRole('button', { name: 'Note', exact: true }).click();
    expect(graph.requests.filter((r) => r.method === 'POST')).toEqual([]);

    // The template picker: search, choose, fill with a live preview; a missing parameter is refused.
    await windowNotice(page).getByRole('button', { name: 'Send a template' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a template' });
    await dialog.getByRole('radio', { name: /welcome_back/ }).waitFor();
    await dialog.getByRole('searchbox', { name: 'Search templates' }).fill('shipped');
    await dialog.getByRole('radio', { name: /welcome_back/ }).waitFor({ state: 'detached' });
    await dialog.getByRole('radio', { name: /order_update/ }).check();
    const preview = dialog.getByLabel('What the customer will read');
    expect(await preview.textContent()).toBe('Hi {{1}}, your order {{2}} has shipped.');
    await dialog.getByRole('textbox', { name: 'Parameter {{1}}' }).fill('Ada');
    expect(await preview.textContent()).toBe('Hi Ada, your order {{2}} has shipped.');
    expect(await dialog.getByText('Language: en_US').count()).toBe(1);
    expect(await seriousViolations(page, 'template picker')).toEqual([]);
    await dialog.getByRole('button', { name: 'Send template' }).click();
    await dialog.getByText('Fill in this parameter.').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Parameter {{2}}' }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await dialog.getByRole('textbox', { name: 'Parameter {{2}}' }).fill('#4711');
    expect(await preview.textContent()).toBe('Hi Ada, your order #4711 has shipped.');
    await dialog.getByRole('button', { name: 'Send template' }).click();
    await dialog.waitFor({ state: 'detached' });
    await messagesUntil(
      page,
      (m) => m.some((x) => x.side === 'out' && !x.note && x.text === 'Hi Ada, your order #4711 has shipped.'),
      'the template in the chat',
    );
    expect(await sentToGraph('template')).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: customer,
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ada' },
                { type: 'text', text: '#4711' },
              ],
            },
          ],
        },
      },
    ]);

    // The customer answers: the window is open again, free text goes out.
    await whatsapp.say(customer, 'Thanks! Can I change the address?');
    await windowNotice(page).waitFor({ state: 'detached' });
    expect(await sendButton(page).isDisabled()).toBe(false);
    await sendFromConsole(page, 'Of course, which address?');
    await messagesUntil(
      page,
      (m) => m.some((x) => x.side === 'out' && x.text === 'Of course, which address?' && !x.pending),
      'the free-text reply',
    );
    const texts = await sentToGraph('text');
    expect(texts).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: customer,
        type: 'text',
        text: { preview_url: false, body: 'Of course, which address?' },
      },
    ]);
  });

  it('keeps the draft and says why when the window closed before the reply got there', async () => {
    graph.reset();
    const { admin: owner } = await createWorkspaceWithAdmin(hub.app);
    const whatsapp = await whatsappCloud(owner);
    const customer = `49151${Math.floor(Math.random() * 1e8)}`;
    const conversationId = await whatsapp.say(customer, 'Are you there?', Date.now() - 25 * HOUR);

    const page = await consoleAs(owner);
    // The console last heard "open" (the window closed since): the first details answer says so.
    let faked = 0;
    await page.route('**/graphql', async (route) => {
      if (faked > 0 || !route.request().postData()?.includes('query ConversationDetail'))
        return route.continue();
      faked++;
      const response = await route.fetch();
      const body = (await response.json()) as { data: { conversation: { replyWindow: unknown } } };
      body.data.conversation.replyWindow = {
        open: true,
        state: 'OPEN',
        closesAt: new Date(Date.now() + 20 * HOUR).toISOString(),
        reason: null,
        templatesAllowed: true,
      };
      await route.fulfill({ response, json: body });
    });
    await page.goto(`${hub.url}/console/chats/${conversationId}`);
    await messagesUntil(page, (m) => m.some((x) => x.text === 'Are you there?'), 'the old message');
    expect(faked).toBe(1);
    expect(await windowNotice(page).count()).toBe(0);

    await sendFromConsole(page, 'Yes, here I am');
    await page
      .getByRole('alert')
      .getByText(/^Not sent: .*24 hours.* Your text is still in the box\.$/)
      .waitFor();
    expect(await composer(page).inputValue()).toBe('Yes, here I am');
    // Asked again, the hub says closed: the notice shows and the reply stays unsendable.
    await windowNotice(page)
      .getByText(/More than 24 hours/)
      .waitFor();
    expect(await sendButton(page).isDisabled()).toBe(true);
    const shown = await messagesUntil(page, (m) => m.length >= 1, 'the log');
    expect(shown.map((m) => m.text)).toEqual(['Are you there?']);
    expect(graph.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('creates a WhatsApp Web integration with defaults, shows its QR code live, READY once scanned, and re-linking after a logout', async () => {
    const { admin: owner } = await createWorkspaceWithAdmin(hub.app);
    const page = await consoleAs(owner);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Integrations', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();

    await page.getByRole('button', { name: 'New integration' }).click();
    await page.getByLabel('WhatsApp Web (unofficial)').check();
    await page.getByText(/WhatsApp's terms do not allow/).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Shop phone');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const panel = page.getByRole('region', { name: 'Link a phone to Shop phone' });
    await panel.waitFor();
    const { integrations } = ok(
      await gql<{ integrations: { id: string; connectorId: string }[] }>(
        hub.url,
        owner.token,
        'query { integrations { id connectorId } }',
      ),
    );
    expect(integrations.map((i) => i.connectorId)).toEqual(['whatsapp-web']);
    const phone = phoneOf(integrations[0].id);

    // The QR code, drawn from the payload the subscription pushed; then WhatsApp rotates it.
    const qr = panel.getByRole('img', { name: 'QR code to link WhatsApp' });
    await panel
      .getByText('Scan this code with WhatsApp on the phone: Settings → Linked devices → Link a device.')
      .waitFor();
    const qrPath = () => qr.locator('path').getAttribute('d');
    await eventually(
      async () => ((await qrPath()) === qrPathOf('2@fake-qr-1') ? true : undefined),
      10000,
      'QR 1',
    );
    expect(await seriousViolations(page, 'WhatsApp Web linking panel, QR code')).toEqual([]);
    phone.current?.emitEvent('qr', phone.nextQr());
    await eventually(
      async () => ((await qrPath()) === qrPathOf('2@fake-qr-2') ? true : undefined),
      10000,
      'QR 2',
    );

    // Scanned: linked, no code any more.
    phone.scanQr();
    await panel.getByText('Linked', { exact: true }).waitFor();
    await qr.waitFor({ state: 'detached' });

    // The phone logs the hub out: needs re-linking, with a new code; the list says so too.
    phone.logOut();
    await panel.getByText('Needs re-linking: the phone logged out').waitFor();
    await qr.waitFor();
    expect(await seriousViolations(page, 'WhatsApp Web linking panel, needs re-linking')).toEqual([]);
    await panel.getByRole('button', { name: 'Close' }).click();
    await page
      .getByRole('row', { name: /Shop phone/ })
      .getByText('Needs re-linking: the phone logged out')
      .waitFor();
    await page
      .getByRole('alert')
      .getByText('Shop phone needs re-linking: the phone logged out.', { exact: false })
      .waitFor();

    // Relink from the list; scanning the new code brings it back.
    await page.getByRole('button', { name: 'Link phone for Shop phone' }).first().click();
    await panel.getByRole('button', { name: 'Relink' }).click();
    await qr.waitFor();
    phone.scanQr();
    await panel.getByText('Linked', { exact: true }).waitFor();
  });
});
