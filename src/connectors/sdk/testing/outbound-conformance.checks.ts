import { isConnectorError } from '../connector-error';
import { invokeSend } from '../invoke-send';
import type { ConformanceHarness } from './conformance-harness';
import type { ConformanceErrorCase, ConformanceSendCase } from './conformance-options';
import { createFakeProviderServer, type RecordedRequest } from './fake-provider-server';
import { describeThrown } from './describe-thrown';
import { findPartialMismatches } from './partial-match';

function sendCase<S>(harness: ConformanceHarness<S>) {
  const testCase = harness.options.send;
  if (!testCase) throw new Error('options.send is required for outbound connectors');
  return testCase;
}

/**
 * `send` (through `invokeSend`) makes exactly the expected request to the fake provider and
 * returns the expected provider message id.
 *
 * @example
 * ```ts
 * expect(await checkSendRequest(harness)).toEqual([]);
 * ```
 */
export async function checkSendRequest<S>(harness: ConformanceHarness<S>): Promise<string[]> {
  const testCase = sendCase(harness);
  harness.server.reset();
  harness.server.setDefaultReply(testCase.reply);
  const outcome = await harness.capture(() =>
    invokeSend(harness.definition, harness.context(), testCase.message),
  );
  if (!outcome.ok) return [`send failed with ${describeThrown(outcome.error)}`];

  const problems: string[] = [];
  const requests = harness.server.requests;
  const expected = testCase.expectRequest;
  if (expected === null) {
    if (requests.length > 0)
      problems.push(`send made ${requests.length} requests; a hub-delivered channel must make none`);
  } else if (requests.length !== 1) {
    return [`send made ${requests.length} requests to the provider, expected exactly 1`];
  } else problems.push(...checkRequest(requests[0], expected));
  if (outcome.value.providerMessageId !== testCase.expectedProviderMessageId) {
    problems.push(
      `send returned providerMessageId ${JSON.stringify(outcome.value.providerMessageId)}, expected ${JSON.stringify(testCase.expectedProviderMessageId)}`,
    );
  }
  return problems;
}

function checkRequest(
  request: RecordedRequest,
  expected: NonNullable<ConformanceSendCase['expectRequest']>,
): string[] {
  const problems: string[] = [];
  if (request.method !== expected.method.toUpperCase()) {
    problems.push(`send used method ${request.method}, expected ${expected.method.toUpperCase()}`);
  }
  if (request.path !== expected.path)
    problems.push(`send requested path ${request.path}, expected ${expected.path}`);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    problems.push(
      ...findPartialMismatches(request.headers[name.toLowerCase()], value, `header ${name.toLowerCase()}`),
    );
  }
  if (expected.json !== undefined) {
    let json: unknown;
    try {
      json = request.json();
    } catch {
      problems.push('send did not post a JSON body');
    }
    if (json !== undefined) problems.push(...findPartialMismatches(json, expected.json, 'json'));
  }
  return problems;
}

/**
 * Two `invokeSend` calls with one idempotency key reach the provider once and return one id.
 *
 * @example
 * ```ts
 * expect(await checkSendIdempotent(harness)).toEqual([]);
 * ```
 */
export async function checkSendIdempotent<S>(harness: ConformanceHarness<S>): Promise<string[]> {
  const testCase = sendCase(harness);
  harness.server.reset();
  harness.server.setDefaultReply(testCase.reply);
  const ctx = harness.context();
  const first = await harness.capture(() => invokeSend(harness.definition, ctx, testCase.message));
  const second = await harness.capture(() => invokeSend(harness.definition, ctx, testCase.message));
  if (!first.ok || !second.ok) {
    return [
      `send failed with ${describeThrown(first.ok ? (second as { error: unknown }).error : first.error)}`,
    ];
  }
  const problems: string[] = [];
  const count = harness.server.requests.length;
  if (count !== (testCase.expectRequest === null ? 0 : 1))
    problems.push(`two sends with one idempotency key made ${count} provider requests, expected 1`);
  if (first.value.providerMessageId !== second.value.providerMessageId) {
    problems.push('the repeated send returned another providerMessageId than the first');
  }
  return problems;
}

/**
 * A provider error reply makes `send` throw a ConnectorError of the expected kind (and
 * `retryAfterMs`). The reply is the default for the whole check, so a connector that retries
 * internally still sees only errors.
 *
 * @example
 * ```ts
 * expect(await checkSendErrorMapping(harness, { reply: { status: 503 }, kind: 'transient' })).toEqual([]);
 * ```
 */
export async function checkSendErrorMapping<S>(
  harness: ConformanceHarness<S>,
  errorCase: ConformanceErrorCase,
): Promise<string[]> {
  const testCase = sendCase(harness);
  harness.server.reset();
  harness.server.setDefaultReply(errorCase.reply);
  const outcome = await harness.capture(() =>
    invokeSend(harness.definition, harness.context(), testCase.message),
  );
  const label = errorCase.name ?? `a ${errorCase.reply.status} reply`;
  if (outcome.ok) return [`send succeeded on ${label}; expected ConnectorError('${errorCase.kind}')`];
  const error = outcome.error;
  if (!isConnectorError(error) || error.kind !== errorCase.kind) {
    return [`send turned ${label} into ${describeThrown(error)}; expected kind ${errorCase.kind}`];
  }
  if (errorCase.retryAfterMs !== undefined && error.retryAfterMs !== errorCase.retryAfterMs) {
    return [
      `send turned ${label} into retryAfterMs ${String(error.retryAfterMs)}, expected ${errorCase.retryAfterMs}`,
    ];
  }
  return [];
}

/**
 * With the provider unreachable (a closed local port), `send` throws `ConnectorError('transient')`.
 *
 * @example
 * ```ts
 * expect(await checkSendNetworkFailure(harness)).toEqual([]);
 * ```
 */
export async function checkSendNetworkFailure<S>(harness: ConformanceHarness<S>): Promise<string[]> {
  const testCase = sendCase(harness);
  const closed = createFakeProviderServer();
  const closedUrl = await closed.start();
  await closed.stop();
  const ctx = harness.context(harness.settingsFor(closedUrl));
  const outcome = await harness.capture(() => invokeSend(harness.definition, ctx, testCase.message));
  if (outcome.ok) return ["send succeeded against a closed port; expected ConnectorError('transient')"];
  if (!isConnectorError(outcome.error) || outcome.error.kind !== 'transient') {
    return [
      `send turned a refused connection into ${describeThrown(outcome.error)}; expected kind transient`,
    ];
  }
  return [];
}
