import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { MessageRecord } from '../../core/conversations/message.repository';
import { SendMessageService } from '../../core/conversations/send-message.service';
import { SendMessageInput } from '../inputs/send-message.input';
import { MessageModel } from '../models/message.model';
import { parseId } from '../parse-id';
import { withoutNulls } from './without-nulls';

@Resolver(() => MessageModel)
@UseGuards(GqlAuthGuard)
export class MessageResolver {
  constructor(private readonly sender: SendMessageService) {}

  @Mutation(() => MessageModel, {
    description: 'Idempotent on clientMessageId: a retry returns the first message and sends nothing twice.',
  })
  async sendMessage(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: SendMessageInput,
  ): Promise<MessageRecord> {
    return this.sender.sendMessage(principal, {
      conversationId: parseId(input.conversationId),
      clientMessageId: input.clientMessageId,
      text: input.text,
      attachments: input.attachments?.map(withoutNulls),
    });
  }
}
