import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CanonicalEvent,
  ConnectorDefinition,
  OutboundMessage,
  SessionContext,
  SessionStatusReport,
} from '../sdk';
import { buildContext, CONFORMANCE_NOW, fixedClock, runConformanceSuite } from '../sdk/testing';
import { createWhatsappWebConnector } from '.';
import type { WaClientEvent, WaMessage } from './whatsapp-web-client.port';
import type { WhatsappWebSettings } from './whatsapp-web.settings';
import { FakeWhatsappPhone } from './testing/fake-whatsapp-web.client';

/**
 * The SDK's conformance kit (send through invokeSend, idempotency, secrets, network off), plus the
 * session side the kit has no webhook checks for: every fixture is a whatsapp-web.js event with
 * library-shaped arguments, emitted by a fake client through the port the real client implements,
 * and must come out as exactly the expected canonical events and status reports.
 */
const INTEGRATION_ID = 'int_whatsapp_web';
const SETTINGS = { dataDirectory: '/var/lib/switchboard/test-whatsapp-web' };
const CONTACT = '4915112345678@c.us';

interface SessionFixture {
  name: string;
  event: WaClientEvent;
  args: unknown[];
  settings?: Partial<WhatsappWebSettings>;
  expectedEvents: unknown[];
  expectedStatuses?: Partial<SessionStatusReport>[];
}

const fixtures: SessionFixture[] = readdirSync(join(__dirname, 'fixtures'))
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as SessionFixture);

/** A JSON message as the library would hand it over: with its downloadMedia(). */
function hydrate(arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null || !('id' in arg)) return arg;
  const { media, ...fields } = arg as Record<string, unknown>;
  return { ...fields, downloadMedia: async () => media } as unknown as WaMessage;
}

/** A session of `connector` on a fake phone, collecting what it emits and reports. */
function startFakeSession(
  connector: ConnectorDefinition<WhatsappWebSettings>,
  phone: FakeWhatsappPhone,
  settings: Record<string, unknown> = SETTINGS,
) {
  const events: CanonicalEvent[] = [];
  const statuses: SessionStatusReport[] = [];
  const abort = new AbortController();
  const ctx: SessionContext<WhatsappWebSettings> = {
    ...buildContext(connector, settings, {
      integrationId: INTEGRATION_ID,
      clock: fixedClock(CONFORMANCE_NOW),
    }),
    signal: abort.signal,
    emit: async (batch) => void events.push(...batch),
    reportStatus: async (status) => void statuses.push(status),
  };
  const run = connector.hooks.startSession!(ctx).then(
    () => 'ended' as const,
    (e: unknown) => e,
  );
  return { events, statuses, abort, run, ctx };
}

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets the session's queued inbound work (download, map, emit) finish. */
const settle = () => new Promise((r) => setTimeout(r, 30));

const suitePhone = new FakeWhatsappPhone();
suitePhone.linked = true;
const suiteConnector = createWhatsappWebConnector({ createClient: suitePhone.factory });
let suiteSession: ReturnType<typeof startFakeSession>;

// The kit's send checks need a ready session for the kit's integration in this process.
beforeAll(async () => {
  suiteSession = startFakeSession(suiteConnector, suitePhone);
  await until(() => suiteSession.statuses.some((s) => s.state === 'ready'), 'the suite session being ready');
});
afterAll(async () => {
  suiteSession.abort.abort();
  await suiteSession.run;
});

const message: OutboundMessage = {
  idempotencyKey: 'msg_01HZX3WHATSAPPWEB',
  conversationId: 'conv_17',
  recipient: { externalId: CONTACT },
  text: 'Ihre Bestellung ist unterwegs. 🚚',
  author: { kind: 'agent', name: 'Grace' },
  createdAt: CONFORMANCE_NOW,
};

runConformanceSuite(suiteConnector, {
  settings: () => SETTINGS,
  integrationId: INTEGRATION_ID,
  // Sent through the browser session, not over HTTP: the kit checks that send makes no request.
  send: {
    message,
    reply: { status: 200 },
    expectRequest: null,
    expectedProviderMessageId: `true_${CONTACT}_3EB0SENT000000000001`,
  },
});

describe('whatsapp-web session conformance: library events in, canonical events out', () => {
  it('sends the text to the chat id through the client', () => {
    expect(suitePhone.sent[0]).toMatchObject({ chatId: CONTACT, content: message.text });
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('fixture "%s"', async (_name, fixture) => {
    const phone = new FakeWhatsappPhone();
    phone.linked = true;
    const connector = createWhatsappWebConnector({ createClient: phone.factory });
    const session = startFakeSession(connector, phone, { ...SETTINGS, ...fixture.settings });
    await until(() => session.statuses.some((s) => s.state === 'ready'), 'ready');
    session.statuses.length = 0;

    const emitEvent = phone.current!.emitEvent.bind(phone.current!) as (
      event: string,
      ...args: unknown[]
    ) => void;
    emitEvent(fixture.event, ...fixture.args.map(hydrate));
    await settle();

    expect(JSON.parse(JSON.stringify(session.events))).toEqual(fixture.expectedEvents);
    if (fixture.expectedStatuses) {
      expect(session.statuses).toHaveLength(fixture.expectedStatuses.length);
      fixture.expectedStatuses.forEach((expected, i) => expect(session.statuses[i]).toMatchObject(expected));
    }
    session.abort.abort();
    const ended = await session.run;
    if (fixture.event === 'disconnected' && fixture.args[0] !== 'LOGOUT') {
      expect(ended).toMatchObject({ name: 'ConnectorError', kind: 'transient' });
    } else expect(ended).toBe('ended');
    expect(phone.current!.destroyed).toBe(true);
  });
});
