import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { GraphApiSimulator } from '../simulators/graph-api.simulator';
import { MetaWebhookDriver } from '../simulators/meta-webhook.driver';
import { createWorkspaceWithAdmin, gql, ok, type GqlResponse, type TestAgent } from './factories';
import { eventually, startHub, type TestHub } from './hub';

/** An integration of a Meta connector, with the driver that posts webhooks signed for it. */
export interface MetaIntegration {
  id: string;
  appSecret: string;
  verifyToken: string;
  driver: MetaWebhookDriver;
}

/** What the hub recorded about one outbound message's delivery. */
export interface DeliveryRow {
  delivery_status: string;
  provider_message_id: string | null;
  failure_reason: string | null;
}

/** What `useMetaHub` gives a describe block; read it in hooks and tests, not while Jest collects them. */
export interface MetaHub {
  readonly hub: TestHub;
  /** The fake Graph API the integrations send to; reset before each test. */
  readonly graph: GraphApiSimulator;
  readonly db: DataSource;
  /** The workspace's admin, who also answers as the agent. */
  readonly admin: TestAgent;
  /**
   * Creates an integration of `connectorId` with `settings`, a fresh app secret, the fake Graph
   * API as its base URL and a generated verify token.
   */
  createIntegration(
    connectorId: string,
    name: string,
    settings: Record<string, unknown>,
  ): Promise<MetaIntegration>;
  /** The one conversation of the contact known as `externalId` on the integration. */
  conversationOf(integrationId: string, externalId: string): Promise<string>;
  /** An agent reply through the GraphQL API (not checked: refusals are answers too). */
  sendMessage(
    conversationId: string,
    text: string,
  ): Promise<GqlResponse<{ sendMessage: { id: string; deliveryStatus: string } }>>;
  statusOf(messageId: string): Promise<DeliveryRow>;
  /** Waits until the message's delivery status is `status`. */
  settled(messageId: string, status: string): Promise<true>;
  /** The texts of every message in the conversations of the contact known as `externalId`, in order. */
  textsOfContact(externalId: string): Promise<string[]>;
  /** How many messages of the integration have an external id LIKE `pattern`. */
  countByExternalId(integrationId: string, pattern: string): Promise<number>;
  /** Waits for the inbound message with exactly `text` and returns its conversation. */
  conversationWithText(integrationId: string, text: string): Promise<string>;
}

/**
 * Registers the hooks that give the calling describe block its own hub (role `all`), a workspace
 * with its admin, and a fake Graph API on loopback that accepts `accessToken`.
 *
 * @example
 * ```ts
 * const meta = useMetaHub({ accessToken: PAGE_TOKEN });
 * it('...', async () => {
 *   const integration = await meta.createIntegration('messenger', 'Facebook Page', { pageId, pageAccessToken });
 * });
 * ```
 */
export function useMetaHub(opts: { accessToken: string }): MetaHub {
  let ready: { hub: TestHub; graph: GraphApiSimulator; db: DataSource; admin: TestAgent } | undefined;
  const graph = new GraphApiSimulator({ accessTokens: [opts.accessToken] });
  beforeAll(async () => {
    const hub = await startHub({ HUB_ROLE: 'all' });
    await graph.start();
    const { admin } = await createWorkspaceWithAdmin(hub.app);
    ready = { hub, graph, db: hub.app.get(DataSource), admin };
  });
  afterAll(async () => {
    await ready?.hub.close();
    await graph.stop();
  });
  beforeEach(() => graph.reset());

  const started = () => {
    if (!ready) throw new Error('useMetaHub starts its hub in beforeAll: read it in a hook or a test');
    return ready;
  };
  const meta: MetaHub = {
    get hub() {
      return started().hub;
    },
    get graph() {
      return started().graph;
    },
    get db() {
      return started().db;
    },
    get admin() {
      return started().admin;
    },
    async createIntegration(connectorId, name, settings) {
      const appSecret = `app-secret-${randomUUID()}`;
      const data = ok(
        await gql<{
          createIntegration: { integration: { id: string }; generatedSecrets: { verifyToken: string } };
        }>(
          meta.hub.url,
          meta.admin.token,
          'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } generatedSecrets } }',
          { input: { connectorId, name, settings: { ...settings, appSecret, graphBaseUrl: graph.baseUrl } } },
        ),
      );
      const id = data.createIntegration.integration.id;
      return {
        id,
        appSecret,
        verifyToken: data.createIntegration.generatedSecrets.verifyToken,
        driver: new MetaWebhookDriver({ hubUrl: meta.hub.url, integrationId: id, appSecret }),
      };
    },
    async conversationOf(integrationId, externalId) {
      const rows: { id: string }[] = await meta.db.query(
        `SELECT c.id FROM conversations c JOIN contact_identities ci
            ON ci.workspace_id = c.workspace_id AND ci.contact_id = c.contact_id AND ci.integration_id = c.integration_id
          WHERE ci.integration_id = $1 AND ci.external_id = $2`,
        [integrationId, externalId],
      );
      expect(rows).toHaveLength(1);
      return rows[0].id;
    },
    sendMessage: (conversationId, text) =>
      gql(
        meta.hub.url,
        meta.admin.token,
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id deliveryStatus } }',
        { input: { conversationId, clientMessageId: randomUUID(), text } },
      ),
    async statusOf(messageId) {
      const [row]: DeliveryRow[] = await meta.db.query(
        'SELECT delivery_status, provider_message_id, failure_reason FROM messages WHERE id = $1',
        [messageId],
      );
      return row;
    },
    settled: (messageId, status) =>
      eventually(
        async () => ((await meta.statusOf(messageId)).delivery_status === status ? true : undefined),
        15000,
        status,
      ),
    async textsOfContact(externalId) {
      const rows: { text: string }[] = await meta.db.query(
        `SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
           JOIN contact_identities ci ON ci.contact_id = c.contact_id AND ci.integration_id = c.integration_id
          WHERE ci.external_id = $1 ORDER BY m.seq`,
        [externalId],
      );
      return rows.map((r) => r.text);
    },
    async countByExternalId(integrationId, pattern) {
      const [{ n }]: { n: number }[] = await meta.db.query(
        `SELECT count(*)::int AS n FROM messages WHERE integration_id = $1 AND external_id LIKE $2`,
        [integrationId, pattern],
      );
      return n;
    },
    async conversationWithText(integrationId, text) {
      const [{ conversation_id: conversationId }]: { conversation_id: string }[] = await eventually(
        async () => {
          const rows: { conversation_id: string }[] = await meta.db.query(
            `SELECT conversation_id FROM messages WHERE integration_id = $1 AND text = $2`,
            [integrationId, text],
          );
          return rows.length > 0 ? rows : undefined;
        },
      );
      return conversationId;
    },
  };
  return meta;
}

