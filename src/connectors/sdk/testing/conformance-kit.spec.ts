import { ConnectorError } from '../connector-error';
import type { ConnectorContext } from '../connector-context';
import type { ConnectorHooks } from '../connector-hooks';
import { defineConnector } from '../define-connector';
import { parseRetryAfter } from '../retry-after.parser';
import { hmacSha256, timingSafeEqualString } from '../webhook-crypto.helpers';
import { createConformanceHarness, type ConformanceHarness } from './conformance-harness';
import type { ConformanceOptions } from './conformance-options';
import { checkDefinitionAndOptions } from './definition-conformance.checks';
import {
  checkParseFixture,
  checkVerifyAccepts,
  checkVerifyRejects,
  type VerifyTamper,
} from './inbound-conformance.checks';
import { installNetworkGuard } from './network-guard';
import {
  checkSendErrorMapping,
  checkSendIdempotent,
  checkSendNetworkFailure,
  checkSendRequest,
} from './outbound-conformance.checks';
import { checkNetworkIsOff, checkNoSecretLeaks } from './safety-conformance.checks';

// A tiny but correct connector; each test breaks one hook and expects the matching check to notice.
type EchoSettings = { baseUrl: string; apiKey: string; webhookSecret: string };

const echoHooks: ConnectorHooks<EchoSettings> = {
  verify(ctx, req) {
    const ts = req.headers['x-echo-timestamp'] ?? '';
    const given = req.headers['x-echo-signature'] ?? '';
    const expected = hmacSha256(ctx.settings.webhookSecret, `${ts}.${req.rawBody.toString('utf8')}`).toString(
      'hex',
    );
    if (!timingSafeEqualString(given, expected))
      throw new ConnectorError('auth', 'x-echo-signature does not match');
    if (Math.abs(ctx.clock.now().getTime() / 1000 - Number(ts)) > 300)
      throw new ConnectorError('auth', 'stale');
  },
  parse(ctx, req) {
    const body = JSON.parse(req.rawBody.toString('utf8')) as { id: string; from: string; text: string };
    return [
      {
        type: 'message',
        externalId: body.id,
        contact: { externalId: body.from },
        text: body.text,
        occurredAt: ctx.clock.now(),
      },
    ];
  },
  async send(ctx, message) {
    const res = await ctx.http.request({
      method: 'POST',
      url: `${ctx.settings.baseUrl}/messages`,
      headers: { authorization: `Bearer ${ctx.settings.apiKey}` },
      json: { to: message.recipient.externalId, text: message.text },
    });
    if (res.status === 429) {
      throw new ConnectorError('rate_limited', 'slow down', {
        retryAfterMs: parseRetryAfter(res.headers['retry-after'], ctx.clock),
      });
    }
    if (res.status >= 500) throw new ConnectorError('transient', `echo answered ${res.status}`);
    if (res.status >= 300) throw new ConnectorError('permanent', `echo answered ${res.status}`);
    return { providerMessageId: res.json<{ id: string }>().id };
  },
};

function echoConnector(broken: Partial<ConnectorHooks<EchoSettings>> = {}) {
  return defineConnector<EchoSettings>({
    manifest: {
      id: 'echo',
      version: '0.1.0',
      displayName: 'Echo',
      capabilities: { inbound: true, outbound: true },
      allowedHosts: ['${settings.baseUrl}'],
    },
    settings: {
      baseUrl: { type: 'url', label: 'Base URL', required: true },
      apiKey: { type: 'string', label: 'API key', secret: true, required: true },
      webhookSecret: { type: 'string', label: 'Webhook secret', secret: true, required: true },
    },
    hooks: { ...echoHooks, ...broken },
  });
}

