/**
 * What Meta's Messenger and WhatsApp Cloud connectors share: the GET verification handshake,
 * `X-Hub-Signature-256` over the raw bytes, the webhook envelope, the app and Graph settings,
 * text splitting, sending a reply's parts, and Graph API error mapping. Functions on the SDK only;
 * a connector folder imports this library, never another connector's folder.
 */
export {
  answerMetaHandshake,
  META_SIGNATURE_HEADER,
  signMetaWebhook,
  verifyMetaSignature,
} from './meta-signature';
export {
  GRAPH_RATE_LIMIT_CODES,
  graphErrorFromResponse,
  graphExcerpt,
  readGraphError,
  type GraphError,
  type GraphErrorOptions,
  type GraphPolicyReasons,
} from './graph-error';
export { GRAPH_API_VERSION_PATTERN } from './graph-api-version';
export { metaGraphSettingsSchema, type MetaGraphSettings } from './meta-graph.settings';
export { hasUnstorableCharacters, storableId, storableText } from './storable-text';
export { graphUrl, sendGraphParts, type GraphSendParts } from './graph-send';
export {
  dropUndefined,
  isJsonObject,
  mapMetaWebhook,
  readMetaWebhookBody,
  usableWebhookMapping,
  type JsonObject,
  type MetaItemResult,
  type MetaWebhookBody,
  type MetaWebhookMapping,
  type MetaWebhookProduct,
} from './meta-webhook-body';
export { splitText } from './split-text';
