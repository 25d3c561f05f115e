import { connect } from 'node:net';
import { isConnectorError } from '../connector-error';
import { createHttpClient } from '../http-client';
import type { ConformanceHarness } from './conformance-harness';
import {
  checkHandshakeCase,
  checkParseFixture,
  checkVerifyAccepts,
  checkVerifyRejects,
} from './inbound-conformance.checks';
import { NETWORK_GUARD_ERROR_CODE } from './network-guard';
import {
  checkSendErrorMapping,
  checkSendIdempotent,
  checkSendNetworkFailure,
  checkSendRequest,
} from './outbound-conformance.checks';

/**
 * A non-loopback address the guard must refuse. 0.0.0.0 is not in 127.0.0.0/8, so the guard has to
 * block it, yet on Linux a connection to it that slipped through would still stay on this machine:
 * the check can never send traffic anywhere else, even if the guard were broken.
 */
export const UNREACHABLE_TEST_ADDRESS = '0.0.0.0';

// Runs every scenario once more so the scan also works when a single test is run with -t.
async function exerciseEveryPath<S>(harness: ConformanceHarness<S>): Promise<void> {
  const { options, definition } = harness;
  const capabilities = definition.manifest.capabilities;
  if (capabilities.inbound && options.fixtures?.length) {
    await checkVerifyAccepts(harness);
    for (const how of ['tampered-body', 'wrong-secret', 'missing-signature', 'stale-timestamp'] as const) {
      await checkVerifyRejects(harness, how);
    }
    for (const fixture of options.fixtures) await checkParseFixture(harness, fixture);
  }
  for (const testCase of options.handshake ?? []) await checkHandshakeCase(harness, testCase);
  if (capabilities.outbound && options.send) {
    await checkSendRequest(harness);
    await checkSendIdempotent(harness);
    for (const errorCase of options.errors ?? []) await checkSendErrorMapping(harness, errorCase);
    await checkSendNetworkFailure(harness);
  }
}

function secretForms(secret: string): string[] {
  // Also look for the key without its prefix (whsec_...) and its most common re-encoding.
  const forms = [secret];
  const bare = secret.replace(/^[a-z]+_/, '');
  if (bare !== secret && bare.length >= 8) forms.push(bare);
  return forms;
}

function serialiseError(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  let json = '';
  try {
    json = JSON.stringify(error) ?? '';
  } catch {
    json = '';
  }
  return [error.message, json, String(error)];
}

/**
 * No secret setting value (nor its part after a `prefix_`) appears in any log line, any thrown
 * error's message or JSON, or any returned event. Exercises every scenario first.
 *
 * @example
 * ```ts
 * expect(await checkNoSecretLeaks(harness)).toEqual([]);
 * ```
 */
export async function checkNoSecretLeaks<S>(harness: ConformanceHarness<S>): Promise<string[]> {
  await exerciseEveryPath(harness);
  const secrets = [...harness.secrets].filter((s) => s.length >= 6).flatMap(secretForms);
  if (secrets.length === 0) return [];
  const places: Array<[string, string]> = [
    ...harness.logLines.map((line, i): [string, string] => [
      `log line ${i} (${line.message})`,
      JSON.stringify(line),
    ]),
    ...harness.errors.flatMap((error, i) =>
      serialiseError(error).map((text): [string, string] => [`thrown error ${i}`, text]),
    ),
    ...harness.events.map((event, i): [string, string] => [`event ${i}`, JSON.stringify(event)]),
  ];
  const problems: string[] = [];
  for (const [where, text] of places) {
    if (secrets.some((secret) => text.includes(secret)))
      problems.push(`a secret setting value appears in ${where}`);
  }
  return problems;
}

function rawConnectOutcome(): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(80, UNREACHABLE_TEST_ADDRESS);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('timeout');
    }, 2000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code ?? 'error');
    });
  });
}

/**
 * The real network is off: `ctx.http` refuses a host outside the allowed hosts, and with the
 * network guard installed, even an allowed public address and a raw socket fail without leaving
 * the machine.
 *
 * @example
 * ```ts
 * harness.guard = installNetworkGuard();
 * expect(await checkNetworkIsOff(harness)).toEqual([]);
 * ```
 */
export async function checkNetworkIsOff<S>(harness: ConformanceHarness<S>): Promise<string[]> {
  const problems: string[] = [];
  const url = `http://${UNREACHABLE_TEST_ADDRESS}/`;
  const viaContext = await harness.capture(() => harness.context().http.request({ method: 'GET', url }));
  if (viaContext.ok || !isConnectorError(viaContext.error)) {
    problems.push(
      `ctx.http reached ${UNREACHABLE_TEST_ADDRESS}; it must refuse hosts outside the allowed hosts`,
    );
  }
  const guard = harness.guard;
  if (!guard) return [...problems, 'the network guard is not installed'];
  const before = guard.blocked.length;
  const allowedClient = createHttpClient({ allowedHosts: [UNREACHABLE_TEST_ADDRESS], timeoutMs: 2000 });
  const viaAllowed = await harness.capture(() => allowedClient.request({ method: 'GET', url }));
  if (viaAllowed.ok || guard.blocked.length === before) {
    problems.push(`an HTTP request to ${UNREACHABLE_TEST_ADDRESS} was not stopped by the network guard`);
  }
  const raw = await rawConnectOutcome();
  if (raw !== NETWORK_GUARD_ERROR_CODE) {
    problems.push(
      `a raw socket to ${UNREACHABLE_TEST_ADDRESS} ended with ${raw}, not the network guard's refusal`,
    );
  }
  return problems;
}
