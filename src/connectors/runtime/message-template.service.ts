import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { MessageTemplateCatalogue } from '../../core/conversations/message-template.port';
import { DomainError } from '../../core/errors/domain-error';
import { ROOT_LOGGER } from '../../core/tokens';
import { toConnectorError, type ConnectorError, type MessageTemplate } from '../sdk';
import { IntegrationService } from './integration.service';

/** How long an integration's template list is reused; a performance cache only. */
export const TEMPLATE_CACHE_TTL_MS = 60_000;

/** A connector error as the agent's API answer. Exhaustive: a new kind does not compile until it has one. */
export function templateListError(error: ConnectorError): DomainError {
  switch (error.kind) {
    case 'config':
    case 'unsupported':
      return new DomainError('INVALID_INPUT', error.message);
    case 'rate_limited':
      return new DomainError('RATE_LIMITED', 'The channel is rate limiting the hub; try again in a minute.');
    case 'auth':
      return new DomainError('UNAVAILABLE', `The channel refused the hub's credentials: ${error.message}`);
    case 'transient':
    case 'permanent':
      return new DomainError('UNAVAILABLE', `The channel could not list its templates: ${error.message}`);
  }
}

/**
 * The host side of message templates: asks the integration's connector (`listTemplates`, with its
 * own HTTP client and secrets), keeps the answer for a minute per process (the list changes when
 * Meta reviews a template, rarely), and offers only approved templates.
 */
@Injectable()
export class MessageTemplateService implements MessageTemplateCatalogue {
  private readonly cache = new Map<string, { until: number; templates: MessageTemplate[] }>();

  constructor(
    private readonly integrations: IntegrationService,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async approvedTemplates(workspaceId: string, integrationId: string): Promise<MessageTemplate[]> {
    const key = `${workspaceId}:${integrationId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.templates;
    const loaded = await this.integrations.loadInWorkspace(workspaceId, integrationId);
    if (!loaded) throw new DomainError('NOT_FOUND', 'Integration not found.');
    const list = loaded.connector.hooks.listTemplates;
    if (!list) throw new DomainError('INVALID_INPUT', 'This channel has no message templates.');
    let templates: MessageTemplate[];
    try {
      templates = (await list.call(loaded.connector.hooks, loaded.context)).filter(
        (t) => t.status === 'approved',
      );
    } catch (e) {
      const error = toConnectorError(e);
      this.logger.warn({ integrationId, kind: error.kind }, 'listing message templates failed');
      throw templateListError(error);
    }
    templates.sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
    if (this.cache.size >= 1000) this.cache.clear();
    this.cache.set(key, { until: Date.now() + TEMPLATE_CACHE_TTL_MS, templates });
    return templates;
  }
}
