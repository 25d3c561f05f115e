import { randomUUID } from 'node:crypto';
import { errorCode, gql, ok, type GqlResponse } from '../support/factories';
import {
  hostileEnvelopes,
  replyThroughSimulator,
  useMetaHub,
  withSimulateCli,
  type HostileBody,
  type MetaIntegration,
} from '../support/meta';
import { messengerEvents as m, MetaWebhookDriver } from '../simulators/meta-webhook.driver';

const PAGE_ID = '104857600123456';
const PAGE_TOKEN = 'EAAGe2ePageToken0123456789';
const HOUR = 3600_000;

/**
 * The messenger connector through the whole hub: Meta-shaped webhooks signed over the exact bytes
 * (meta-webhook.driver), agent replies received by a local fake Graph API (graph-api.simulator).
 */
describe('messenger connector (Meta webhooks in, fake Graph API out)', () => {
  const meta = useMetaHub({ accessToken: PAGE_TOKEN });
  const { conversationOf, sendMessage, statusOf, settled } = meta;

  const newIntegration = (opts: { humanAgentTag?: boolean } = {}): Promise<MetaIntegration> =>
    meta.createIntegration('messenger', 'Facebook Page', {
      pageId: PAGE_ID,
      pageAccessToken: PAGE_TOKEN,
      humanAgentTag: opts.humanAgentTag ?? false,
    });

  async function messagesOf(integrationId: string): Promise<{ external_id: string; text: string | null }[]> {
    return meta.db.query(
      `SELECT external_id, text, attachments FROM messages WHERE integration_id = $1 AND direction = 'inbound' ORDER BY external_id`,
      [integrationId],
    );
  }

  async function say(integration: MetaIntegration, psid: string, text: string, timestamp?: number) {
    const reply = await integration.driver.post(
      m.body(m.entry(PAGE_ID, [m.text(psid, PAGE_ID, text, { timestamp })])),
    );
    expect(reply.status).toBe(200);
    return conversationOf(integration.id, psid);
  }

  const replyWindow = async (conversationId: string) =>
    ok(
      await gql<{
        conversation: {
          replyWindow: { open: boolean; state: string; closesAt: string | null; reason: string | null };
        };
      }>(
        meta.hub.url,
        meta.admin.token,
        'query($id: ID!) { conversation(id: $id) { replyWindow { open state closesAt reason } } }',
        {
          id: conversationId,
        },
      ),
    ).conversation.replyWindow;

  it('answers Meta’s GET handshake with the challenge for the verify token, 403 otherwise', async () => {
    const integration = await newIntegration();
    expect(integration.verifyToken).toMatch(/^vt_[0-9a-f]{48}$/);
    expect(await integration.driver.handshake(integration.verifyToken, '1158201444')).toEqual({
      status: 200,
      body: '1158201444',
    });
    expect((await integration.driver.handshake('vt_guessed', '1158201444')).status).toBe(403);
    expect((await integration.driver.handshake('', '1158201444')).status).toBe(403);
  });

  it('verifies a body with escaped unicode (\\u00e4, \\/, \\u003C) over the raw bytes; a wrong secret gets 401', async () => {
    const integration = await newIntegration();
    const psid = `psid-${randomUUID()}`;
    const body = m.body(m.entry(PAGE_ID, [m.text(psid, PAGE_ID, 'Bestellung ä 4711/B <bitte> @team 5%')]));
    const bytes = integration.driver.bytesOf(body).toString('utf8');
    expect(bytes).toContain('\\u00e4');
    expect(bytes).toContain('4711\\/B');
    expect(bytes).toContain('\\u003Cbitte>'); // Meta escapes < but not >
    expect(bytes).not.toBe(JSON.stringify(JSON.parse(bytes))); // hashing re-serialised JSON would fail

    expect((await integration.driver.post(body, { signature: 'wrong-secret' })).status).toBe(401);
    expect((await integration.driver.post(body, { signature: 'missing' })).status).toBe(401);
    expect((await integration.driver.post(body, { signature: 'tampered' })).status).toBe(401);
    expect(await messagesOf(integration.id)).toEqual([]);

    expect(await integration.driver.post(body)).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    expect((await messagesOf(integration.id)).map((row) => row.text)).toEqual([
      'Bestellung ä 4711/B <bitte> @team 5%',
    ]);
  });

  it('stores a batch of 2 entries from 2 senders as 2 conversations; a redelivery adds nothing', async () => {
    const integration = await newIntegration();
    const [ada, bob] = [`psid-${randomUUID()}`, `psid-${randomUUID()}`];
    const t = Date.now() - 60_000;
    const body = m.body(
      m.entry(PAGE_ID, [
        m.text(ada, PAGE_ID, 'Hello', { mid: `m_a1_${ada}`, timestamp: t }),
        m.attachment(ada, PAGE_ID, 'image', 'https://scontent.example.com/p.jpg', {
          mid: `m_a2_${ada}`,
          timestamp: t + 1,
        }),
        m.text(bob, PAGE_ID, 'Hi there', { mid: `m_b1_${bob}`, timestamp: t + 2 }),
      ]),
      m.entry(PAGE_ID, [
        m.quickReply(bob, PAGE_ID, 'Track my order', 'TRACK', { mid: `m_b2_${bob}` }),
        m.postback(ada, PAGE_ID, 'Talk to a person', 'HUMAN', { mid: `m_a3_${ada}` }),
        m.echo(ada, PAGE_ID, 'our own reply'),
      ]),
    );
    expect((await integration.driver.post(body)).status).toBe(200);
    const adaConversation = await conversationOf(integration.id, ada);
    const bobConversation = await conversationOf(integration.id, bob);
    expect(adaConversation).not.toBe(bobConversation);
    const perConversation: { conversation_id: string; n: number }[] = await meta.db.query(
      `SELECT conversation_id, count(*)::int AS n FROM messages WHERE integration_id = $1 GROUP BY conversation_id`,
      [integration.id],
    );
    expect(Object.fromEntries(perConversation.map((r) => [r.conversation_id, r.n]))).toEqual({
      [adaConversation]: 3,
      [bobConversation]: 2,
    });
    const rows = await messagesOf(integration.id);
    expect(rows.map((r) => r.text).sort()).toEqual([
      'Hello',
      'Hi there',
      'Talk to a person',
      'Track my order',
      null,
    ]);

    expect((await integration.driver.post(body)).status).toBe(200);
    expect(await messagesOf(integration.id)).toHaveLength(5);
  });

  it('sends an agent reply through the Send API as RESPONSE and marks it sent with the mid', async () => {
    const integration = await newIntegration();
    const psid = `psid-${randomUUID()}`;
    const conversationId = await say(integration, psid, 'Where is my parcel?');
    expect(await replyWindow(conversationId)).toMatchObject({ open: true, state: 'OPEN' });
    const { sendMessage: message } = ok(await sendMessage(conversationId, 'It ships today 🚚'));
    await settled(message.id, 'sent');
    expect(meta.graph.requests).toHaveLength(1);
    const [request] = meta.graph.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v21.0/me/messages' });
    expect(request.headers.authorization).toBe(`Bearer ${PAGE_TOKEN}`);
    expect(request.query).toEqual({}); // the token never travels in the URL
    expect(request.json).toEqual({
      recipient: { id: psid },
      messaging_type: 'RESPONSE',
      message: { text: 'It ships today 🚚' },
    });
    expect((await statusOf(message.id)).provider_message_id).toBe(meta.graph.sent[0].id);
    expect(meta.graph.sent[0].id).toMatch(/^m_/);
  });

  it('after 24 hours sends with the HUMAN_AGENT tag when enabled', async () => {
    const integration = await newIntegration({ humanAgentTag: true });
    const psid = `psid-${randomUUID()}`;
    const conversationId = await say(integration, psid, 'Hello from yesterday', Date.now() - 25 * HOUR);
    const window = await replyWindow(conversationId);
    expect(window).toMatchObject({
      open: true,
      state: 'TAG_REQUIRED',
      reason: expect.stringMatching(/HUMAN_AGENT/),
    });
    expect(new Date(window.closesAt as string).getTime()).toBeGreaterThan(Date.now() + 5 * 24 * HOUR);
    const { sendMessage: message } = ok(await sendMessage(conversationId, 'Sorry for the wait'));
    await settled(message.id, 'sent');
    expect(meta.graph.requests.map((r) => r.json)).toEqual([
      {
        recipient: { id: psid },
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'Sorry for the wait' },
      },
    ]);
  });

  it('after 24 hours without the tag shows the window closed and refuses the reply before sending', async () => {
    const integration = await newIntegration();
    const psid = `psid-${randomUUID()}`;
    const conversationId = await say(integration, psid, 'Hello from yesterday', Date.now() - 25 * HOUR);
    expect(await replyWindow(conversationId)).toEqual({
      open: false,
      state: 'CLOSED',
      closesAt: null,
      reason: expect.stringMatching(/24 hours/),
    });
    const refused: GqlResponse = await sendMessage(conversationId, 'Anyone there?');
    expect(errorCode(refused)).toBe('REPLY_WINDOW_CLOSED');
    expect(refused.errors?.[0].message).toMatch(/24 hours/);
    const outbound: unknown[] = await meta.db.query(
      `SELECT id FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`,
      [conversationId],
    );
    expect(outbound).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(meta.graph.requests).toEqual([]);

    // The customer writes again: the window opens and the reply goes out.
    await say(integration, psid, 'Still there?');
    expect(await replyWindow(conversationId)).toMatchObject({ open: true, state: 'OPEN' });
    const { sendMessage: message } = ok(await sendMessage(conversationId, 'Yes!'));
    await settled(message.id, 'sent');
  });

  it('applies delivery and read watermarks (and mids) to outbound messages, out of order too, never backwards', async () => {
    const integration = await newIntegration();
    const psid = `psid-${randomUUID()}`;
    const conversationId = await say(integration, psid, 'Hi');
    const first = ok(await sendMessage(conversationId, 'first')).sendMessage;
    await settled(first.id, 'sent');
    const [{ occurred_at: firstAt }]: { occurred_at: Date }[] = await meta.db.query(
      'SELECT occurred_at FROM messages WHERE id = $1',
      [first.id],
    );
    await new Promise((r) => setTimeout(r, 20));
    const second = ok(await sendMessage(conversationId, 'second')).sendMessage;
    await settled(second.id, 'sent');
    const receipt = (item: object) => integration.driver.post(m.body(m.entry(PAGE_ID, [item])));

    // A watermark between the two replies covers only the first.
    expect((await receipt(m.delivery(psid, PAGE_ID, firstAt.getTime() + 1))).status).toBe(200);
    await settled(first.id, 'delivered');
    expect((await statusOf(second.id)).delivery_status).toBe('sent');

    // Read arrives before the delivery that covers the second reply; the late delivery changes nothing.
    expect((await receipt(m.read(psid, PAGE_ID, Date.now()))).status).toBe(200);
    await settled(second.id, 'read');
    expect((await statusOf(first.id)).delivery_status).toBe('read');
    const mid = (await statusOf(second.id)).provider_message_id as string;
    expect((await receipt(m.delivery(psid, PAGE_ID, Date.now(), [mid]))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await statusOf(first.id)).delivery_status).toBe('read');
    expect((await statusOf(second.id)).delivery_status).toBe('read');
  });

  it('applies a delivery receipt by mid', async () => {
    const integration = await newIntegration();
    const psid = `psid-${randomUUID()}`;
    const conversationId = await say(integration, psid, 'Hi');
    const reply = ok(await sendMessage(conversationId, 'receipt by mid')).sendMessage;
    await settled(reply.id, 'sent');
    const mid = (await statusOf(reply.id)).provider_message_id as string;
    // A watermark in the past covers nothing; the mid still marks the reply delivered.
    const delivery = m.delivery(psid, PAGE_ID, 1_000_000, [mid]);
    expect((await integration.driver.post(m.body(m.entry(PAGE_ID, [delivery])))).status).toBe(200);
    await settled(reply.id, 'delivered');
  });

  describe('hostile input never produces a 5xx', () => {
    let integration: MetaIntegration;
    beforeAll(async () => {
      integration = await newIntegration();
    });

    it.each<HostileBody>([
      ...hostileEnvelopes('page', 'instagram'),
      ['an entry without messaging', 200, `{"object":"page","entry":[{"id":"${PAGE_ID}"}]}`],
      [
        'unknown event types',
        200,
        `{"object":"page","entry":[{"id":"${PAGE_ID}","messaging":[{"sender":{"id":"p"},"game_play":{}}]}]}`,
      ],
      [
        'items without sender or mid',
        200,
        `{"object":"page","entry":[{"id":"${PAGE_ID}","messaging":[{"message":{"text":"x"}},{"sender":{"id":"p"},"message":{"text":"x"}}]}]}`,
      ],
      [
        'a numeric text',
        200,
        `{"object":"page","entry":[{"id":"${PAGE_ID}","messaging":[{"sender":{"id":"p"},"message":{"mid":"m_n","text":42}}]}]}`,
      ],
    ])('%s → %d', async (_name, status, body) => {
      const reply = await integration.driver.post(body);
      expect(reply.status).toBe(status);
    });

    it('stores Arabic, emoji, zero-width characters exactly, and NUL or lone surrogates made storable', async () => {
      const psid = `psid-${randomUUID()}`;
      const texts = ['مرحبا، أين طلبي؟', 'Family: 👨‍👩‍👧‍👦 flag: 🇩🇪 👋🏽', 'zero\u200bwidth\u200d\ufeffjoin'];
      const items = texts.map((text, i) => m.text(psid, PAGE_ID, text, { mid: `m_u${i}_${psid}` }));
      expect((await integration.driver.post(m.body(m.entry(PAGE_ID, items)))).status).toBe(200);
      // JSON may carry "\u0000" and a lone "\ud800"; PostgreSQL can store neither.
      const raw = `{"object":"page","entry":[{"id":"${PAGE_ID}","messaging":[{"sender":{"id":"${psid}"},"timestamp":${Date.now()},"message":{"mid":"m_nul_${psid}","text":"a\\u0000b\\ud800c"}}]}]}`;
      expect((await integration.driver.post(raw)).status).toBe(200);
      expect(await meta.textsOfContact(psid)).toEqual([...texts, 'ab\ufffdc']);
    });

    it('stores every valid item of a partly invalid 3 MB batch', async () => {
      const psid = `psid-${randomUUID()}`;
      const filler = 'x'.repeat(10_000);
      const items: object[] = [];
      for (let i = 0; i < 300; i++) {
        items.push(
          i % 3 === 0
            ? { sender: { id: psid }, message: { text: filler } }
            : m.text(psid, PAGE_ID, `${i} ${filler}`, { mid: `m_big_${i}_${psid}` }),
        );
      }
      const body = JSON.stringify(m.body(m.entry(PAGE_ID, items)));
      expect(body.length).toBeGreaterThan(3_000_000);
      const reply = await integration.driver.post(body);
      expect(reply.status).toBe(200);
      expect(await meta.countByExternalId(integration.id, `m\\_big\\_%\\_${psid}`)).toBe(200);
    });

    it('answers a body over the limit with 413, not a crash', async () => {
      const reply = await integration.driver.post(
        `{"object":"page","x":"${'y'.repeat(meta.hub.config.WEBHOOK_BODY_LIMIT_BYTES)}"}`,
      );
      expect(reply.status).toBe(413);
      expect((await fetch(`${meta.hub.url}/health/live`)).status).toBe(200);
    });
  });

  it('npm run simulate -- messenger: creates the integration, posts what the person types, prints agent replies', async () => {
    await withSimulateCli(meta, 'messenger', async (cli) => {
      cli.type('Hallo aus dem Simulator ä\n');
      const conversationId = await meta.conversationWithText(cli.integrationId, 'Hallo aus dem Simulator ä');
      // The CLI reports the reply delivered, as the customer's phone would.
      await replyThroughSimulator(meta, cli, conversationId);
    });
  });

  it('keeps tenants apart: a webhook signed for one integration is refused by another', async () => {
    const [one, two] = [await newIntegration(), await newIntegration()];
    const body = m.body(m.entry(PAGE_ID, [m.text('psid-x', PAGE_ID, 'hi')]));
    const signedForOne = new MetaWebhookDriver({
      hubUrl: meta.hub.url,
      integrationId: two.id,
      appSecret: one.appSecret,
    });
    expect((await signedForOne.post(body)).status).toBe(401);
  });
});
