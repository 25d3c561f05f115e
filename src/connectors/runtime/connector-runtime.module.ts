import { Global, Module } from '@nestjs/common';
import { MESSAGE_TEMPLATE_CATALOGUE } from '../../core/conversations/message-template.port';
import { REPLY_WINDOW_POLICY } from '../../core/conversations/reply-window.port';
import { installedConnectors } from '../installed-connectors';
import { ConnectorRegistry, INSTALLED_CONNECTORS } from './connector-registry.service';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryService } from './delivery.service';
import { IntegrationRepository } from './integration.repository';
import { IntegrationSecrets } from './integration-secrets.service';
import { IntegrationService } from './integration.service';
import { MediaDownloadRepository } from './media-download.repository';
import { MediaDownloadService } from './media-download.service';
import { MessageTemplateService } from './message-template.service';
import { ReplyWindowService } from './reply-window.service';
import { SessionAdminService } from './session-admin.service';
import { SessionGate } from './session-gate.service';
import { SessionMediaStore } from './session-media.store';
import { SessionStoreRepository } from './session-store.repository';
import { WebhookIngestService } from './webhook-ingest.service';

const PROVIDERS = [
  ConnectorRegistry,
  IntegrationRepository,
  IntegrationSecrets,
  IntegrationService,
  WebhookIngestService,
  DeliveryRepository,
  DeliveryService,
  ReplyWindowService,
  MediaDownloadRepository,
  MediaDownloadService,
  MessageTemplateService,
  SessionGate,
  SessionStoreRepository,
  SessionMediaStore,
  SessionAdminService,
];

/**
 * Hosts the connectors: registry, integration store, webhook ingest, delivery, reply windows and
 * what long-lived sessions share (their state, gate and admin). The SessionHost that runs the
 * sessions is a worker-role provider (WorkerModule): the api role, the CLI and test contexts that
 * import this module never start a browser.
 * Global, so the conversations core can inject the REPLY_WINDOW_POLICY port it implements
 * without importing this module (which depends on the core).
 */
@Global()
@Module({
  providers: [
    { provide: INSTALLED_CONNECTORS, useValue: installedConnectors },
    ...PROVIDERS,
    { provide: REPLY_WINDOW_POLICY, useExisting: ReplyWindowService },
    { provide: MESSAGE_TEMPLATE_CATALOGUE, useExisting: MessageTemplateService },
  ],
  exports: [...PROVIDERS, REPLY_WINDOW_POLICY, MESSAGE_TEMPLATE_CATALOGUE],
})
export class ConnectorRuntimeModule {}
