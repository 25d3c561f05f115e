import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { AgentRole, AgentStatus } from '../../core/agents/agent.entity';
import { JsonObjectScalar } from '../scalars/json.scalar';
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
  @Field({ description: 'A deactivated agent cannot log in, its tokens fail and routing never picks it.' })
  deactivated!: boolean;
  @Field({ description: 'Invited and has not chosen a password yet (reinviteAgent makes a new link).' })
  invitationPending!: boolean;
  @Field(() => JsonObjectScalar, {
    description: 'Routing skills: { "billing": 3 } (levels 1-5); set with setAgentSkills.',
  })
  skills!: Record<string, number>;
  @Field() createdAt!: Date;
}
