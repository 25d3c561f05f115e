/**
 * The connector conformance kit and test helpers. Import from test files only
 * (`*.spec.ts`, `*.conformance-spec.ts`); it depends on Jest.
 */
export { buildContext } from './build-context';
export { createCapturingLogger, type CapturedLogLine, type CapturingLogger } from './capturing-logger';
export { CONFORMANCE_NOW, createConformanceHarness, type ConformanceHarness } from './conformance-harness';
export type {
  ConformanceErrorCase,
  ConformanceFixture,
  ConformanceHandshakeCase,
  ConformanceOptions,
  ConformanceRequest,
  ConformanceSendCase,
} from './conformance-options';
export { checkDefinitionAndOptions } from './definition-conformance.checks';
export {
  createFakeProviderServer,
  type FakeProviderServer,
  type RecordedRequest,
  type ScriptedReply,
} from './fake-provider-server';
export { fixedClock, type FixedClock } from './fixed-clock';
export {
  checkHandshakeCase,
  checkParseFixture,
  checkVerifyAccepts,
  checkVerifyRejects,
  type VerifyTamper,
} from './inbound-conformance.checks';
export { createMemoryStateStore, type MemoryStateStore } from './memory-state-store';
export { NETWORK_GUARD_ERROR_CODE, installNetworkGuard, type NetworkGuard } from './network-guard';
export {
  checkSendErrorMapping,
  checkSendIdempotent,
  checkSendNetworkFailure,
  checkSendRequest,
} from './outbound-conformance.checks';
export { findPartialMismatches } from './partial-match';
export { runConformanceSuite } from './run-conformance-suite';
export { UNREACHABLE_TEST_ADDRESS, checkNetworkIsOff, checkNoSecretLeaks } from './safety-conformance.checks';
