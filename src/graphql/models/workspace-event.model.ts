import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('WorkspaceEvent', {
  description:
    'A change in the workspace. Refetch what it names; resume messages with messagesSince(conversationId, afterSeq).',
})
export class WorkspaceEventModel {
  @Field({
    description:
      'message.created, message.updated, conversation.created, conversation.assigned, conversation.status_changed, conversation.updated (tags changed: refetch the conversation), conversation.typing, agent.status_changed or agent.deactivated (to admins and the agent, whose subscription then completes).',
  })
  type!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The conversation it concerns; null for agent.status_changed.',
  })
  conversationId?: string | null;
  @Field(() => ID, { nullable: true }) messageId?: string | null;
  @Field(() => Int, { nullable: true }) seq?: number | null;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) teamId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The new status, lower-case as stored: the conversation's (conversation.status_changed, e.g. open) or the agent's (agent.status_changed: accepting, not_accepting or offline).",
  })
  status?: string | null;
  @Field(() => String, { nullable: true, description: 'conversation.typing: contact or agent.' })
  actor?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'conversation.typing: the agent typing; agent.status_changed: the agent whose status changed.',
  })
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
