import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ConversationStatus } from '../../core/conversations/conversation.entity';
import { AgentModel } from './agent.model';
import { ContactModel } from './contact.model';
import { ConversationStatusEnum } from './enums';
import { PrechatAnswerModel } from './prechat-answer.model';

/** `messages` is resolved by ConversationResolver. */
@ObjectType('Conversation')
export class ConversationModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) integrationId!: string;
  @Field(() => ConversationStatusEnum) status!: ConversationStatus;
  @Field(() => ContactModel) contact!: ContactModel;
  @Field(() => ID, { nullable: true }) assigneeId!: string | null;
  @Field(() => AgentModel, { nullable: true }) assignee!: AgentModel | null;
  @Field(() => ID, { nullable: true }) teamId!: string | null;
  @Field(() => Int, { description: 'seq of the latest message; resume with messagesSince(afterSeq).' })
  lastSeq!: number;
  @Field(() => Date, { nullable: true }) lastMessageAt!: Date | null;
  @Field(() => Date, { nullable: true }) assignedAt!: Date | null;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field() createdAt!: Date;
  @Field(() => [PrechatAnswerModel], {
    nullable: true,
    description: 'Pre-chat survey answers, shown to agents.',
  })
  prechat!: PrechatAnswerModel[] | null;
  @Field(() => [String], { description: 'Lowercase, 1-40 chars of a-z 0-9 - _; sorted.' })
  tags!: string[];
  @Field(() => Int, {
    description: "For the caller: the contact's messages with seq > the caller's read mark.",
  })
  unreadCount!: number;
  @Field(() => Int, {
    description: "The caller's read mark (0 when never read); move it with markConversationRead.",
  })
  lastReadSeq!: number;
}
