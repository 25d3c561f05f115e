import { Module } from '@nestjs/common';
import { installedConnectors } from '../installed-connectors';
import { ConnectorRegistry, INSTALLED_CONNECTORS } from './connector-registry.service';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryService } from './delivery.service';
import { IntegrationRepository } from './integration.repository';
import { IntegrationSecrets } from './integration-secrets.service';
import { IntegrationService } from './integration.service';
import { WebhookIngestService } from './webhook-ingest.service';

const PROVIDERS = [
  ConnectorRegistry,
  IntegrationRepository,
  IntegrationSecrets,
  IntegrationService,
  WebhookIngestService,
  DeliveryRepository,
  DeliveryService,
];

/** Hosts the connectors: registry, integration store, webhook ingest and delivery. */
@Module({
  providers: [{ provide: INSTALLED_CONNECTORS, useValue: installedConnectors }, ...PROVIDERS],
  exports: PROVIDERS,
})
export class ConnectorRuntimeModule {}
