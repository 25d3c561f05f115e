import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { TeamRecord } from '../../core/agents/team.repository';
import { TeamService } from '../../core/agents/team.service';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { TeamModel } from '../models/team.model';
import { parseId } from '../parse-id';

@Resolver(() => TeamModel)
@UseGuards(GqlAuthGuard)
export class TeamResolver {
  constructor(private readonly teamsService: TeamService) {}

  /** Every agent sees the teams: a transfer can target one. */
  @Query(() => [TeamModel])
  async teams(@CurrentPrincipal() principal: Principal): Promise<TeamRecord[]> {
    return this.teamsService.listTeams(principal.workspaceId);
  }

  @AdminOnly()
  @Mutation(() => TeamModel)
  async createTeam(
    @CurrentPrincipal() principal: Principal,
    @Args('name') name: string,
  ): Promise<TeamRecord> {
    return this.teamsService.createTeam(principal.workspaceId, name);
  }

  @AdminOnly()
  @Mutation(() => TeamModel, { description: 'Adding an existing member again is a no-op.' })
  async addTeamMember(
    @CurrentPrincipal() principal: Principal,
    @Args('teamId', { type: () => ID }) teamId: string,
    @Args('agentId', { type: () => ID }) agentId: string,
  ): Promise<TeamRecord> {
    return this.teamsService.addTeamMember(principal.workspaceId, parseId(teamId), parseId(agentId));
  }

  @AdminOnly()
  @Mutation(() => TeamModel, { description: 'Removing an agent who is not a member is a no-op.' })
  async removeTeamMember(
    @CurrentPrincipal() principal: Principal,
    @Args('teamId', { type: () => ID }) teamId: string,
    @Args('agentId', { type: () => ID }) agentId: string,
  ): Promise<TeamRecord> {
    return this.teamsService.removeTeamMember(principal, parseId(teamId), parseId(agentId));
  }

  @AdminOnly()
  @Mutation(() => TeamModel, { description: 'CONFLICT when another team has the name.' })
  async renameTeam(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('name') name: string,
  ): Promise<TeamRecord> {
    return this.teamsService.renameTeam(principal, parseId(id), name);
  }

  @AdminOnly()
  @Mutation(() => Boolean, {
    description:
      'Deletes the team and its memberships; its conversations keep their history and lose the team (queued ones may then go to any agent).',
  })
  async deleteTeam(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    await this.teamsService.deleteTeam(principal, parseId(id));
    return true;
  }
}
