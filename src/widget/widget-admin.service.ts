import { Injectable } from '@nestjs/common';
import { IntegrationService } from '../connectors/runtime/integration.service';
import { defaultWidgetConfig, parseWidgetConfig, type WidgetConfig } from '../connectors/widget';
import type { Principal } from '../core/auth/principal';
import { ConversationService } from '../core/conversations/conversation.service';
import { DomainError } from '../core/errors/domain-error';
import { RealtimeBus } from '../core/realtime/realtime-bus.service';
import { WidgetConfigRepository } from './widget-config.repository';
import { WidgetIntegrationLoader } from './widget-integration.loader';
import { VisitorRecord, WidgetVisitorRepository } from './widget-visitor.repository';

/** What admins and agents do about widgets: customization, invitation figures, visitor facts, typing. */
@Injectable()
export class WidgetAdminService {
  constructor(
    private readonly integrations: IntegrationService,
    private readonly configs: WidgetConfigRepository,
    private readonly loader: WidgetIntegrationLoader,
    private readonly visitors: WidgetVisitorRepository,
    private readonly conversations: ConversationService,
    private readonly bus: RealtimeBus,
  ) {}

  async getConfig(workspaceId: string, integrationId: string): Promise<WidgetConfig & { version: number }> {
    await this.requireWidget(workspaceId, integrationId);
    const row = await this.configs.find(workspaceId, integrationId);
    const parsed = row ? parseWidgetConfig(row.config) : undefined;
    return { ...(parsed?.ok ? parsed.config : defaultWidgetConfig()), version: row?.version ?? 0 };
  }

  /** Replaces the customization (validated, defaults filled in) and pushes it to open widgets. */
  async updateConfig(
    workspaceId: string,
    integrationId: string,
    input: Record<string, unknown>,
  ): Promise<WidgetConfig & { version: number }> {
    await this.requireWidget(workspaceId, integrationId);
    const { version: _ignored, ...rest } = input;
    const parsed = parseWidgetConfig(rest);
    if (!parsed.ok)
      throw new DomainError('INVALID_INPUT', `Invalid widget config: ${parsed.problems.join('; ')}`);
    const version = await this.configs.save(workspaceId, integrationId, parsed.config);
    this.loader.forget(integrationId);
    await this.bus.publish([{ type: 'widget.config_updated', workspaceId, integrationId, version }]);
    return { ...parsed.config, version };
  }

  async invitationStats(workspaceId: string, integrationId: string) {
    await this.requireWidget(workspaceId, integrationId);
    return this.configs.invitationStats(workspaceId, integrationId);
  }

  visitorOf(workspaceId: string, conversationId: string): Promise<VisitorRecord | undefined> {
    return this.visitors.findForConversation(workspaceId, conversationId);
  }

  /** The agent is typing in a conversation they can see; the visitor's widget shows it. Never stored. */
  async setAgentTyping(principal: Principal, conversationId: string, on: boolean): Promise<void> {
    const conversation = await this.conversations.getConversation(principal, conversationId);
    await this.bus.publish([
      {
        type: 'conversation.typing',
        workspaceId: principal.workspaceId,
        conversationId: conversation.id,
        actor: 'agent',
        agentId: principal.agentId,
        on,
        draft: null,
        assigneeId: conversation.assigneeId,
      },
    ]);
  }

  private async requireWidget(workspaceId: string, integrationId: string): Promise<void> {
    const integration = await this.integrations.getIntegration(workspaceId, integrationId);
    if (integration.connectorId !== 'widget')
      throw new DomainError('INVALID_INPUT', 'This integration is not a website widget.');
  }
}
