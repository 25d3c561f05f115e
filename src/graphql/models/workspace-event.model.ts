import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('WorkspaceEvent', {
  description:
    'A change in the workspace. Refetch what it names; resume messages with messagesSince(conversationId, afterSeq).',
})
export class WorkspaceEventModel {
  @Field({
    description:
      'message.created, message.updated, conversation.created, conversation.assigned, conversation.status_changed or conversation.typing.',
  })
  type!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => ID, { nullable: true }) messageId?: string | null;
  @Field(() => Int, { nullable: true }) seq?: number | null;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) teamId?: string | null;
  @Field(() => String, { nullable: true }) status?: string | null;
  @Field(() => String, { nullable: true, description: 'conversation.typing: contact or agent.' })
  actor?: string | null;
  @Field(() => ID, { nullable: true, description: 'conversation.typing: the agent typing.' })
  agentId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'conversation.typing: started (true) or stopped.' })
  typing?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description:
      "conversation.typing: the visitor's unsent text (sneak peek), for the assigned agent and admins only; never stored.",
  })
  draft?: string | null;
}
