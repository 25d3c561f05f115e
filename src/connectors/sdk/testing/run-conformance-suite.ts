import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { ConnectorDefinition } from '../define-connector';
import { createConformanceHarness } from './conformance-harness';
import type { ConformanceOptions } from './conformance-options';
import { checkDefinitionAndOptions } from './definition-conformance.checks';
import {
  checkHandshakeCase,
  checkParseFixture,
  checkVerifyAccepts,
  checkVerifyRejects,
} from './inbound-conformance.checks';
import { installNetworkGuard } from './network-guard';
import {
  checkSendErrorMapping,
  checkSendIdempotent,
  checkSendNetworkFailure,
  checkSendRequest,
} from './outbound-conformance.checks';
import { checkNetworkIsOff, checkNoSecretLeaks } from './safety-conformance.checks';

/** Fails the current test with every problem a check found. */
function assertNoProblems(problems: string[]): void {
  if (problems.length > 0) throw new Error(`Conformance problems:\n- ${problems.join('\n- ')}`);
}

/**
 * Declares the standard conformance tests for a connector, in a Jest `describe`. Call it at the
 * top level of `src/connectors/<id>/<id>.conformance-spec.ts`. Tests are declared by capability:
 * verify and parse for inbound, send and error mapping for outbound, handshake when declared;
 * secret-leak and network-off checks always. The real network is off for the whole suite and a
 * fake provider server runs on 127.0.0.1.
 *
 * @example
 * ```ts
 * runConformanceSuite(acmeConnector, {
 *   settings: (baseUrl) => ({ apiBaseUrl: baseUrl, webhookSecret: 'test-secret-123' }),
 *   secretField: 'webhookSecret',
 *   sign: (rawBody, { secret, timestamp }) => signAcme(secret, timestamp, rawBody),
 *   fixtures,
 *   send: sendCase,
 *   errors: [{ reply: { status: 429, headers: { 'retry-after': '5' } }, kind: 'rate_limited', retryAfterMs: 5000 }],
 * });
 * ```
 */
export function runConformanceSuite<S>(
  definition: ConnectorDefinition<S>,
  options: ConformanceOptions,
): void {
  const capabilities = definition.manifest.capabilities;
  const harness = createConformanceHarness(definition, options);

  describe(`${definition.manifest.id} connector conformance`, () => {
    beforeAll(async () => {
      harness.guard = installNetworkGuard();
      await harness.start();
    });
    afterAll(async () => {
      await harness.stop();
      harness.guard?.uninstall();
    });

    it('has a valid manifest, settings schema and sample settings, and cases for every capability', async () => {
      assertNoProblems(await checkDefinitionAndOptions(harness));
    });

    if (capabilities.inbound) {
      it('verify accepts a correctly signed request', async () => {
        assertNoProblems(await checkVerifyAccepts(harness));
      });
      const tampers = ['tampered-body', 'wrong-secret', 'missing-signature'] as const;
      const timestamps =
        options.supportsTimestamp === false ? [] : (['stale-timestamp', 'future-timestamp'] as const);
      it.each([...tampers, ...timestamps])('verify rejects %s with kind auth', async (how) => {
        assertNoProblems(await checkVerifyRejects(harness, how));
      });
      const fixtures = options.fixtures ?? [];
      if (fixtures.length > 0) {
        it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))(
          'parse turns fixture "%s" into the expected events',
          async (_name, fixture) => {
            assertNoProblems(await checkParseFixture(harness, fixture));
          },
        );
      }
    }

    const handshakeCases = options.handshake ?? [];
    if (capabilities.handshake && handshakeCases.length > 0) {
      it.each(handshakeCases.map((testCase) => [testCase.name, testCase] as const))(
        'handshake answers "%s"',
        async (_name, testCase) => {
          assertNoProblems(await checkHandshakeCase(harness, testCase));
        },
      );
    }

    if (capabilities.outbound && options.send) {
      it('send makes the expected request and returns the provider message id', async () => {
        assertNoProblems(await checkSendRequest(harness));
      });
      it('invokeSend twice with one idempotency key reaches the provider once', async () => {
        assertNoProblems(await checkSendIdempotent(harness));
      });
      const hubDelivered = options.send.expectRequest === null;
      const errors = hubDelivered ? [] : (options.errors ?? []);
      if (errors.length > 0) {
        it.each(
          errors.map(
            (errorCase) => [errorCase.name ?? `status ${errorCase.reply.status}`, errorCase] as const,
          ),
        )('send maps a provider error reply (%s) to its kind', async (_name, errorCase) => {
          assertNoProblems(await checkSendErrorMapping(harness, errorCase));
        });
      }
      if (!hubDelivered) {
        it('send maps a network failure to transient', async () => {
          assertNoProblems(await checkSendNetworkFailure(harness));
        });
      }
    }

    it('never leaks a secret into logs, errors or events', async () => {
      assertNoProblems(await checkNoSecretLeaks(harness));
    });

    it('keeps the real network off', async () => {
      assertNoProblems(await checkNetworkIsOff(harness));
    });
  });
}
