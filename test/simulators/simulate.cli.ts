/**
 * `npm run simulate -- messenger` / `npm run simulate -- whatsapp`: chat with a running hub as a
 * Messenger or WhatsApp customer. Starts the fake Graph API on 127.0.0.1, posts what you type to
 * the hub as signed webhooks, and prints the agent replies the hub sends to the fake Graph API.
 * See docs/connectors/simulators.md.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { GraphApiSimulator } from './graph-api.simulator';
import { messengerEvents, MetaWebhookDriver, whatsappEvents } from './meta-webhook.driver';

type Mode = 'messenger' | 'whatsapp';

const USAGE = `Usage: npm run simulate -- <messenger|whatsapp> [options]

Options (or the environment variables in brackets):
  --hub <url>            the running hub [SIM_HUB_URL], default http://127.0.0.1:3000
  --email <email>        an admin's email [SIM_ADMIN_EMAIL]   } with both, the integration is
  --password <password>  the admin's password [SIM_ADMIN_PASSWORD] } created through GraphQL
  --workspace <id>       the admin's workspace, when they have several [SIM_WORKSPACE_ID]
  --integration <id>     use an integration you created yourself [SIM_INTEGRATION_ID]
  --app-secret <secret>  its app secret, when you chose your own [SIM_APP_SECRET]

Type a line to send it as the customer. Commands: /image <url> (messenger) or /image (whatsapp:
a generated picture the hub downloads), /postback <title> (messenger), /read, /quit.`;

function option(args: string[], name: string, env: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : process.env[env] || undefined;
}

async function graphql<T>(
  hub: string,
  token: string | undefined,
  query: string,
  variables: object,
): Promise<T> {
  const res = await fetch(`${hub}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(body.errors?.map((e) => e.message).join('; ') ?? res.statusText);
  return body.data;
}

const WABA_ID = '102290129340398';

/** The integration settings the simulator's fake Graph API expects (docs/connectors/<connector>.md). */
function settingsFor(mode: Mode, graphBaseUrl: string, ids: { page: string; token: string; secret: string }) {
  return mode === 'messenger'
    ? { pageId: ids.page, pageAccessToken: ids.token, appSecret: ids.secret, graphBaseUrl }
    : {
        phoneNumberId: ids.page,
        wabaId: WABA_ID,
        accessToken: ids.token,
        appSecret: ids.secret,
        graphBaseUrl,
      };
}

