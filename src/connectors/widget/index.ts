import { defineConnector, type ConnectorDefinition, type OutboundMessage, type SendResult } from '../sdk';
import { widgetManifest } from './widget.manifest';
import { widgetSettingsSchema, type WidgetSettings } from './widget.settings';

/**
 * The agent's reply is already stored; the widget transport of every api process pushes it to
 * the visitor's open tabs once it is marked sent, and the visitor's browser reports delivered and
 * read. So sending is naming the message: no provider to call.
 */
async function send(_ctx: unknown, message: OutboundMessage): Promise<SendResult> {
  return { providerMessageId: `widget_${message.idempotencyKey}` };
}

/**
 * The website chat widget (`web/widget`). Inbound messages arrive over the hub's widget
 * websocket and HTTP API (src/widget) rather than webhooks, mapped by `mapVisitorMessage` and
 * stored by the same ingest as every webhook.
 */
export const widgetConnector: ConnectorDefinition<WidgetSettings> = defineConnector<WidgetSettings>({
  manifest: widgetManifest,
  settings: widgetSettingsSchema,
  hooks: { send },
});

export {
  isOriginAllowed,
  parseAllowedOrigins,
  toFrameAncestors,
  type OriginPattern,
} from './allowed-origins';
export { isValidUserHash, visitorExternalId, visitorUserHash } from './visitor-identity';
export {
  defaultWidgetConfig,
  isMimeTypeAllowed,
  parseWidgetConfig,
  WIDGET_LOCALES,
  type WidgetConfig,
  type WidgetConfigInput,
} from './widget-config';
export {
  attachmentFileIds,
  isEmailAddress,
  mapPrechatAnswers,
  mapVisitorMessage,
  MAX_VISITOR_TEXT,
  type VisitorMessageFrame,
} from './widget-inbound.mapper';
export type { WidgetSettings } from './widget.settings';
