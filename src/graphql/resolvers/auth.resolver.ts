import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AgentStatus } from '../../core/agents/agent.entity';
import type { AgentRecord } from '../../core/agents/agent.repository';
import { AgentService } from '../../core/agents/agent.service';
import { CurrentPrincipal, Public } from '../../core/auth/auth.decorators';
import { AuthService, LoginResult } from '../../core/auth/auth.service';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { AgentModel } from '../models/agent.model';
import { AgentStatusEnum } from '../models/enums';
import { LoginPayloadModel } from '../models/login-payload.model';
import { parseOptionalId } from '../parse-id';

@Resolver()
@UseGuards(GqlAuthGuard)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly agents: AgentService,
  ) {}

  @Public()
  @Mutation(() => LoginPayloadModel, {
    description: 'Wrong email or password: one UNAUTHENTICATED answer, whichever it was.',
  })
  async login(
    @Args('email') email: string,
    @Args('password') password: string,
    @Args('workspaceId', {
      type: () => ID,
      nullable: true,
      description: 'Needed only when the email exists in several workspaces.',
    })
    workspaceId?: string | null,
  ): Promise<LoginResult> {
    return this.auth.login(email, password, parseOptionalId(workspaceId));
  }

  @Query(() => AgentModel, { description: 'The logged-in agent.' })
  async me(@CurrentPrincipal() principal: Principal): Promise<AgentRecord> {
    return this.agents.getAgent(principal.workspaceId, principal.agentId);
  }

  @Mutation(() => AgentModel, {
    description: 'Becoming ACCEPTING lets routing assign queued conversations to me.',
  })
  async setMyStatus(
    @CurrentPrincipal() principal: Principal,
    @Args('status', { type: () => AgentStatusEnum }) status: AgentStatus,
  ): Promise<AgentRecord> {
    return this.agents.setMyStatus(principal, status);
  }
}