/** A small PNG (a 1×1 pixel) for `/image` in WhatsApp mode: the hub downloads it from the fake Graph API. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const mode = args[0] as Mode;
  if (mode !== 'messenger' && mode !== 'whatsapp') {
    console.log(USAGE);
    return 2;
  }
  const connectorId = mode === 'messenger' ? 'messenger' : 'whatsapp-cloud';
  const hub = (option(args, 'hub', 'SIM_HUB_URL') ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const ids = {
    page: mode === 'messenger' ? '104857600123456' : '106540352242922',
    token: `sim-token-${randomBytes(8).toString('hex')}`,
    secret:
      option(args, 'app-secret', 'SIM_APP_SECRET') ?? `sim-app-secret-${randomBytes(12).toString('hex')}`,
  };
  const customer =
    mode === 'messenger' ? `${Date.now()}${Math.floor(Math.random() * 1000)}` : '4915112345678';

  const graph = new GraphApiSimulator();
  const graphBaseUrl = await graph.start();
  console.log(`Fake Graph API listening on ${graphBaseUrl}`);

  let integrationId = option(args, 'integration', 'SIM_INTEGRATION_ID');
  const email = option(args, 'email', 'SIM_ADMIN_EMAIL');
  const password = option(args, 'password', 'SIM_ADMIN_PASSWORD');
  const settings = settingsFor(mode, graphBaseUrl, ids);
  if (!integrationId && email && password) {
    const { login } = await graphql<{ login: { token: string } }>(
      hub,
      undefined,
      'mutation($email: String!, $password: String!, $workspaceId: ID) { login(email: $email, password: $password, workspaceId: $workspaceId) { token } }',
      { email, password, workspaceId: option(args, 'workspace', 'SIM_WORKSPACE_ID') },
    );
    try {
      const { createIntegration } = await graphql<{ createIntegration: { integration: { id: string } } }>(
        hub,
        login.token,
        'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } } }',
        { input: { connectorId, name: `Simulated ${mode}`, settings } },
      );
      integrationId = createIntegration.integration.id;
      console.log(`Created integration ${integrationId} (${connectorId}).`);
    } catch (e) {
      if (/Unknown connector/i.test((e as Error).message)) {
        console.error(
          `This hub has no "${connectorId}" connector installed yet, so it cannot receive ${mode} webhooks.\n` +
            'Add it to src/connectors/installed-connectors.ts and restart the hub.',
        );
        await graph.stop();
        return 1;
      }
      throw e;
    }
  }
  if (!integrationId) {
    console.log(
      `\nCreate a "${connectorId}" integration with these settings (admin console, or GraphQL createIntegration):\n` +
        JSON.stringify(settings, null, 2) +
        `\n(the fake Graph API only lives while this program runs; with --email and --password it is created for you)\n`,
    );
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    integrationId = (await rl.question('Integration id: ')).trim();
    rl.close();
  }

  const driver = new MetaWebhookDriver({ hubUrl: hub, integrationId, appSecret: ids.secret });
  const post = async (body: object) => {
    const reply = await driver.post(body);
    if (reply.status !== 200) console.log(`  (hub answered ${reply.status}: ${reply.body.slice(0, 200)})`);
    else if (reply.body.includes('"stored":0') || reply.body === '') console.log('  (hub answered 200)');
  };
  const messengerBody = (item: object) => messengerEvents.body(messengerEvents.entry(ids.page, [item]));
  const whatsappBody = (value: object) => whatsappEvents.body(WABA_ID, value);
  const fromCustomer = (message: object) =>
    whatsappBody(
      whatsappEvents.messages(
        ids.page,
        '15550783881',
        [{ waId: customer, name: 'Simulated customer' }],
        [message],
      ),
    );

  // Agent replies: print them, then report them delivered, as the customer's phone would.
  graph.onRequest((request, sent) => {
    if (!sent) {
      console.log(`\n  hub → Graph ${request.method} ${request.path}: ${request.status}`);
      return;
    }
    console.log(`\n  agent: ${sent.summary}`);
    const receipt =
      mode === 'messenger'
        ? messengerBody(messengerEvents.delivery(customer, ids.page, Date.now(), [sent.id]))
        : whatsappBody(
            whatsappEvents.statuses(ids.page, '15550783881', [
              { id: sent.id, recipientId: customer, status: 'delivered' },
            ]),
          );
    void post(receipt);
  });

  console.log(`\nYou are ${mode} customer ${customer}. Type a message (/quit to leave).\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit') break;
    if (text === '') continue;
    if (mode === 'messenger') {
      if (text === '/read') await post(messengerBody(messengerEvents.read(customer, ids.page, Date.now())));
      else if (text.startsWith('/image '))
        await post(
          messengerBody(messengerEvents.attachment(customer, ids.page, 'image', text.slice(7).trim())),
        );
      else if (text.startsWith('/postback '))
        await post(
          messengerBody(
            messengerEvents.postback(customer, ids.page, text.slice(10), text.slice(10).toUpperCase()),
          ),
        );
      else await post(messengerBody(messengerEvents.text(customer, ids.page, text)));
    } else if (text === '/read') {
      for (const sent of graph.sent)
        await post(
          whatsappBody(
            whatsappEvents.statuses(ids.page, '15550783881', [
              { id: sent.id, recipientId: customer, status: 'read' },
            ]),
          ),
        );
    } else if (text === '/image' || text.startsWith('/image ')) {
      const mediaId = graph.addMedia(`${Date.now()}`, { mimeType: 'image/png', bytes: PIXEL_PNG });
      await post(
        fromCustomer(
          whatsappEvents.media(customer, 'image', mediaId, 'image/png', {
            caption: text.slice(7).trim() || undefined,
          }),
        ),
      );
    } else {
      await post(fromCustomer(whatsappEvents.text(customer, text)));
    }
  }
  rl.close();
  await graph.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
