import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AgentRecord } from '../../core/agents/agent.repository';
import { AgentDeactivationService } from '../../core/agents/agent-deactivation.service';
import { AgentService } from '../../core/agents/agent.service';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { CreateAgentInput, UpdateAgentInput } from '../inputs/agent.input';
import { AgentModel } from '../models/agent.model';
import { parseId } from '../parse-id';
import { withoutNulls } from './without-nulls';

@Resolver(() => AgentModel)
@UseGuards(GqlAuthGuard)
export class AgentResolver {
  constructor(
    private readonly agentsService: AgentService,
    private readonly deactivation: AgentDeactivationService,
  ) {}

  /** Every agent sees their colleagues: transfers and supervision name them. */
  @Query(() => [AgentModel])
  async agents(@CurrentPrincipal() principal: Principal): Promise<AgentRecord[]> {
    return this.agentsService.listAgents(principal.workspaceId);
  }

  @AdminOnly()
  @Mutation(() => AgentModel, { description: 'Only an owner may create an owner.' })
  async createAgent(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateAgentInput,
  ): Promise<AgentRecord> {
    return this.agentsService.createAgent(principal, withoutNulls(input));
  }

  @AdminOnly()
  @Mutation(() => AgentModel, { description: 'Only an owner may change an owner or promote to owner.' })
  async updateAgent(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAgentInput,
  ): Promise<AgentRecord> {
    return this.agentsService.updateAgent(principal, parseId(id), withoutNulls(input));
  }

  @AdminOnly()
  @Mutation(() => AgentModel, {
    description:
      'The agent can no longer log in, its tokens stop working, it is set OFFLINE and its unresolved conversations go back to the queue to be routed again. Only an owner may deactivate an owner; nobody deactivates themselves.',
  })
  async deactivateAgent(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AgentRecord> {
    return this.deactivation.deactivateAgent(principal, parseId(id));
  }

  @AdminOnly()
  @Mutation(() => AgentModel, {
    description: 'The agent can log in again (and stays OFFLINE until they choose otherwise).',
  })
  async reactivateAgent(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AgentRecord> {
    return this.deactivation.reactivateAgent(principal, parseId(id));
  }

  @Mutation(() => AgentModel, {
    description:
      "The console's sign of life (every 20 s while open): sets my lastSeenAt. After a first heartbeat, PRESENCE_GRACE_SECONDS (default 60) without one set an ACCEPTING or NOT_ACCEPTING agent OFFLINE.",
  })
  async heartbeat(@CurrentPrincipal() principal: Principal): Promise<AgentRecord> {
    return this.agentsService.heartbeat(principal);
  }
}
