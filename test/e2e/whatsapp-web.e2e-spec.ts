import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { INSTALLED_CONNECTORS } from '../../src/connectors/runtime/connector-registry.service';
import { SessionHost } from '../../src/connectors/runtime/session-host.service';
import { SessionStoreRepository } from '../../src/connectors/runtime/session-store.repository';
import { installedConnectors } from '../../src/connectors/installed-connectors';
import type { ConnectorDefinition } from '../../src/connectors/sdk';
import { createWhatsappWebConnector } from '../../src/connectors/whatsapp-web';
import type { WhatsappWebClientFactory } from '../../src/connectors/whatsapp-web/whatsapp-web-client.port';
import {
  FakeWhatsappPhone,
  fakeWaMessage,
} from '../../src/connectors/whatsapp-web/testing/fake-whatsapp-web.client';
import { createWorkspaceWithAdmin, gql, ok, subscribe } from '../support/factories';
import { eventually, startHub, type TestHub } from '../support/hub';

const ADA = '4915112345678@c.us';
const GROUP = '120363025555555555@g.us';

interface SessionEvent {
  integrationId: string;
  state: string;
  detail: string | null;
  qr: string | null;
}

/**
 * WhatsApp Web through the whole hub. The hub runs in-process with the real connector built around
 * a fake whatsapp-web.js client (a Nest provider override of the installed connectors): the fake
 * emits library-shaped events through the port the real client implements, and plays the phone.
 */