/** A running `npm run simulate` session, as a person at the terminal sees it. */
export interface SimulateSession {
  /** The integration the CLI created. */
  integrationId: string;
  /** Everything the CLI printed so far. */
  output(): string;
  /** Types a line, as the person would. */
  type(line: string): void;
}

/**
 * Builds the simulator as `npm run simulate` does, runs it for `product` against the hub as the
 * workspace's admin, waits for its integration and its prompt, runs `use`, then quits it.
 *
 * @example
 * ```ts
 * await withSimulateCli(meta, 'messenger', async (cli) => cli.type('Hallo\n'));
 * ```
 */
export async function withSimulateCli(
  meta: MetaHub,
  product: 'messenger' | 'whatsapp',
  use: (session: SimulateSession) => Promise<void>,
): Promise<void> {
  const root = join(__dirname, '..', '..');
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.simulate;
  const [compile] = String(script).split(' && ');
  const [tsc, ...tscArgs] = compile.split(' ');
  execFileSync(join(root, 'node_modules', '.bin', tsc), tscArgs, { cwd: root });
  const cli = spawn(
    process.execPath,
    [join(root, 'dist', 'simulate', 'simulate.cli.js'), product, '--hub', meta.hub.url],
    {
      cwd: root,
      env: {
        ...process.env,
        SIM_ADMIN_EMAIL: meta.admin.email,
        SIM_ADMIN_PASSWORD: meta.admin.password,
        SIM_WORKSPACE_ID: meta.admin.workspaceId,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  cli.stdout.on('data', (d: Buffer) => (output += d.toString()));
  cli.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
  try {
    const integrationId = await eventually(
      async () => /Created integration ([0-9a-f-]{36})/.exec(output)?.[1],
      15000,
      `integration created by the CLI (output: ${output})`,
    );
    await eventually(async () => (output.includes('Type a message') ? true : undefined), 5000, 'prompt');
    await use({ integrationId, output: () => output, type: (line) => cli.stdin.write(line) });
  } finally {
    cli.stdin.end('/quit\n');
    await exited;
  }
}

/**
 * Answers in the conversation as the agent and waits until the simulator shows the reply and
 * reports it delivered, as the customer's phone would.
 */
export async function replyThroughSimulator(
  meta: MetaHub,
  cli: SimulateSession,
  conversationId: string,
): Promise<void> {
  const reply = ok(await meta.sendMessage(conversationId, 'Hello from the agent')).sendMessage;
  await eventually(
    async () => (cli.output().includes('agent: Hello from the agent') ? true : undefined),
    15000,
    cli.output(),
  );
  await eventually(
    async () => ((await meta.statusOf(reply.id)).delivery_status === 'delivered' ? true : undefined),
    15000,
    `delivered (CLI output: ${cli.output()})`,
  );
}

/**
 * A hostile-input case: its name, the status the hub must answer, the body. Bodies are posted
 * correctly signed, so only the parsing is under test.
 */
export type HostileBody = [name: string, status: number, body: string];

/**
 * The hostile bodies every Meta product answers alike: unusable bodies get 400 and entries that
 * are not objects or another product's body get 200 (Meta retries anything else for days).
 */
export function hostileEnvelopes(object: string, otherObject: string): HostileBody[] {
  return [
    ['malformed JSON', 400, `{"object":"${object}","entry":[{"id":`],
    ['an empty body', 400, ''],
    ['a JSON array', 400, '[]'],
    ['no entry', 400, `{"object":"${object}"}`],
    ['entries that are not objects', 200, `{"object":"${object}","entry":[1,"x",null]}`],
    ['another product', 200, `{"object":"${otherObject}","entry":[]}`],
  ];
}

/**
 * The Graph request body of an approved WhatsApp template with body parameters, as the hub must
 * send it (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/).
 */
export function whatsappTemplateRequest(to: string, name: string, language: string, parameters: string[]) {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name,
      language: { code: language },
      components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }],
    },
  };
}
