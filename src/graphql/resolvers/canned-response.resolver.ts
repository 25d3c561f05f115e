import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { CannedResponseRecord } from '../../core/canned-responses/canned-response.repository';
import { CannedResponseService } from '../../core/canned-responses/canned-response.service';
import { CannedResponseInput } from '../inputs/canned-response.input';
import { CannedResponseModel } from '../models/canned-response.model';
import { parseId } from '../parse-id';
import { withoutNulls } from './without-nulls';

@Resolver(() => CannedResponseModel)
@UseGuards(GqlAuthGuard)
export class CannedResponseResolver {
  constructor(private readonly responses: CannedResponseService) {}

  @Query(() => [CannedResponseModel], {
    description:
      "Shared ones and the caller's own, by shortcut. search matches a shortcut prefix, the title or the text (case-insensitive).",
  })
  async cannedResponses(
    @CurrentPrincipal() principal: Principal,
    @Args('search', { type: () => String, nullable: true }) search?: string | null,
  ): Promise<CannedResponseRecord[]> {
    return this.responses.listCannedResponses(principal, search);
  }

  @Mutation(() => CannedResponseModel, { description: 'Shared ones: admins only.' })
  async createCannedResponse(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CannedResponseInput,
  ): Promise<CannedResponseRecord> {
    return this.responses.createCannedResponse(principal, withoutNulls(input));
  }

  @Mutation(() => CannedResponseModel, {
    description: "Replaces every field. Shared ones: admins only; another agent's own answers NOT_FOUND.",
  })
  async updateCannedResponse(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: CannedResponseInput,
  ): Promise<CannedResponseRecord> {
    return this.responses.updateCannedResponse(principal, parseId(id), withoutNulls(input));
  }

  @Mutation(() => Boolean, {
    description: "Shared ones: admins only; another agent's own answers NOT_FOUND.",
  })
  async deleteCannedResponse(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.responses.deleteCannedResponse(principal, parseId(id));
  }
}
