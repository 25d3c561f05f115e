import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Contact', { description: 'The customer.' })
export class ContactModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) avatarUrl!: string | null;
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field() createdAt!: Date;
}
