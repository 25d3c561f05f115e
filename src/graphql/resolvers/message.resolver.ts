import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { MessageRecord } from '../../core/conversations/message.repository';
import { SendMessageService } from '../../core/conversations/send-message.service';
import { FileService } from '../../core/files/file.service';
import { SendMessageInput } from '../inputs/send-message.input';
import { AttachmentModel, MessageModel } from '../models/message.model';
import { parseId } from '../parse-id';
import { withoutNulls } from './without-nulls';

@Resolver(() => MessageModel)
@UseGuards(GqlAuthGuard)
export class MessageResolver {
  constructor(
    private readonly sender: SendMessageService,
    private readonly files: FileService,
  ) {}

  @ResolveField(() => [AttachmentModel])
  attachments(@Parent() message: Pick<MessageRecord, 'attachments'>): AttachmentModel[] {
    return message.attachments.map((a) => this.files.present(a));
  }

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
      attachments: input.attachments?.map((a) => withoutNulls({ ...a })),
      private: input.private ?? false,
    });
  }
}
