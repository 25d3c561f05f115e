import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TagUsage')
export class TagUsageModel {
  @Field() name!: string;
  @Field(() => Int, { description: 'How many conversations of the workspace carry the tag.' })
  conversations!: number;
}
