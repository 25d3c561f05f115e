import { Field, ObjectType } from '@nestjs/graphql';
import { AgentModel } from './agent.model';

@ObjectType('AgentInvitation')
export class AgentInvitationModel {
  @Field(() => AgentModel) agent!: AgentModel;
  @Field({
    description:
      'PUBLIC_BASE_URL/console/invite/<token>: hand it to the agent. Shown only here, once; the hub keeps only a hash.',
  })
  invitationUrl!: string;
  @Field({ description: 'The link stops working after this (7 days).' }) expiresAt!: Date;
}
