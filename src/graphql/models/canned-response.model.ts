import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('CannedResponse', {
  description: "A saved reply: shared by the workspace (managed by admins) or the caller's own.",
})
export class CannedResponseModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'Lower-case a-z, 0-9, - and _; unique per owner (shared ones: per workspace).' })
  shortcut!: string;
  @Field() title!: string;
  @Field() text!: string;
  @Field({ description: "Shared by the workspace; false: the caller's own." })
  shared!: boolean;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}
