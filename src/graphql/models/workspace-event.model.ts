import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('WorkspaceEvent', {
  description:
    'A change in the workspace. Refetch what it names; resume messages with messagesSince(conversationId, afterSeq).',
})
export class WorkspaceEventModel {
  @Field({
    description:
      'message.created, message.updated, conversation.created, conversation.assigned or conversation.status_changed.',
  })
  type!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => ID, { nullable: true }) messageId?: string | null;
  @Field(() => Int, { nullable: true }) seq?: number | null;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) teamId?: string | null;
  @Field(() => String, { nullable: true }) status?: string | null;
}
