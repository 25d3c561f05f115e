import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AgentTierEnum } from './enums';
import { JsonObjectScalar } from '../scalars/json.scalar';

@ObjectType('RoutingQueue', {
  description:
    "A team's queue, or the workspace pool's (teamId null): conversations no rule sends to a team.",
})
export class RoutingQueueModel {
  @Field(() => ID, { nullable: true }) teamId!: string | null;
  @Field(() => String, { nullable: true }) teamName!: string | null;
  @Field(() => Int) waiting!: number;
  @Field(() => Int, { nullable: true, description: 'Seconds the longest-waiting conversation has waited.' })
  oldestWaitSeconds!: number | null;
  @Field({ description: 'round_robin, least_busy, skills_weighted or manual.' }) strategy!: string;
  @Field(() => Int, { description: 'Members accepting chats now.' }) acceptingAgents!: number;
  @Field(() => Int, { description: 'Chats those agents can still take before reaching capacity.' })
  freeSlots!: number;
  @Field(() => Int, { description: 'The wait this queue aims for (its slaSeconds setting).' })
  slaSeconds!: number;
  @Field(() => Int, { description: 'Conversations waiting longer than slaSeconds now.' }) overSla!: number;
}

@ObjectType('ConversationRouting', {
  description: 'Where routing sent a conversation and why (docs/routing.md).',
})
export class ConversationRoutingModel {
  @Field(() => Int, { description: '0-100, higher is served first.' }) priority!: number;
  @Field(() => Int, { nullable: true, description: 'Place in its queue (1 = next) while it waits.' })
  queuePosition!: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      "Estimated seconds until an agent takes it: position × the queue's average handling time ÷ its accepting agents' capacity; null when nobody accepts.",
  })
  etaSeconds!: number | null;
  @Field(() => JsonObjectScalar, {
    nullable: true,
    description:
      'ruleId/ruleName (null: the default), teamId, strategy, choice (preferred_agent, returning_customer, external_router, picked or the strategy), tier, decidedAt, assignedAt; overflow and reassigned when a timer moved it.',
  })
  reason!: Record<string, unknown> | null;
}

@ObjectType('TeamMemberTier', {
  description: "A member's priority tier in the team (docs/routing.md, Tiers).",
})
export class TeamMemberTierModel {
  @Field(() => ID) agentId!: string;
  @Field(() => AgentTierEnum) tier!: (typeof AgentTierEnum)[keyof typeof AgentTierEnum];
}

@ObjectType('ExternalRouter', {
  description: 'The service asked which agent takes a chat; its secret is never returned.',
})
export class ExternalRouterModel {
  @Field() url!: string;
  @Field(() => Int) timeoutMs!: number;
}
