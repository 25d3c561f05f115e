import { UseGuards } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { TagUsage } from '../../core/conversations/conversation-tag.repository';
import { ConversationTagService } from '../../core/conversations/conversation-tag.service';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { TagUsageModel } from '../models/tag-usage.model';

@Resolver(() => TagUsageModel)
@UseGuards(GqlAuthGuard)
export class TagResolver {
  constructor(private readonly tagsService: ConversationTagService) {}

  @Query(() => [TagUsageModel], {
    description: 'Every tag of the workspace with its number of conversations, by name.',
  })
  async tagUsage(@CurrentPrincipal() principal: Principal): Promise<TagUsage[]> {
    return this.tagsService.tagUsage(principal);
  }

  @AdminOnly()
  @Mutation(() => TagUsageModel, {
    description:
      'Renames a tag on every conversation of the workspace; an existing `to` merges with it. Publishes conversation.updated for each. NOT_FOUND when no conversation carries `from`.',
  })
  async renameTag(
    @CurrentPrincipal() principal: Principal,
    @Args('from') from: string,
    @Args('to') to: string,
  ): Promise<TagUsage> {
    return this.tagsService.renameTag(principal, from, to);
  }

  @AdminOnly()
  @Mutation(() => Int, {
    description:
      'Removes a tag from every conversation of the workspace; answers how many changed. NOT_FOUND when none carries it.',
  })
  async deleteTag(@CurrentPrincipal() principal: Principal, @Args('name') name: string): Promise<number> {
    return this.tagsService.deleteTag(principal, name);
  }
}
