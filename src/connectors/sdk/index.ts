/**
 * The connector SDK: the only module a connector plugin imports. It depends on Node built-ins and
 * axios only, never on NestJS, the database or the runtime.
 */
export { allowedHostPlaceholderField, isHostAllowed, resolveAllowedHosts } from './allowed-hosts';
export type {
  CanonicalAttachment,
  CanonicalContactUpdateEvent,
  CanonicalDeliveryStatusEvent,
  CanonicalDeliveryWatermarkEvent,
  CanonicalEvent,
  CanonicalMessageEvent,
  CanonicalTypingEvent,
  ContactRef,
  PrechatAnswer,
} from './canonical-event';
export { systemClock, type Clock } from './clock';
export type { ConnectorContext, SessionContext, SessionStatusReport } from './connector-context';
export {
  CONNECTOR_ERROR_KINDS,
  ConnectorError,
  isConnectorError,
  type ConnectorErrorKind,
  type ConnectorErrorOptions,
} from './connector-error';
export type { ConnectorHooks } from './connector-hooks';
export type { ConnectorLogger } from './connector-logger';
export type { ConnectorCapabilities, ConnectorManifest } from './connector-manifest';
export { ConnectorDefinitionError, defineConnector, type ConnectorDefinition } from './define-connector';
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
} from './http-client';
export type { HttpReply, InboundRequest } from './inbound-request';
export type { FetchedMedia, MediaRef } from './media';
export type { MessageTemplate, OutboundTemplate } from './message-template';
export { SEND_RECORD_TTL_SECONDS, invokeSend, sendRecordKey } from './invoke-send';
export type { OutboundMessage, SendResult } from './outbound-message';
export {
  ALWAYS_OPEN_REPLY_WINDOW,
  type ReplyWindow,
  type ReplyWindowFacts,
  type ReplyWindowState,
} from './reply-window';
export { parseRetryAfter } from './retry-after.parser';
export {
  findSettingsSchemaProblems,
  secretFieldNames,
  validateSettings,
  type SettingField,
  type SettingsSchema,
  type SettingsValidationResult,
} from './settings-schema';
export type { StateStore } from './state-store';
export { toConnectorError } from './to-connector-error';
export { hmacSha256, timingSafeEqualString } from './webhook-crypto.helpers';
