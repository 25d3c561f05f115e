import { Injectable } from '@nestjs/common';
import { IntegrationService } from '../connectors/runtime/integration.service';
import {
  defaultWidgetConfig,
  parseAllowedOrigins,
  parseWidgetConfig,
  type OriginPattern,
  type WidgetConfig,
  type WidgetSettings,
} from '../connectors/widget';
import { WidgetConfigRepository } from './widget-config.repository';

/** A widget integration ready for a visitor request. */
export interface WidgetIntegration {
  id: string;
  workspaceId: string;
  name: string;
  origins: OriginPattern[];
  identitySecret: string;
  config: WidgetConfig;
  version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONFIG_TTL_MS = 2000;

/**
 * Loads widget integrations for visitor traffic, reusing the webhook cache of IntegrationService
 * and caching the customization briefly. Anything but an enabled widget integration is "not found".
 */
@Injectable()
export class WidgetIntegrationLoader {
  private readonly configs = new Map<string, { config: WidgetConfig; version: number; until: number }>();

  constructor(
    private readonly integrations: IntegrationService,
    private readonly configsRepo: WidgetConfigRepository,
  ) {}

  async load(integrationId: string): Promise<WidgetIntegration | undefined> {
    if (!UUID.test(integrationId)) return undefined;
    const loaded = await this.integrations.loadForWebhook(integrationId);
    if (!loaded || loaded.record.connectorId !== 'widget') return undefined;
    const settings = loaded.context.settings as WidgetSettings;
    const origins = parseAllowedOrigins(settings.allowedOrigins ?? '');
    const { config, version } = await this.config(loaded.record.workspaceId, integrationId);
    return {
      id: integrationId,
      workspaceId: loaded.record.workspaceId,
      name: loaded.record.name,
      origins: origins.ok ? origins.patterns : [],
      identitySecret: settings.identitySecret,
      config,
      version,
    };
  }

  /** Drops the cached customization (after a save, or another process's save event). */
  forget(integrationId: string): void {
    this.configs.delete(integrationId);
  }

  private async config(
    workspaceId: string,
    integrationId: string,
  ): Promise<{ config: WidgetConfig; version: number }> {
    const now = Date.now();
    const cached = this.configs.get(integrationId);
    if (cached && cached.until > now) return cached;
    const row = await this.configsRepo.find(workspaceId, integrationId);
    const parsed = row ? parseWidgetConfig(row.config) : undefined;
    const entry = {
      config: parsed?.ok ? parsed.config : defaultWidgetConfig(),
      version: row?.version ?? 0,
      until: now + CONFIG_TTL_MS,
    };
    if (this.configs.size > 10_000) this.configs.clear();
    this.configs.set(integrationId, entry);
    return entry;
  }
}
