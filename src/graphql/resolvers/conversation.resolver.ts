import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReplyWindowService } from '../../connectors/runtime/reply-window.service';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { ConversationRecord } from '../../core/conversations/conversation.repository';
import { ConversationTagService } from '../../core/conversations/conversation-tag.service';
import { ConversationTransferService } from '../../core/conversations/conversation-transfer.service';
import { ConversationService } from '../../core/conversations/conversation.service';
import type { MessageRecord } from '../../core/conversations/message.repository';
import { ConversationFilterInput } from '../inputs/conversation-filter.input';
import { ConversationConnectionModel } from '../models/connection.model';
import { ConversationModel, ReplyWindowModel } from '../models/conversation.model';
import { MessageModel } from '../models/message.model';
import { decodeConversationCursor, encodeConversationCursor } from '../pagination/conversation-cursor.codec';
import { parseId, parseOptionalId } from '../parse-id';

@Resolver(() => ConversationModel)
@UseGuards(GqlAuthGuard)
export class ConversationResolver {
  constructor(
    private readonly conversationsService: ConversationService,
    private readonly tagsService: ConversationTagService,
    private readonly transfers: ConversationTransferService,
    private readonly replyWindows: ReplyWindowService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Query(() => ConversationConnectionModel, {
    description: 'Latest activity first; page with first/after (at most 100 per page).',
  })
  async conversations(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => ConversationFilterInput, nullable: true })
    filter: ConversationFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ConversationConnectionModel> {
    const page = await this.conversationsService.listConversations(
      principal,
      {
        status: filter?.status ?? undefined,
        assigneeId: parseOptionalId(filter?.assigneeId),
        mine: filter?.mine ?? undefined,
        search: filter?.search ?? undefined,
        tag: filter?.tag ?? undefined,
        contactId: parseOptionalId(filter?.contactId),
      },
      first,
      after ? decodeConversationCursor(after) : undefined,
    );
    const edges = page.rows.map((node) => ({ node, cursor: encodeConversationCursor(node) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => ConversationModel)
  async conversation(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ConversationRecord> {
    return this.conversationsService.getConversation(principal, parseId(id));
  }

  @Query(() => [MessageModel], {
    description: 'Messages with seq > afterSeq in seq order: how a reconnecting client catches up.',
  })
  async messagesSince(
    @CurrentPrincipal() principal: Principal,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('afterSeq', { type: () => Int, defaultValue: 0 }) afterSeq: number,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit: number,
  ): Promise<MessageRecord[]> {
    return this.conversationsService.messagesSince(principal, parseId(conversationId), afterSeq, limit);
  }

  /** The parent was loaded through a guarded query, so it is one the caller may see. */
  @ResolveField(() => [MessageModel], { description: 'Messages with seq > afterSeq, in seq order.' })
  async messages(
    @Parent() conversation: ConversationRecord,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('afterSeq', { type: () => Int, defaultValue: 0 }) afterSeq: number,
  ): Promise<MessageRecord[]> {
    return this.conversationsService.messagesOf(conversation, afterSeq, first);
  }

  /** The parent was loaded through a guarded query, so it is one the caller may see. */
  @ResolveField(() => ReplyWindowModel, {
    description:
      'Whether the channel accepts a free-form reply now; always open for channels without a window.',
  })
  async replyWindow(@Parent() conversation: ConversationRecord): Promise<ReplyWindowModel> {
    const window = await this.replyWindows.windowFor(
      this.db.manager,
      conversation.workspaceId,
      conversation.id,
    );
    return {
      open: window.state !== 'closed',
      state: window.state,
      closesAt: window.closesAt,
      reason: window.reason ?? null,
      templatesAllowed: window.templatesAllowed === true,
    };
  }

  @Mutation(() => ConversationModel, {
    description:
      'Assign or transfer: to an agent (opens it for them), to a team only (back to the queue, routed again), or both.',
  })
  async assignConversation(
    @CurrentPrincipal() principal: Principal,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('agentId', { type: () => ID, nullable: true }) agentId: string | null,
    @Args('teamId', { type: () => ID, nullable: true }) teamId: string | null,
  ): Promise<ConversationRecord> {
    return this.conversationsService.assignConversation(principal, parseId(conversationId), {
      agentId: parseOptionalId(agentId),
      teamId: parseOptionalId(teamId),
    });
  }

  @Query(() => [String], { description: 'Every tag used in the workspace, sorted.' })
  async tags(@CurrentPrincipal() principal: Principal): Promise<string[]> {
    return this.tagsService.workspaceTags(principal);
  }

  @Mutation(() => ConversationModel, {
    description:
      'Replaces the tags (trimmed, lowercased, deduplicated; 1-40 chars of a-z 0-9 - _; at most 20). Publishes conversation.updated.',
  })
  async setConversationTags(
    @CurrentPrincipal() principal: Principal,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('tags', { type: () => [String] }) tags: string[],
  ): Promise<ConversationRecord> {
    return this.tagsService.setConversationTags(principal, parseId(conversationId), tags);
  }

  @Mutation(() => ConversationModel, {
    description:
      "Moves the caller's read mark forward to seq (clamped to lastSeq); an older seq changes nothing.",
  })
  async markConversationRead(
    @CurrentPrincipal() principal: Principal,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('seq', { type: () => Int }) seq: number,
  ): Promise<ConversationRecord> {
    return this.conversationsService.markConversationRead(principal, parseId(conversationId), seq);
  }

  @Mutation(() => ConversationModel, {
    description:
      'Assigns like assignConversation and writes a private note "Transferred to <name>: <note>" by the caller. Refuses (CONFLICT) an agent at capacity or not accepting, unless force is true and the caller is an admin.',
  })
  async transferConversation(
    @CurrentPrincipal() principal: Principal,
    @Args('conversationId', { type: () => ID }) conversationId: string,
    @Args('agentId', { type: () => ID, nullable: true }) agentId: string | null,
    @Args('teamId', { type: () => ID, nullable: true }) teamId: string | null,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
    @Args('force', { type: () => Boolean, nullable: true, defaultValue: false }) force: boolean | null,
  ): Promise<ConversationRecord> {
    return this.transfers.transferConversation(principal, parseId(conversationId), {
      agentId: parseOptionalId(agentId),
      teamId: parseOptionalId(teamId),
      note: note ?? undefined,
      force: force ?? false,
    });
  }

  @Mutation(() => ConversationModel, { description: 'Resolving a resolved conversation is a no-op.' })
  async resolveConversation(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ConversationRecord> {
    return this.conversationsService.resolveConversation(principal, parseId(id));
  }

  @Mutation(() => ConversationModel, {
    description:
      'Back to OPEN for its last assignee, or QUEUED and routed again when it has none. No-op unless resolved.',
  })
  async reopenConversation(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ConversationRecord> {
    return this.conversationsService.reopenConversation(principal, parseId(id));
  }
}
