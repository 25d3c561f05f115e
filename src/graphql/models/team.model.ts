import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AgentModel } from './agent.model';

@ObjectType('Team')
export class TeamModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [AgentModel]) members!: AgentModel[];
  @Field() createdAt!: Date;
}
