import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { HubConfig } from '../../core/config/config.schema';
import { DomainError } from '../../core/errors/domain-error';
import { Clock, CLOCK, CONFIG, ROOT_LOGGER } from '../../core/tokens';
import {
  ConnectorContext,
  ConnectorDefinition,
  createHttpClient,
  resolveAllowedHosts,
  secretFieldNames,
  validateSettings,
} from '../sdk';
import { createConnectorLogger } from './connector-logger.adapter';
import { ConnectorRegistry } from './connector-registry.service';
import { IntegrationRecord, IntegrationRepository } from './integration.repository';
import { IntegrationSecrets } from './integration-secrets.service';
import { IntegrationStateStore } from './integration-state.store';

/** What the API returns for an integration: never its secrets. */
export interface IntegrationView {
  id: string;
  workspaceId: string;
  connectorId: string;
  name: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  webhookUrl: string;
  createdAt: Date;
}

export interface CreatedIntegration {
  integration: IntegrationView;
  /** Secrets the hub generated, shown once at creation and never again. */
  generatedSecrets: Record<string, string>;
}

/** An integration loaded for work: its connector and a context with decrypted settings. */
export interface LoadedIntegration {
  record: IntegrationRecord;
  connector: ConnectorDefinition;
  context: ConnectorContext;
}

@Injectable()
export class IntegrationService {
  private readonly webhookCache = new Map<string, { loaded: LoadedIntegration; until: number }>();

  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly registry: ConnectorRegistry,
    private readonly secrets: IntegrationSecrets,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  webhookUrl(integrationId: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/webhooks/${integrationId}`;
  }

  toView(record: IntegrationRecord): IntegrationView {
    const { secretsCiphertext: _sealed, ...rest } = record;
    return { ...rest, webhookUrl: this.webhookUrl(record.id) };
  }

  /** Validates settings against the connector's schema, generates missing secrets, seals them. */
  async createIntegration(
    workspaceId: string,
    input: { connectorId: string; name: string; settings: Record<string, unknown> },
  ): Promise<CreatedIntegration> {
    const connector = this.registry.find(input.connectorId);
    if (!connector) {
      const known = this.registry
        .list()
        .map((c) => c.manifest.id)
        .join(', ');
      throw new DomainError(
        'INVALID_INPUT',
        `Unknown connector "${input.connectorId}"; installed connectors: ${known}.`,
      );
    }
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200)
      throw new DomainError('INVALID_INPUT', 'name must be 1 to 200 characters.');
    const result = validateSettings(connector.settings, input.settings);
    if (!result.ok) throw new DomainError('INVALID_INPUT', `Invalid settings: ${result.problems.join(' ')}`);
    const id = randomUUID();
    const record = await this.integrations.insert({
      id,
      workspaceId,
      connectorId: connector.manifest.id,
      name,
      settings: result.settings,
      secretsCiphertext: this.secrets.seal(id, result.secrets),
    });
    const generatedSecrets = Object.fromEntries(
      result.generated.map((field) => [field, result.secrets[field]]),
    );
    return { integration: this.toView(record), generatedSecrets };
  }

  async getIntegration(workspaceId: string, id: string): Promise<IntegrationView> {
    const record = await this.integrations.findInWorkspace(workspaceId, id);
    if (!record) throw new DomainError('NOT_FOUND', 'Integration not found.');
    return this.toView(record);
  }

  async listIntegrations(workspaceId: string): Promise<IntegrationView[]> {
    return (await this.integrations.listInWorkspace(workspaceId)).map((r) => this.toView(r));
  }

  /**
   * The integration a webhook names, with a short per-process cache: a webhook then costs no
   * lookup, no decryption and no new HTTP client. Only performance depends on it; changes reach
   * every process within INTEGRATION_CACHE_TTL_MS.
   */
  async loadForWebhook(integrationId: string): Promise<LoadedIntegration | undefined> {
    const now = Date.now();
    const cached = this.webhookCache.get(integrationId);
    if (cached && cached.until > now) return cached.loaded;
    const record = await this.integrations.findForWebhook(integrationId);
    const loaded = record && this.load(record);
    if (loaded && this.config.INTEGRATION_CACHE_TTL_MS > 0) {
      if (this.webhookCache.size >= 10_000) this.webhookCache.clear();
      this.webhookCache.set(integrationId, { loaded, until: now + this.config.INTEGRATION_CACHE_TTL_MS });
    }
    return loaded;
  }

  async loadInWorkspace(workspaceId: string, integrationId: string): Promise<LoadedIntegration | undefined> {
    const record = await this.integrations.findInWorkspace(workspaceId, integrationId);
    return record && this.load(record);
  }

  private load(record: IntegrationRecord): LoadedIntegration | undefined {
    const connector = this.registry.find(record.connectorId);
    if (!connector) return undefined;
    const secretValues = this.secrets.open(record.id, record.secretsCiphertext);
    const settings = { ...record.settings, ...secretValues };
    const context: ConnectorContext = {
      integrationId: record.id,
      settings,
      http: createHttpClient({ allowedHosts: resolveAllowedHosts(connector.manifest, settings) }),
      state: new IntegrationStateStore(this.db, record.workspaceId, record.id),
      logger: createConnectorLogger(
        this.logger,
        { connector: connector.manifest.id, integrationId: record.id },
        secretFieldNames(connector.settings).map((f) => String(settings[f] ?? '')),
      ),
      clock: this.clock,
    };
    return { record, connector, context };
  }
}
