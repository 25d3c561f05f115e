import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { AgentInvitation, AgentInvitationService } from '../../core/agents/agent-invitation.service';
import { AdminOnly, CurrentPrincipal, Public } from '../../core/auth/auth.decorators';
import type { LoginResult } from '../../core/auth/auth.service';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { InviteAgentInput } from '../inputs/agent.input';
import { AgentInvitationModel } from '../models/agent-invitation.model';
import { LoginPayloadModel } from '../models/login-payload.model';
import { parseId } from '../parse-id';
import { withoutNulls } from './without-nulls';

@Resolver()
@UseGuards(GqlAuthGuard)
export class AgentInvitationResolver {
  constructor(private readonly invitations: AgentInvitationService) {}

  @AdminOnly()
  @Mutation(() => AgentInvitationModel, {
    description:
      'Creates an agent without a password and answers a one-time invitation link (valid 7 days). Only an owner may invite an owner.',
  })
  async inviteAgent(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: InviteAgentInput,
  ): Promise<AgentInvitation> {
    return this.invitations.inviteAgent(principal, withoutNulls(input));
  }

  @AdminOnly()
  @Mutation(() => AgentInvitationModel, {
    description: 'A new link for an agent who has not accepted yet; the previous link stops working.',
  })
  async reinviteAgent(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AgentInvitation> {
    return this.invitations.reinviteAgent(principal, parseId(id));
  }

  @Public()
  @Mutation(() => LoginPayloadModel, {
    description:
      "Sets the invited agent's password (8 to 200 characters), uses the invitation up and signs them in. An invalid, used or expired link answers NOT_FOUND.",
  })
  async acceptInvitation(
    @Args('token') token: string,
    @Args('password') password: string,
  ): Promise<LoginResult> {
    return this.invitations.acceptInvitation(token, password);
  }
}
