import { Field, ID, InputType } from '@nestjs/graphql';
import type { ConversationStatus } from '../../core/conversations/conversation.entity';
import { ConversationStatusEnum } from '../models/enums';

@InputType('ConversationFilter')
export class ConversationFilterInput {
  @Field(() => ConversationStatusEnum, { nullable: true }) status?: ConversationStatus;
  @Field(() => ID, { nullable: true }) assigneeId?: string;
  @Field({ nullable: true, description: 'Only conversations assigned to me.' }) mine?: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      "Case-insensitive substring of the contact's name or email, or of a message's text (notes excluded).",
  })
  search?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Only conversations with this tag (trimmed, lowercased).',
  })
  tag?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only conversations of this contact.' })
  contactId?: string | null;
}