describe('whatsapp-web connector (fake WhatsApp Web client, real hub)', () => {
  let hub: TestHub;
  let db: DataSource;
  let token: string;
  let workspaceId: string;
  let dataDirectory: string;
  const phones = new Map<string, FakeWhatsappPhone>();

  /** One fake phone per integration (LocalAuth's clientId is the integration id). */
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
    dataDirectory = mkdtempSync(join(tmpdir(), 'sb-wwebjs-'));
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
    const created = await createWorkspaceWithAdmin(hub.app);
    token = created.admin.token;
    workspaceId = created.workspaceId;
  });
  afterAll(async () => {
    // Other suites' hubs (role all) share this run's database: with the integrations enabled they
    // would take over the sessions, with the real client (a browser), once this hub lets go.
    await db?.query(`UPDATE integrations SET enabled = false WHERE connector_id = 'whatsapp-web'`);
    await hub.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  async function newIntegration(settings: Record<string, unknown> = {}): Promise<string> {
    const data = ok(
      await gql<{ createIntegration: { integration: { id: string } } }>(
        hub.url,
        token,
        'mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id } } }',
        {
          input: { connectorId: 'whatsapp-web', name: 'WhatsApp', settings: { dataDirectory, ...settings } },
        },
      ),
    );
    return data.createIntegration.integration.id;
  }

  function watchSession(integrationId: string) {
    return subscribe<SessionEvent>(
      hub.wsUrl,
      token,
      `subscription { integrationSession(integrationId: "${integrationId}") { integrationId state detail qr } }`,
      'integrationSession',
    );
  }

  /** A new integration, linked: its QR code scanned once the subscription shows it. */
  async function linkedIntegration(settings: Record<string, unknown> = {}) {
    const integrationId = await newIntegration(settings);
    const session = watchSession(integrationId);
    const qr = await session.waitFor((e) => e.state === 'QR_REQUIRED' && !!e.qr, 10_000);
    expect(qr.qr).toMatch(/^2@fake-qr-/);
    phoneOf(integrationId).scanQr();
    await session.waitFor((e) => e.state === 'READY', 10_000);
    return { integrationId, session, phone: phoneOf(integrationId) };
  }

  async function inboundCount(integrationId: string, externalId: string): Promise<number> {
    const rows: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1 AND integration_id = $2 AND external_id = $3`,
      [workspaceId, integrationId, externalId],
    );
    return rows[0].n;
  }

  async function conversationOf(
    integrationId: string,
    contactExternalId: string,
  ): Promise<string | undefined> {
    const rows: { id: string }[] = await db.query(
      `SELECT c.id FROM conversations c
         JOIN contact_identities ci ON ci.workspace_id = c.workspace_id AND ci.contact_id = c.contact_id
                                   AND ci.integration_id = c.integration_id
        WHERE c.workspace_id = $1 AND c.integration_id = $2 AND ci.external_id = $3`,
      [workspaceId, integrationId, contactExternalId],
    );
    return rows[0]?.id;
  }

  async function sendReply(conversationId: string, text: string): Promise<string> {
    const data = ok(
      await gql<{ sendMessage: { id: string } }>(
        hub.url,
        token,
        'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        { input: { conversationId, clientMessageId: randomUUID(), text } },
      ),
    );
    return data.sendMessage.id;
  }

  async function statuses(ids: string[]): Promise<string[]> {
    const rows: { id: string; delivery_status: string }[] = await db.query(
      `SELECT id, delivery_status FROM messages WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
    return ids.map((id) => rows.find((r) => r.id === id)?.delivery_status ?? 'missing');
  }

  it('links by QR code, stores an inbound message, and stores a replay after a reconnect once', async () => {
    const { integrationId, session, phone } = await linkedIntegration();
    const hello = fakeWaMessage({
      id: '3EB0HELLO0001',
      body: 'Hallo, ist meine Bestellung unterwegs?',
      _data: { notifyName: 'Ada' },
    });
    phone.receive(hello);
    const conversationId = await eventually(() => conversationOf(integrationId, ADA), 10_000, 'conversation');
    expect(conversationId).toBeDefined();
    expect(await inboundCount(integrationId, hello.id._serialized)).toBe(1);

    // The connection drops; the supervisor starts a new client, which restores the saved session.
    const clientsBefore = phone.clients.length;
    phone.drop('CONFLICT');
    await eventually(
      async () => (phone.clients.length > clientsBefore && phone.current?.ready ? true : undefined),
      10_000,
      'reconnect',
    );
    // WhatsApp Web hands over recent messages again after a reconnect.
    phone.receive(hello);
    phone.receive(fakeWaMessage({ id: '3EB0HELLO0002', body: 'Noch da?' }));
    await eventually(
      async () =>
        (await inboundCount(integrationId, `false_${ADA}_3EB0HELLO0002`)) === 1 ? true : undefined,
      10_000,
      'second message',
    );
    expect(await inboundCount(integrationId, hello.id._serialized)).toBe(1);
    const total: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1 AND conversation_id = $2`,
      [workspaceId, conversationId],
    );
    expect(total[0].n).toBe(2);
    await session.close();
  });

  it('holds a burst of 10 replies while the session is down and delivers them in order once it is ready', async () => {
    const { integrationId, session, phone } = await linkedIntegration();
    phone.receive(fakeWaMessage({ id: '3EB0BURST0001', body: 'Bitte schreiben Sie mir.' }));
    const conversationId = await eventually(() => conversationOf(integrationId, ADA), 10_000, 'conversation');

    // The session drops right after the third reply is taken, and stays down until reconnect().
    phone.dropAfterSends = 3;
    const texts = Array.from({ length: 10 }, (_, i) => `Antwort ${i + 1} von 10`);
    const ids: string[] = [];
    for (const text of texts) ids.push(await sendReply(conversationId, text));

    await session.waitFor((e) => e.state === 'CONNECTING' && /Disconnected/.test(e.detail ?? ''), 10_000);
    await eventually(async () => (phone.sent.length === 3 ? true : undefined), 10_000, 'three sent');
    // Down for a while: nothing more goes out, and nothing is failed.
    await new Promise((r) => setTimeout(r, 2500));
    expect(phone.sent).toHaveLength(3);
    const held = await statuses(ids);
    expect(held.slice(0, 3)).toEqual(['sent', 'sent', 'sent']);
    expect(held.slice(3)).toEqual(Array(7).fill('pending'));

    phone.reconnect();
    await session.waitFor((e) => e.state === 'READY' && phone.current?.ready === true, 15_000);
    await eventually(
      async () => ((await statuses(ids)).every((s) => s === 'sent') ? true : undefined),
      15_000,
      'all sent',
    );
    expect(phone.sent.map((s) => s.content)).toEqual(texts);
    expect(phone.sent.every((s) => s.chatId === ADA)).toBe(true);

    // Receipts come back as message_ack and move the status on.
    phone.current!.ack(phone.sent[9].id, 3);
    await eventually(
      async () => ((await statuses([ids[9]]))[0] === 'read' ? true : undefined),
      10_000,
      'read receipt',
    );
    await session.close();
  });

  it('marks the integration NEEDS_RELINKING on logout and publishes a new QR code; relink restarts it', async () => {
    const { integrationId, session, phone } = await linkedIntegration();
    const firstQr = session.events.find((e) => e.qr)?.qr;
    phone.logOut();
    await session.waitFor((e) => e.state === 'NEEDS_RELINKING', 10_000);
    const relinkQr = await session.waitFor(
      (e) => e.state === 'NEEDS_RELINKING' && !!e.qr && e.qr !== firstQr,
      10_000,
    );
    expect(relinkQr.detail).toMatch(/logged this device out/);

    const view = ok(
      await gql<{ integration: { session: { state: string } } }>(
        hub.url,
        token,
        'query($id: ID!) { integration(id: $id) { session { state } } }',
        { id: integrationId },
      ),
    );
    expect(view.integration.session.state).toBe('NEEDS_RELINKING');

    // An admin asks for a fresh start: a new client shows another code.
    const clients = phone.clients.length;
    ok(
      await gql(hub.url, token, 'mutation($id: ID!) { relinkIntegration(id: $id) { state } }', {
        id: integrationId,
      }),
    );
    await eventually(async () => (phone.clients.length > clients ? true : undefined), 10_000, 'restart');
    await session.waitFor((e) => !!e.qr && e.qr !== relinkQr.qr && e.qr !== firstQr, 10_000);

    const seen = session.events.length;
    phone.scanQr();
    await session.waitFor(
      (e) => e.state === 'READY' && e.qr === null && session.events.indexOf(e) >= seen,
      10_000,
    );
    await session.close();
  });

  it('ignores group chats and status broadcasts unless the integration enables them', async () => {
    const plain = await linkedIntegration();
    const enabled = await linkedIntegration({ includeGroups: true, includeStatusBroadcasts: true });
    const group = fakeWaMessage({ id: '3EB0GROUP0001', from: GROUP, author: ADA, body: 'Hallo Gruppe' });
    const status = fakeWaMessage({
      id: '3EB0STATUS001',
      from: 'status@broadcast',
      author: ADA,
      isStatus: true,
      body: 'Urlaub',
    });
    const marker = fakeWaMessage({ id: '3EB0MARKER001', body: 'after the others' });
    for (const { phone } of [plain, enabled]) {
      phone.receive(group);
      phone.receive(status);
      phone.receive(marker);
    }
    // Messages are stored in arrival order: once the marker is there, the others were decided.
    for (const { integrationId } of [plain, enabled])
      await eventually(
        async () => ((await inboundCount(integrationId, marker.id._serialized)) === 1 ? true : undefined),
        10_000,
        'marker',
      );
    expect(await inboundCount(plain.integrationId, group.id._serialized)).toBe(0);
    expect(await inboundCount(plain.integrationId, status.id._serialized)).toBe(0);
    expect(await inboundCount(enabled.integrationId, group.id._serialized)).toBe(1);
    expect(await inboundCount(enabled.integrationId, status.id._serialized)).toBe(1);
    expect(await conversationOf(enabled.integrationId, GROUP)).toBeDefined();
    await plain.session.close();
    await enabled.session.close();
  });

  it('holds each session in exactly one process (lease) and keeps the QR code from agents and other workspaces', async () => {
    const { integrationId, session } = await linkedIntegration();
    const store = hub.app.get(SessionStoreRepository);
    const host = hub.app.get(SessionHost);
    expect(host.hostedIntegrationIds()).toContain(integrationId);
    expect(await store.acquireLease(workspaceId, integrationId, 'another-worker', 15_000)).toBe(false);
    expect(await store.acquireLease(workspaceId, integrationId, host.holder, 15_000)).toBe(true);

    const other = await createWorkspaceWithAdmin(hub.app);
    const foreign = await gql(
      hub.url,
      other.admin.token,
      'query($id: ID!) { integrationSession(integrationId: $id) { qr } }',
      {
        id: integrationId,
      },
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const stranger = subscribe<SessionEvent>(
      hub.wsUrl,
      other.admin.token,
      `subscription { integrationSession(integrationId: "${integrationId}") { qr } }`,
      'integrationSession',
    );
    await stranger.waitForError(5000);
    expect(stranger.events).toEqual([]);
    await stranger.close();
    await session.close();
  });
});
