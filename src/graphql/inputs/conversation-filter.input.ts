import { Field, ID, InputType } from '@nestjs/graphql';
import type { ConversationStatus } from '../../core/conversations/conversation.entity';
import { ConversationStatusEnum } from '../models/enums';

@InputType('ConversationFilter')
export class ConversationFilterInput {
  @Field(() => ConversationStatusEnum, { nullable: true }) status?: ConversationStatus;
  @Field(() => ID, { nullable: true }) assigneeId?: string;
  @Field({ nullable: true, description: 'Only conversations assigned to me.' }) mine?: boolean;
}
