import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ReplyWindowState } from '../../connectors/sdk';
import type { ConversationStatus } from '../../core/conversations/conversation.entity';
import { AgentModel } from './agent.model';
import { ContactModel } from './contact.model';
import { ConversationStatusEnum } from './enums';
import { PrechatAnswerModel } from './prechat-answer.model';

export const ReplyWindowStateEnum = { OPEN: 'open', TAG_REQUIRED: 'tag_required', CLOSED: 'closed' } as const;
registerEnumType(ReplyWindowStateEnum, {
  name: 'ReplyWindowState',
  description:
    "OPEN: replies go out normally. TAG_REQUIRED: the platform's standard window has passed, replies still go out marked (Messenger's HUMAN_AGENT tag). CLOSED: free-form replies are refused.",
});

@ObjectType('ReplyWindow', {
  description:
    "Whether the conversation's channel accepts a free-form reply now (Messenger's 24-hour window). Check it before sending: sendMessage refuses with REPLY_WINDOW_CLOSED while open is false.",
})
export class ReplyWindowModel {
  @Field({ description: 'True when sendMessage may send text or attachments now.' }) open!: boolean;
  @Field(() => ReplyWindowStateEnum) state!: ReplyWindowState;
  @Field(() => Date, {
    nullable: true,
    description: 'When free-form replies stop being allowed; null when they never stop or already have.',
  })
  closesAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Plain words for the agent when not simply open.' })
  reason!: string | null;
  @Field({
    description:
      "True when the channel accepts approved templates (sendTemplate), also while open is false (WhatsApp's window).",
  })
  templatesAllowed!: boolean;
}

/** `messages` and `replyWindow` are resolved by ConversationResolver. */
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
