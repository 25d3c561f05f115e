import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { CanonicalEvent } from '../canonical-event';
import { isConnectorError } from '../connector-error';
import type { ConformanceHarness } from './conformance-harness';
import type { ConformanceFixture, ConformanceHandshakeCase } from './conformance-options';
import { describeThrown } from './describe-thrown';

/** The ways the kit spoils a webhook; `verify` must reject each with `ConnectorError('auth')`. */
export type VerifyTamper =
  'tampered-body' | 'wrong-secret' | 'missing-signature' | 'stale-timestamp' | 'future-timestamp';

const TEN_MINUTES_MS = 10 * 60 * 1000;

const TAMPER_DESCRIPTIONS: Record<VerifyTamper, string> = {
  'tampered-body': 'a body changed after signing',
  'wrong-secret': 'a signature made with another secret',
  'missing-signature': 'no signature headers',
  'stale-timestamp': 'a timestamp 10 minutes old',
  'future-timestamp': 'a timestamp 10 minutes in the future',
};

function sampleRequest<S>(harness: ConformanceHarness<S>) {
  const fixture = harness.options.fixtures?.[0];
  if (!fixture) throw new Error('options.fixtures is empty; the verify checks sign the first fixture');
  return fixture.request;
}

// Changes one byte near the end (an alphanumeric one, so the JSON usually stays valid) rather than
// appending: a connector that trims the body before hashing must still fail.
function tamper(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  for (let i = copy.length - 1; i >= 0; i--) {
    const c = copy[i];
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      copy[i] = c === 0x30 ? 0x31 : c === 0x41 ? 0x42 : c === 0x61 ? 0x62 : c - 1;
      return copy;
    }
  }
  return Buffer.concat([copy, Buffer.from('x')]);
}

function otherSecret<S>(harness: ConformanceHarness<S>, secret: string): string {
  if (harness.options.wrongSecret) return harness.options.wrongSecret;
  const field = harness.options.secretField
    ? harness.definition.settings[harness.options.secretField]
    : undefined;
  if (field?.generate) {
    const { prefix = '', bytes, encoding } = field.generate;
    return prefix + randomBytes(bytes).toString(encoding);
  }
  return secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
}

/**
 * `verify` accepts a request signed with the configured secret at the current time.
 *
 * @example
 * ```ts
 * expect(await checkVerifyAccepts(harness)).toEqual([]);
 * ```
 */
export async function checkVerifyAccepts<S>(harness: ConformanceHarness<S>): Promise<string[]> {
  const verify = harness.definition.hooks.verify;
  if (!verify) return ['hooks.verify is missing'];
  const req = harness.inboundRequest(sampleRequest(harness), {
    secret: harness.signingSecret(),
    timestamp: harness.clock.now(),
  });
  const outcome = await harness.capture(() => verify.call(harness.definition.hooks, harness.context(), req));
  return outcome.ok
    ? []
    : [`verify rejected a correctly signed request with ${describeThrown(outcome.error)}`];
}

/**
 * `verify` rejects a spoiled request with `ConnectorError('auth')`.
 *
 * @example
 * ```ts
 * expect(await checkVerifyRejects(harness, 'stale-timestamp')).toEqual([]);
 * ```
 */
export async function checkVerifyRejects<S>(
  harness: ConformanceHarness<S>,
  how: VerifyTamper,
): Promise<string[]> {
  const verify = harness.definition.hooks.verify;
  if (!verify) return ['hooks.verify is missing'];
  const secret = harness.signingSecret();
  const now = harness.clock.now();
  const request = sampleRequest(harness);
  let req;
  switch (how) {
    case 'tampered-body': {
      const signed = harness.inboundRequest(request, { secret, timestamp: now });
      req = { ...signed, rawBody: tamper(signed.rawBody) };
      break;
    }
    case 'wrong-secret':
      req = harness.inboundRequest(request, { secret: otherSecret(harness, secret), timestamp: now });
      break;
    case 'missing-signature':
      req = harness.inboundRequest(request);
      break;
    case 'stale-timestamp':
      req = harness.inboundRequest(request, { secret, timestamp: new Date(now.getTime() - TEN_MINUTES_MS) });
      break;
    case 'future-timestamp':
      req = harness.inboundRequest(request, { secret, timestamp: new Date(now.getTime() + TEN_MINUTES_MS) });
      break;
  }
  const outcome = await harness.capture(() => verify.call(harness.definition.hooks, harness.context(), req));
  if (outcome.ok)
    return [`verify accepted ${TAMPER_DESCRIPTIONS[how]}; it must throw ConnectorError('auth')`];
  if (!isConnectorError(outcome.error) || outcome.error.kind !== 'auth') {
    return [
      `verify rejected ${TAMPER_DESCRIPTIONS[how]} with ${describeThrown(outcome.error)}; expected kind auth`,
    ];
  }
  return [];
}

