import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AgentRole, AgentStatus } from '../../core/agents/agent.entity';
import { AgentRoleEnum, AgentStatusEnum } from './enums';

@ObjectType('Agent')
export class AgentModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) workspaceId!: string;
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => AgentRoleEnum) role!: AgentRole;
  @Field(() => AgentStatusEnum) status!: AgentStatus;
  @Field(() => Int, { description: 'How many unresolved conversations routing may assign at once.' })
  capacity!: number;
  @Field(() => String, { nullable: true, description: 'Photo shown to visitors in the widget.' })
  avatarUrl!: string | null;
  @Field(() => Date, { nullable: true }) lastAssignedAt!: Date | null;
  @Field(() => Int, { description: 'Current load: unresolved conversations assigned to the agent.' })
  openConversations!: number;
  @Field(() => Date, {
    nullable: true,
    description: 'Last console heartbeat; null when the agent never sent one (API-only agents).',
  })
  lastSeenAt!: Date | null;
  @Field() createdAt!: Date;
}