const NOW = new Date('2024-06-01T12:00:00Z');
const message = {
  idempotencyKey: 'k1',
  conversationId: 'conv_1',
  recipient: { externalId: 'u1' },
  text: 'hello',
  author: { kind: 'agent' as const },
  createdAt: NOW,
};
const options: ConformanceOptions = {
  now: NOW,
  settings: (baseUrl) => ({ baseUrl, apiKey: 'echo-api-key-123', webhookSecret: 'echo-webhook-secret-456' }),
  secretField: 'webhookSecret',
  sign: (rawBody, { secret, timestamp }) => {
    const ts = String(Math.floor(timestamp.getTime() / 1000));
    return {
      'x-echo-timestamp': ts,
      'x-echo-signature': hmacSha256(secret, `${ts}.${rawBody.toString('utf8')}`).toString('hex'),
    };
  },
  fixtures: [
    {
      name: 'hello',
      request: { body: { id: 'm1', from: 'u1', text: 'hi' } },
      expected: [
        { type: 'message', externalId: 'm1', contact: { externalId: 'u1' }, text: 'hi', occurredAt: NOW },
      ],
    },
  ],
  send: {
    message,
    reply: { status: 200, body: { id: 'e_1' } },
    expectRequest: {
      method: 'POST',
      path: '/messages',
      headers: { authorization: /^Bearer / },
      json: { to: 'u1', text: 'hello' },
    },
    expectedProviderMessageId: 'e_1',
  },
  errors: [
    { reply: { status: 429, headers: { 'retry-after': '2' } }, kind: 'rate_limited', retryAfterMs: 2000 },
    { reply: { status: 500 }, kind: 'transient' },
  ],
};

