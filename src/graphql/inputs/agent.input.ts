import { Field, InputType, Int } from '@nestjs/graphql';
import type { AgentRole, AgentStatus } from '../../core/agents/agent.entity';
import { AgentRoleEnum, AgentStatusEnum } from '../models/enums';

@InputType('CreateAgentInput')
export class CreateAgentInput {
  @Field() email!: string;
  @Field() name!: string;
  @Field({ description: '8 to 200 characters.' }) password!: string;
  @Field(() => AgentRoleEnum) role!: AgentRole;
  @Field(() => Int, { nullable: true, defaultValue: 5 }) capacity?: number;
}

@InputType('UpdateAgentInput', { description: 'Fields left out are unchanged.' })
export class UpdateAgentInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => AgentRoleEnum, { nullable: true }) role?: AgentRole;
  @Field(() => Int, { nullable: true }) capacity?: number;
  @Field(() => AgentStatusEnum, { nullable: true }) status?: AgentStatus;
  @Field({ nullable: true }) password?: string;
  @Field({ nullable: true, description: 'Photo shown to visitors (http(s) URL); empty string removes it.' })
  avatarUrl?: string;
}

@InputType('InviteAgentInput')
export class InviteAgentInput {
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => AgentRoleEnum) role!: AgentRole;
  @Field(() => Int, { nullable: true, defaultValue: 5 }) capacity?: number;
}
