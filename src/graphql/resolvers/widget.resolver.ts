import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { ConversationRecord } from '../../core/conversations/conversation.repository';
import type { VisitorRecord } from '../../widget/widget-visitor.repository';
import { WidgetAdminService } from '../../widget/widget-admin.service';
import { ConversationModel } from '../models/conversation.model';
import { WidgetInvitationStatsModel, WidgetVisitorModel } from '../models/widget-visitor.model';
import { parseId } from '../parse-id';
import { JsonObjectScalar } from '../scalars/json.scalar';

const CONFIG_DOC =
  'A widget customization: locale, appearance, prechat, sneakPeek, offlineEmail, attachments, invitations (docs/widget.md).';

@Resolver(() => ConversationModel)
@UseGuards(GqlAuthGuard)
export class WidgetResolver {
  constructor(private readonly widgets: WidgetAdminService) {}

  @Query(() => JsonObjectScalar, { description: `${CONFIG_DOC} Admins only.` })
  @AdminOnly()
  async widgetConfig(
    @CurrentPrincipal() principal: Principal,
    @Args('integrationId', { type: () => ID }) integrationId: string,
  ): Promise<Record<string, unknown>> {
    return this.widgets.getConfig(principal.workspaceId, parseId(integrationId));
  }

  @Mutation(() => JsonObjectScalar, {
    description: `Replaces the customization (fields left out get their defaults) and applies it live to open widgets. ${CONFIG_DOC}`,
  })
  @AdminOnly()
  async updateWidgetConfig(
    @CurrentPrincipal() principal: Principal,
    @Args('integrationId', { type: () => ID }) integrationId: string,
    @Args('config', { type: () => JsonObjectScalar }) config: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return this.widgets.updateConfig(principal.workspaceId, parseId(integrationId), config);
  }

  @Query(() => [WidgetInvitationStatsModel], {
    description: 'How often each proactive invitation was shown and accepted.',
  })
  @AdminOnly()
  async widgetInvitationStats(
    @CurrentPrincipal() principal: Principal,
    @Args('integrationId', { type: () => ID }) integrationId: string,
  ) {
    return this.widgets.invitationStats(principal.workspaceId, parseId(integrationId));
  }

  @Mutation(() => Boolean, {
    description:
      'Shows the visitor that the agent is typing (send true while typing, false when stopping). Not stored.',
  })
  async setTyping(
    @CurrentPrincipal() principal: Principal,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('typing') typing: boolean,
  ): Promise<boolean> {
    await this.widgets.setAgentTyping(principal, parseId(conversationId), typing);
    return true;
  }

  @ResolveField(() => WidgetVisitorModel, {
    nullable: true,
    description: 'Pages, visits and session variables from the website widget; null for other channels.',
  })
  async visitor(
    @CurrentPrincipal() principal: Principal,
    @Parent() conversation: Pick<ConversationRecord, 'id'>,
  ): Promise<VisitorRecord | null> {
    return (await this.widgets.visitorOf(principal.workspaceId, conversation.id)) ?? null;
  }
}
