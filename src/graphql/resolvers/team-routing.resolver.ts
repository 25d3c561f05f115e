import { UseGuards } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { TeamRecord } from '../../core/agents/team.repository';
import { RoutingAdminService } from '../../routing/routing-admin.service';
import { TeamMemberTierModel } from '../models/routing.model';
import { TeamModel } from '../models/team.model';

/** The routing side of a team: its members' tiers. */
@Resolver(() => TeamModel)
@UseGuards(GqlAuthGuard)
export class TeamRoutingResolver {
  constructor(private readonly routing: RoutingAdminService) {}

  @ResolveField('memberTiers', () => [TeamMemberTierModel], {
    description: "Each member's tier (FIRST, NORMAL, LAST); set with setTeamMemberTier.",
  })
  async memberTiers(
    @CurrentPrincipal() principal: Principal,
    @Parent() team: TeamRecord,
  ): Promise<TeamMemberTierModel[]> {
    return this.routing.memberTiers(principal.workspaceId, team.id);
  }
}