describe('conformance checks', () => {
  const harnesses: ConformanceHarness<EchoSettings>[] = [];
  async function harnessFor(
    broken: Partial<ConnectorHooks<EchoSettings>> = {},
    opts: ConformanceOptions = options,
  ) {
    const harness = createConformanceHarness(echoConnector(broken), opts);
    harnesses.push(harness);
    await harness.start();
    return harness;
  }
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.stop()));
  });

  it('pass on a correct connector', async () => {
    const harness = await harnessFor();
    const guard = installNetworkGuard();
    harness.guard = guard;
    try {
      const all = [
        await checkDefinitionAndOptions(harness),
        await checkVerifyAccepts(harness),
        ...(await Promise.all(
          (
            [
              'tampered-body',
              'wrong-secret',
              'missing-signature',
              'stale-timestamp',
              'future-timestamp',
            ] as const
          ).map((how) => checkVerifyRejects(harness, how)),
        )),
        await checkParseFixture(harness, options.fixtures![0]),
        await checkSendRequest(harness),
        await checkSendIdempotent(harness),
        await checkSendErrorMapping(harness, options.errors![0]),
        await checkSendNetworkFailure(harness),
        await checkNoSecretLeaks(harness),
        await checkNetworkIsOff(harness),
      ];
      expect(all.flat()).toEqual([]);
    } finally {
      guard.uninstall();
    }
  });

  it.each<[VerifyTamper, RegExp]>([
    ['tampered-body', /verify accepted a body changed after signing/],
    ['wrong-secret', /verify accepted a signature made with another secret/],
    ['missing-signature', /verify accepted no signature headers/],
    ['stale-timestamp', /verify accepted a timestamp 10 minutes old/],
    ['future-timestamp', /verify accepted a timestamp 10 minutes in the future/],
  ])('catch a verify that accepts %s', async (how, problem) => {
    const harness = await harnessFor({ verify: () => undefined });
    expect(await checkVerifyRejects(harness, how)).toEqual([expect.stringMatching(problem)]);
  });

  it('catch a verify that ignores the timestamp', async () => {
    const harness = await harnessFor({
      verify(ctx, req) {
        const ts = req.headers['x-echo-timestamp'] ?? '';
        const expected = hmacSha256(
          ctx.settings.webhookSecret,
          `${ts}.${req.rawBody.toString('utf8')}`,
        ).toString('hex');
        if (!timingSafeEqualString(req.headers['x-echo-signature'] ?? '', expected))
          throw new ConnectorError('auth', 'bad');
      },
    });
    expect(await checkVerifyRejects(harness, 'tampered-body')).toEqual([]);
    expect(await checkVerifyRejects(harness, 'stale-timestamp')).toHaveLength(1);
  });

  it('catch a verify that rejects with the wrong kind', async () => {
    const harness = await harnessFor({
      verify: () => {
        throw new Error('nope');
      },
    });
    expect(await checkVerifyRejects(harness, 'missing-signature')).toEqual([
      expect.stringMatching(/with Error \(not a ConnectorError\): nope; expected kind auth/),
    ]);
    expect(await checkVerifyAccepts(harness)).toEqual([
      expect.stringMatching(/rejected a correctly signed request/),
    ]);
  });

  it('catch a parse that returns other events or string dates', async () => {
    const wrongText = await harnessFor({
      parse: (ctx) => [
        {
          type: 'message',
          externalId: 'm1',
          contact: { externalId: 'u1' },
          text: 'HI',
          occurredAt: ctx.clock.now(),
        },
      ],
    });
    expect(await checkParseFixture(wrongText, options.fixtures![0])).toEqual([
      expect.stringMatching(/other events/),
    ]);
    const stringDate = await harnessFor({
      parse: () => [
        {
          type: 'message',
          externalId: 'm1',
          contact: { externalId: 'u1' },
          text: 'hi',
          occurredAt: NOW.toISOString() as never,
        },
      ],
    });
    expect(await checkParseFixture(stringDate, options.fixtures![0])).toEqual([
      'event[0].occurredAt must be a valid Date',
    ]);
  });

  it('catch a send to the wrong path that returns the wrong id', async () => {
    const harness = await harnessFor({
      async send(ctx: ConnectorContext<EchoSettings>) {
        await ctx.http.request({
          method: 'POST',
          url: `${ctx.settings.baseUrl}/msgs`,
          json: { to: 'u1', text: 'hello' },
        });
        return { providerMessageId: 'made-up' };
      },
    });
    expect(await checkSendRequest(harness)).toEqual([
      'send requested path /msgs, expected /messages',
      'header authorization: expected a string matching /^Bearer /, got undefined',
      'send returned providerMessageId "made-up", expected "e_1"',
    ]);
  });

  it('catch a send that treats a 500 as success, and one that throws raw errors', async () => {
    const ignoresErrors = await harnessFor({ send: async () => ({ providerMessageId: 'x' }) });
    expect(await checkSendErrorMapping(ignoresErrors, options.errors![1])).toEqual([
      "send succeeded on a 500 reply; expected ConnectorError('transient')",
    ]);
    const noRetryAfter = await harnessFor({
      send: async () => {
        throw new ConnectorError('rate_limited', 'slow down');
      },
    });
    expect(await checkSendErrorMapping(noRetryAfter, options.errors![0])).toEqual([
      'send turned a 429 reply into retryAfterMs undefined, expected 2000',
    ]);
  });

  it('catch a send that logs or throws a secret', async () => {
    const logsKey = await harnessFor({
      async send(ctx, m) {
        ctx.logger.info('sending', { auth: ctx.settings.apiKey });
        return echoHooks.send!(ctx, m);
      },
    });
    expect(await checkNoSecretLeaks(logsKey)).toContain(
      'a secret setting value appears in log line 0 (sending)',
    );
    const throwsKey = await harnessFor({
      send: async (ctx) => {
        throw new ConnectorError('auth', `key ${ctx.settings.apiKey} was refused`);
      },
    });
    expect(await checkNoSecretLeaks(throwsKey)).toEqual(
      expect.arrayContaining([expect.stringMatching(/a secret setting value appears in thrown error/)]),
    );
  });

  it('report options that do not cover the capabilities, and invalid sample settings', async () => {
    const harness = await harnessFor(
      {},
      { ...options, fixtures: [], errors: undefined, settings: () => ({ baseUrl: 'x' }) },
    );
    expect(await checkDefinitionAndOptions(harness)).toEqual([
      'options.settings(): baseUrl must be an http(s) URL',
      'options.settings(): apiKey is required',
      'options.settings(): webhookSecret is required',
      'the connector is inbound: give at least one options.fixtures entry',
      'the connector is outbound: give at least one options.errors case',
    ]);
  });

  it('report a missing network guard', async () => {
    const harness = await harnessFor();
    expect(await checkNetworkIsOff(harness)).toEqual(['the network guard is not installed']);
  });
});
