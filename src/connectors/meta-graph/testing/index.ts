/**
 * Test helpers for the Meta connectors' specs and conformance suites. Import from test files only;
 * they depend on Jest.
 */
export {
  conformanceReply,
  fixtureCases,
  graphErrorReply,
  metaHandshakeCases,
  metaWebhookConformance,
  sharedGraphErrorCases,
  signLikeMeta,
} from './meta-conformance.cases';
export { agentReplies, useFakeGraphServer } from './graph-send.fixtures';