// Dates become ISO strings and undefined keys disappear, so the comparison reads like the JSON diff.
function comparable(events: CanonicalEvent[]): unknown {
  return JSON.parse(JSON.stringify(events));
}

function findEventShapeProblems(events: unknown): string[] {
  if (!Array.isArray(events)) return [`parse must return an array of events, got ${typeof events}`];
  return events.flatMap((event: Partial<CanonicalEvent>, i) => {
    const problems: string[] = [];
    if (
      !['message', 'delivery_status', 'delivery_watermark', 'typing', 'contact_update'].includes(
        String(event?.type),
      )
    ) {
      problems.push(`event[${i}] has an unknown type ${JSON.stringify(event?.type)}`);
    }
    const at = event?.occurredAt;
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      problems.push(`event[${i}].occurredAt must be a valid Date`);
    }
    return problems;
  });
}

/**
 * A fixture, signed, passes `verify` and `parse` turns it into exactly the expected events.
 *
 * @example
 * ```ts
 * expect(await checkParseFixture(harness, fixture)).toEqual([]);
 * ```
 */
export async function checkParseFixture<S>(
  harness: ConformanceHarness<S>,
  fixture: ConformanceFixture,
): Promise<string[]> {
  const { verify, parse } = harness.definition.hooks;
  if (!verify || !parse) return ['hooks.verify and hooks.parse are required for inbound connectors'];
  const ctx = harness.context();
  const req = harness.inboundRequest(fixture.request, {
    secret: harness.signingSecret(),
    timestamp: harness.clock.now(),
  });
  const verified = await harness.capture(() => verify.call(harness.definition.hooks, ctx, req));
  if (!verified.ok)
    return [`verify rejected fixture "${fixture.name}" with ${describeThrown(verified.error)}`];
  const parsed = await harness.capture(() => parse.call(harness.definition.hooks, ctx, req));
  if (!parsed.ok) return [`parse threw on fixture "${fixture.name}": ${describeThrown(parsed.error)}`];
  const shapeProblems = findEventShapeProblems(parsed.value);
  if (shapeProblems.length > 0) return shapeProblems;
  harness.events.push(...parsed.value);
  const actual = comparable(parsed.value);
  const expected = comparable(fixture.expected);
  return isDeepStrictEqual(actual, expected)
    ? []
    : [
        `parse turned fixture "${fixture.name}" into other events.\nexpected: ${JSON.stringify(expected, null, 2)}\nactual: ${JSON.stringify(actual, null, 2)}`,
      ];
}

/**
 * `handshake` answers a GET challenge with the expected status (and body and content type when given).
 *
 * @example
 * ```ts
 * expect(await checkHandshakeCase(harness, wrongTokenCase)).toEqual([]);
 * ```
 */
export async function checkHandshakeCase<S>(
  harness: ConformanceHarness<S>,
  testCase: ConformanceHandshakeCase,
): Promise<string[]> {
  const handshake = harness.definition.hooks.handshake;
  if (!handshake) return ['hooks.handshake is missing'];
  const req = harness.inboundRequest(testCase.request, undefined, 'GET');
  const outcome = await harness.capture(() =>
    handshake.call(harness.definition.hooks, harness.context(), req),
  );
  if (!outcome.ok)
    return [`handshake "${testCase.name}" threw ${describeThrown(outcome.error)}; return a reply instead`];
  const reply = outcome.value;
  const problems: string[] = [];
  if (reply.status !== testCase.expected.status) {
    problems.push(
      `handshake "${testCase.name}" answered ${reply.status}, expected ${testCase.expected.status}`,
    );
  }
  if (testCase.expected.body !== undefined && reply.body !== testCase.expected.body) {
    problems.push(
      `handshake "${testCase.name}" answered body ${JSON.stringify(reply.body)}, expected ${JSON.stringify(testCase.expected.body)}`,
    );
  }
  if (testCase.expected.contentType !== undefined && reply.contentType !== testCase.expected.contentType) {
    problems.push(
      `handshake "${testCase.name}" answered content type ${String(reply.contentType)}, expected ${testCase.expected.contentType}`,
    );
  }
  return problems;
}
