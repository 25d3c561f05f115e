import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { ConversationRecord } from '../../core/conversations/conversation.repository';
import { ConversationService } from '../../core/conversations/conversation.service';
import { RoutingAdminService, type QueueStats } from '../../routing/routing-admin.service';
import { AgentTierEnum } from '../models/enums';
import { ConversationModel } from '../models/conversation.model';
import { ConversationRoutingModel, ExternalRouterModel, RoutingQueueModel } from '../models/routing.model';
import { parseId } from '../parse-id';
import { JsonObjectScalar } from '../scalars/json.scalar';

const POLICY_DOC =
  'Ordered rules (first match wins) and the default action; see docs/routing.md for every condition and action.';
const SETTINGS_DOC =
  'strategy, returningCustomer, businessHours, slaSeconds, inactivityReassignSeconds, overflowAfterSeconds, overflowTeamId, externalRouter (docs/routing.md).';

@Resolver(() => ConversationModel)
@UseGuards(GqlAuthGuard)
export class RoutingResolver {
  constructor(
    private readonly routing: RoutingAdminService,
    private readonly conversations: ConversationService,
  ) {}

  @Query(() => JsonObjectScalar, { description: `${POLICY_DOC} Admins only.` })
  @AdminOnly()
  async routingPolicy(@CurrentPrincipal() principal: Principal): Promise<Record<string, unknown>> {
    return { ...(await this.routing.getPolicy(principal)) };
  }

  @Mutation(() => JsonObjectScalar, {
    description: `Replaces the routing policy after validating it (INVALID_INPUT lists every problem with its path). ${POLICY_DOC}`,
  })
  @AdminOnly()
  async setRoutingPolicy(
    @CurrentPrincipal() principal: Principal,
    @Args('policy', { type: () => JsonObjectScalar }) policy: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return { ...(await this.routing.setPolicy(principal, policy)) };
  }

  @Query(() => JsonObjectScalar, {
    description: `How a team's queue is served, with defaults filled in; without teamId, the workspace pool's. ${SETTINGS_DOC}`,
  })
  async teamRouting(
    @CurrentPrincipal() principal: Principal,
    @Args('teamId', { type: () => ID, nullable: true }) teamId?: string,
  ): Promise<Record<string, unknown>> {
    return { ...(await this.routing.getTeamRouting(principal, teamId ? parseId(teamId) : null)) };
  }

  @Mutation(() => JsonObjectScalar, {
    description: `Replaces a team's routing settings (fields left out get defaults); without teamId, the workspace pool's. ${SETTINGS_DOC}`,
  })
  @AdminOnly()
  async setTeamRouting(
    @CurrentPrincipal() principal: Principal,
    @Args('settings', { type: () => JsonObjectScalar }) settings: Record<string, unknown>,
    @Args('teamId', { type: () => ID, nullable: true }) teamId?: string,
  ): Promise<Record<string, unknown>> {
    return { ...(await this.routing.setTeamRouting(principal, teamId ? parseId(teamId) : null, settings)) };
  }

  @Mutation(() => JsonObjectScalar, {
    description:
      'Replaces an agent\'s skills: { "billing": 3, "arabic": 5 } (names a-z 0-9 - _, levels 1-5).',
  })
  @AdminOnly()
  async setAgentSkills(
    @CurrentPrincipal() principal: Principal,
    @Args('agentId', { type: () => ID }) agentId: string,
    @Args('skills', { type: () => JsonObjectScalar }) skills: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return this.routing.setAgentSkills(principal, parseId(agentId), skills);
  }

  @Mutation(() => Boolean, {
    description: 'FIRST members get chats before NORMAL ones, LAST only when nobody else can.',
  })
  @AdminOnly()
  async setTeamMemberTier(
    @CurrentPrincipal() principal: Principal,
    @Args('teamId', { type: () => ID }) teamId: string,
    @Args('agentId', { type: () => ID }) agentId: string,
    @Args('tier', { type: () => AgentTierEnum }) tier: (typeof AgentTierEnum)[keyof typeof AgentTierEnum],
  ): Promise<boolean> {
    await this.routing.setMemberTier(principal, parseId(teamId), parseId(agentId), tier);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      'Sets (or, with url null, removes) the service asked which agent should take a chat in teams with externalRouter on. Requests are signed with the whsec_ secret (Standard Webhooks); a slow or wrong answer falls back to the team strategy.',
  })
  @AdminOnly()
  async setExternalRouter(
    @CurrentPrincipal() principal: Principal,
    @Args('url', { type: () => String, nullable: true }) url: string | null,
    @Args('secret', { type: () => String, nullable: true }) secret: string | null,
    @Args('timeoutMs', { type: () => Int, defaultValue: 500 }) timeoutMs: number,
  ): Promise<boolean> {
    await this.routing.setExternalRouter(principal, { url: url ?? null, secret: secret ?? null, timeoutMs });
    return true;
  }

  @Query(() => ExternalRouterModel, {
    nullable: true,
    description: 'The external router (without its secret), or null. Admins only.',
  })
  @AdminOnly()
  async externalRouter(@CurrentPrincipal() principal: Principal): Promise<ExternalRouterModel | null> {
    return this.routing.externalRouter(principal);
  }

  @Query(() => [RoutingQueueModel], {
    description: 'Every team queue and the pool: waiting, oldest wait, who can serve it.',
  })
  async routingQueues(@CurrentPrincipal() principal: Principal): Promise<QueueStats[]> {
    return this.routing.queueStats(principal);
  }

  @Mutation(() => ConversationModel, {
    description:
      'Takes a waiting conversation (manual queues): only while accepting and below capacity (CONFLICT otherwise).',
  })
  async pickConversation(
    @CurrentPrincipal() principal: Principal,
    @Args('conversationId', { type: () => ID }) conversationId: string,
  ): Promise<ConversationRecord> {
    const id = parseId(conversationId);
    await this.conversations.getConversation(principal, id);
    await this.routing.pickConversation(principal, id);
    return this.conversations.getConversation(principal, id);
  }

  @ResolveField('routing', () => ConversationRoutingModel, {
    description: 'Where routing sent it and why; one query per conversation, so ask for it on a detail view.',
  })
  async routingOf(
    @CurrentPrincipal() principal: Principal,
    @Parent() conversation: ConversationRecord,
  ): Promise<ConversationRoutingModel> {
    return this.routing.routingOf(principal.workspaceId, conversation.id);
  }
}
