import { randomUUID } from 'node:crypto';
import { errorCode, gql, ok, type GqlResponse } from '../support/factories';
import { eventually } from '../support/hub';
import {
  hostileEnvelopes,
  replyThroughSimulator,
  useMetaHub,
  whatsappTemplateRequest,
  withSimulateCli,
  type HostileBody,
  type MetaIntegration,
} from '../support/meta';
import { whatsappEvents as w } from '../simulators/meta-webhook.driver';

const PHONE_NUMBER_ID = '106540352242922';
const DISPLAY_NUMBER = '15550783881';
const WABA_ID = '102290129340398';
const ACCESS_TOKEN = 'EAAGwhatsappSystemUserToken0123456789';
const HOUR = 3600_000;
// A 1×1 PNG.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A fresh customer number, so tests never share contacts. */
const newNumber = () => `49151${Math.floor(Math.random() * 1e8)}`;

/**
 * The whatsapp-cloud connector through the whole hub: WhatsApp-shaped webhooks signed over the
 * exact bytes (meta-webhook.driver), replies, templates and media through a local fake Graph API
 * (graph-api.simulator).
 */
describe('whatsapp-cloud connector (Meta webhooks in, fake Graph API out)', () => {
  const meta = useMetaHub({ accessToken: ACCESS_TOKEN });
  const { conversationOf, sendMessage, statusOf, settled } = meta;

  const newIntegration = (): Promise<MetaIntegration> =>
    meta.createIntegration('whatsapp-cloud', 'WhatsApp support number', {
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      accessToken: ACCESS_TOKEN,
    });

  const value = (contacts: { waId?: string; userId?: string; name?: string }[], messages: object[]) =>
    w.body(WABA_ID, w.messages(PHONE_NUMBER_ID, DISPLAY_NUMBER, contacts, messages));
  const statuses = (...items: Parameters<typeof w.statuses>[2]) =>
    w.body(WABA_ID, w.statuses(PHONE_NUMBER_ID, DISPLAY_NUMBER, items));

  async function say(integration: MetaIntegration, from: string, text: string, timestamp?: number) {
    const reply = await integration.driver.post(value([{ waId: from }], [w.text(from, text, { timestamp })]));
    expect(reply).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    return conversationOf(integration.id, from);
  }

  const sentReply = async (conversationId: string, text: string) => {
    const { sendMessage: message } = ok(await sendMessage(conversationId, text));
    await settled(message.id, 'sent');
    return { id: message.id, wamid: (await statusOf(message.id)).provider_message_id as string };
  };

  it('answers Meta’s GET handshake with the challenge for the verify token, 403 otherwise', async () => {
    const integration = await newIntegration();
    expect(await integration.driver.handshake(integration.verifyToken, '1158201444')).toEqual({
      status: 200,
      body: '1158201444',
    });
    expect((await integration.driver.handshake('vt_guessed', '1158201444')).status).toBe(403);
  });

  it('stores a signed batch of 3 messages from 2 contacts as 2 conversations; a redelivery adds nothing', async () => {
    const integration = await newIntegration();
    const [ada, bob] = [newNumber(), newNumber()];
    const t = Date.now() - 60_000;
    // Contacts listed in the other order than the messages: they are joined by wa_id.
    const body = value(
      [
        { waId: bob, name: 'Bob Builder' },
        { waId: ada, name: 'Ada Lovelace' },
      ],
      [
        w.text(ada, 'Hello', { id: `wamid.a1.${ada}`, timestamp: t }),
        w.text(bob, 'Hallo', { id: `wamid.b1.${bob}`, timestamp: t + 1000 }),
        w.text(ada, 'Anyone?', { id: `wamid.a2.${ada}`, timestamp: t + 2000 }),
      ],
    );
    expect(await integration.driver.post(body, { signature: 'wrong-secret' })).toMatchObject({ status: 401 });
    expect(await integration.driver.post(body)).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    const adaConversation = await conversationOf(integration.id, ada);
    const bobConversation = await conversationOf(integration.id, bob);
    expect(adaConversation).not.toBe(bobConversation);
    const contacts: { external_id: string; name: string; phone: string }[] = await meta.db.query(
      `SELECT ci.external_id, c.name, c.phone FROM contacts c JOIN contact_identities ci
          ON ci.workspace_id = c.workspace_id AND ci.contact_id = c.id
        WHERE ci.integration_id = $1 ORDER BY c.name`,
      [integration.id],
    );
    expect(contacts).toEqual([
      { external_id: ada, name: 'Ada Lovelace', phone: `+${ada}` },
      { external_id: bob, name: 'Bob Builder', phone: `+${bob}` },
    ]);
    const messages = async () =>
      (await meta.db.query(
        `SELECT conversation_id, text FROM messages WHERE integration_id = $1 ORDER BY conversation_id, seq`,
        [integration.id],
      )) as { conversation_id: string; text: string }[];
    expect(
      (await messages()).filter((m) => m.conversation_id === adaConversation).map((m) => m.text),
    ).toEqual(['Hello', 'Anyone?']);
    expect(
      (await messages()).filter((m) => m.conversation_id === bobConversation).map((m) => m.text),
    ).toEqual(['Hallo']);

    expect((await integration.driver.post(body)).status).toBe(200);
    expect(await messages()).toHaveLength(3);
  });

  it('sends an agent reply as a Graph request to /{phone-number-id}/messages and marks it sent', async () => {
    const integration = await newIntegration();
    const customer = newNumber();
    const conversationId = await say(integration, customer, 'Where is my parcel?');
    const reply = await sentReply(conversationId, 'It ships today 🚚');
    expect(meta.graph.requests).toHaveLength(1);
    const [request] = meta.graph.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/v21.0/${PHONE_NUMBER_ID}/messages` });
    expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(request.query).toEqual({});
    expect(request.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: customer,
      type: 'text',
      text: { preview_url: false, body: 'It ships today 🚚' },
    });
    expect(reply.wamid).toBe(meta.graph.sent[0].id);
    expect(reply.wamid).toMatch(/^wamid\./);
  });

  it('applies delivered and read statuses, out of order too, and never moves a status backwards', async () => {
    const integration = await newIntegration();
    const customer = newNumber();
    const conversationId = await say(integration, customer, 'Hi');
    const first = await sentReply(conversationId, 'first');
    const second = await sentReply(conversationId, 'second');

    expect(
      (
        await integration.driver.post(
          statuses({ id: first.wamid, recipientId: customer, status: 'delivered' }),
        )
      ).status,
    ).toBe(200);
    await settled(first.id, 'delivered');
    expect(
      (await integration.driver.post(statuses({ id: first.wamid, recipientId: customer, status: 'read' })))
        .status,
    ).toBe(200);
    await settled(first.id, 'read');

    // read arrives before delivered and sent (one batch, then a late one): read stays.
    const late = statuses(
      { id: second.wamid, recipientId: customer, status: 'read' },
      { id: second.wamid, recipientId: customer, status: 'delivered' },
    );
    expect((await integration.driver.post(late)).status).toBe(200);
    await settled(second.id, 'read');
    expect(
      (await integration.driver.post(statuses({ id: second.wamid, recipientId: customer, status: 'sent' })))
        .status,
    ).toBe(200);
    expect(
      (
        await integration.driver.post(
          statuses({ id: first.wamid, recipientId: customer, status: 'delivered' }),
        )
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await statusOf(first.id)).delivery_status).toBe('read');
    expect((await statusOf(second.id)).delivery_status).toBe('read');
  });

  it('applies statuses that arrive before the delivery worker recorded the wamid', async () => {
    const integration = await newIntegration();
    const customer = newNumber();
    const conversationId = await say(integration, customer, 'Hi');
    const wamid = `wamid.early.${randomUUID()}`;
    // The fake Graph API answers with a known id, after the statuses have been posted.
    meta.graph.nextSend({ id: wamid, delayMs: 1500 });
    const { sendMessage: message } = ok(await sendMessage(conversationId, 'fast phone'));
    await eventually(async () => (meta.graph.requests.length > 0 ? true : undefined), 10000, 'send request');
    const early = statuses(
      { id: wamid, recipientId: customer, status: 'sent' },
      { id: wamid, recipientId: customer, status: 'delivered' },
      { id: wamid, recipientId: customer, status: 'read' },
    );
    expect((await integration.driver.post(early)).status).toBe(200);
    expect((await statusOf(message.id)).delivery_status).toBe('pending');
    await settled(message.id, 'read');
    expect((await statusOf(message.id)).provider_message_id).toBe(wamid);
    const kept: unknown[] = await meta.db.query('SELECT 1 FROM early_receipts WHERE integration_id = $1', [
      integration.id,
    ]);
    expect(kept).toEqual([]);
  });

  it('shows a failed status to the agent in plain words', async () => {
    const integration = await newIntegration();
    const customer = newNumber();
    const conversationId = await say(integration, customer, 'Hi');
    const reply = await sentReply(conversationId, 'too late?');
    const failed = statuses({
      id: reply.wamid,
      recipientId: customer,
      status: 'failed',
      errors: [
        { code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours' } },
      ],
    });
    expect((await integration.driver.post(failed)).status).toBe(200);
    await settled(reply.id, 'failed');
    expect((await statusOf(reply.id)).failure_reason).toMatch(/more than 24 hours.*template/i);
  });

  it('retries a rate-limited reply after backoff; a window error fails it in plain words', async () => {
    const integration = await newIntegration();
    const customer = newNumber();
    const conversationId = await say(integration, customer, 'Hi');
    meta.graph.failNext({ code: 130429, retryAfterSeconds: 1 });
    const limited = ok(await sendMessage(conversationId, 'after a pause')).sendMessage;
    await settled(limited.id, 'sent');
    expect(meta.graph.requests.map((r) => r.status)).toEqual([400, 200]);

    meta.graph.failNext({ code: 131047 });
    const refused = ok(await sendMessage(conversationId, 'refused')).sendMessage;
    await settled(refused.id, 'failed');
    expect((await statusOf(refused.id)).failure_reason).toMatch(/more than 24 hours.*template/i);
  });

  it('downloads an inbound image and serves it through a signed /files URL; the token never reaches the agent', async () => {
    const integration = await newIntegration();
    const customer = newNumber();
    const mediaId = meta.graph.addMedia(`${Date.now()}${Math.floor(Math.random() * 1000)}`, {
      mimeType: 'image/png',
      bytes: PIXEL,
    });
    const image = w.media(customer, 'image', mediaId, 'image/png', { caption: 'The broken part' });
    expect((await integration.driver.post(value([{ waId: customer }], [image]))).status).toBe(200);
    const conversationId = await conversationOf(integration.id, customer);
    const query = () =>
      gql<{
        conversation: {
          messages: {
            text: string;
            attachments: { kind: string; fileId: string | null; url: string | null; mimeType: string }[];
          }[];
        };
      }>(
        meta.hub.url,
        meta.admin.token,
        'query($id: ID!) { conversation(id: $id) { messages { text attachments { kind fileId url mimeType } } } }',
        { id: conversationId },
      );
    const [message] = await eventually(
      async () => {
        const messages = ok(await query()).conversation.messages;
        return messages[0]?.attachments[0]?.fileId ? messages : undefined;
      },
      15000,
      'image downloaded',
    );
    expect(message.text).toBe('The broken part');
    const [attachment] = message.attachments;
    expect(attachment).toMatchObject({ kind: 'IMAGE', mimeType: 'image/png' });
    expect(attachment.url?.startsWith(`${meta.hub.url}/files/${attachment.fileId}?`)).toBe(true);
    const served = await fetch(attachment.url as string);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PIXEL);

    // The hub looked the media up and downloaded it with the bearer token; the agent saw neither.
    expect(meta.graph.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v21.0/${mediaId}`,
      `GET /media/${mediaId}`,
    ]);
    expect(meta.graph.requests.every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    const raw = (await query()).raw;
    expect(raw).not.toContain(ACCESS_TOKEN);
    expect(raw).not.toContain(meta.graph.baseUrl);
    expect(raw).not.toContain(mediaId);
  });

  it('refuses free text after 24 hours (window closed, templates allowed) and sends an approved template', async () => {
    const integration = await newIntegration();
    const customer = newNumber();
    const conversationId = await say(integration, customer, 'Hello from yesterday', Date.now() - 25 * HOUR);
    const window = ok(
      await gql<{ conversation: { replyWindow: Record<string, unknown> } }>(
        meta.hub.url,
        meta.admin.token,
        'query($id: ID!) { conversation(id: $id) { replyWindow { open state closesAt reason templatesAllowed } } }',
        { id: conversationId },
      ),
    ).conversation.replyWindow;
    expect(window).toEqual({
      open: false,
      state: 'CLOSED',
      closesAt: null,
      reason: expect.stringMatching(/24 hours.*template/),
      templatesAllowed: true,
    });
    const refused: GqlResponse = await sendMessage(conversationId, 'Anyone there?');
    expect(errorCode(refused)).toBe('REPLY_WINDOW_CLOSED');
    await new Promise((r) => setTimeout(r, 300));
    expect(meta.graph.requests).toEqual([]);

    const { messageTemplates } = ok(
      await gql<{
        messageTemplates: { name: string; language: string; body: string; parameterCount: number }[];
      }>(
        meta.hub.url,
        meta.admin.token,
        'query($id: ID!) { messageTemplates(integrationId: $id) { name language body parameterCount } }',
        { id: integration.id },
      ),
    );
    expect(messageTemplates.map((t) => t.name)).toEqual(['order_update', 'welcome_back']); // not the pending one
    expect(meta.graph.requests.map((r) => r.path)).toEqual([`/v21.0/${WABA_ID}/message_templates`]);

    const sendTemplate = (clientMessageId: string, parameters: string[]) =>
      gql<{ sendTemplate: { id: string; text: string } }>(
        meta.hub.url,
        meta.admin.token,
        'mutation($input: SendTemplateInput!) { sendTemplate(input: $input) { id text } }',
        {
          input: {
            conversationId,
            clientMessageId,
            templateName: 'order_update',
            language: 'en_US',
            parameters,
          },
        },
      );
    expect(errorCode(await sendTemplate(randomUUID(), ['Ada']))).toBe('BAD_USER_INPUT');
    const clientMessageId = randomUUID();
    const { sendTemplate: sent } = ok(await sendTemplate(clientMessageId, ['Ada', '#4711']));
    expect(sent.text).toBe('Hi Ada, your order #4711 has shipped.');
    expect(ok(await sendTemplate(clientMessageId, ['Ada', '#4711'])).sendTemplate.id).toBe(sent.id);
    await settled(sent.id, 'sent');
    const sends = meta.graph.requests.filter((r) => r.method === 'POST');
    expect(sends.map((r) => r.json)).toEqual([
      whatsappTemplateRequest(customer, 'order_update', 'en_US', ['Ada', '#4711']),
    ]);
  });

  describe('hostile input never produces a 5xx', () => {
    let integration: MetaIntegration;
    beforeAll(async () => {
      integration = await newIntegration();
    });

    it.each<HostileBody>([
      ...hostileEnvelopes('whatsapp_business_account', 'page'),
      [
        'an entry without changes',
        200,
        `{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}"}]}`,
      ],
      [
        'a change without value',
        200,
        `{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}","changes":[{"field":"messages"}]}]}`,
      ],
      [
        'messages without id or sender',
        200,
        `{"object":"whatsapp_business_account","entry":[{"id":"${WABA_ID}","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"${PHONE_NUMBER_ID}"},"messages":[{"type":"text"},{"id":"wamid.x","text":{"body":1}}]}}]}]}`,
      ],
    ])('%s → %d', async (_name, status, body) => {
      expect((await integration.driver.post(body)).status).toBe(status);
    });

    it('stores unknown message types as such, and Arabic, emoji and zero-width text exactly', async () => {
      const customer = newNumber();
      const texts = ['مرحبا، أين طلبي؟', 'Family: 👨‍👩‍👧‍👦 flag: 🇩🇪 👋🏽', 'zero\u200bwidth\u200d\ufeffjoin'];
      const body = value(
        [{ waId: customer }],
        [
          ...texts.map((text) => w.text(customer, text)),
          w.typed(customer, 'hologram', { id: 'x' }),
          w.typed(customer, 'unsupported', undefined),
          w.typed(customer, 'reaction', { message_id: 'wamid.ours', emoji: '❤️' }),
        ],
      );
      expect((await integration.driver.post(body)).status).toBe(200);
      expect(await meta.textsOfContact(customer)).toEqual([
        ...texts,
        '[Unsupported message: hologram]',
        '[Unsupported message: unsupported]',
        'Reacted ❤️ to a message',
      ]);
    });

    it('stores every valid item of a partly invalid 3 MB batch', async () => {
      const customer = newNumber();
      const filler = 'x'.repeat(10_000);
      const messages: object[] = [];
      for (let i = 0; i < 300; i++) {
        messages.push(
          i % 3 === 0
            ? { from: customer, type: 'text', text: { body: filler } }
            : w.text(customer, `${i} ${filler}`, { id: `wamid.big.${i}.${customer}` }),
        );
      }
      const body = JSON.stringify(value([{ waId: customer }], messages));
      expect(body.length).toBeGreaterThan(3_000_000);
      expect((await integration.driver.post(body)).status).toBe(200);
      expect(await meta.countByExternalId(integration.id, `wamid.big.%.${customer}`)).toBe(200);
      expect((await fetch(`${meta.hub.url}/health/live`)).status).toBe(200);
    });
  });

  it('npm run simulate -- whatsapp: creates the integration, posts what the person types, prints agent replies', async () => {
    await withSimulateCli(meta, 'whatsapp', async (cli) => {
      cli.type('Hallo aus dem Simulator ä 👋\n');
      const conversationId = await meta.conversationWithText(
        cli.integrationId,
        'Hallo aus dem Simulator ä 👋',
      );
      cli.type('/image\n');
      await eventually(
        async () => {
          const rows: { attachments: { fileId?: string }[] }[] = await meta.db.query(
            `SELECT attachments FROM messages WHERE integration_id = $1 AND attachments <> '[]'::jsonb`,
            [cli.integrationId],
          );
          return rows[0]?.attachments[0]?.fileId ? true : undefined;
        },
        15000,
        'the simulated image downloaded',
      );
      await replyThroughSimulator(meta, cli, conversationId);
    });
  });
});
