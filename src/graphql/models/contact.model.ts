import { Field, ID, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../scalars/json.scalar';

@ObjectType('Contact', { description: 'The customer.' })
export class ContactModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) avatarUrl!: string | null;
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field(() => JsonObjectScalar, {
    description: 'Facts from channels and integrations (prechat: the latest survey answers).',
  })
  attributes!: Record<string, unknown>;
  @Field() createdAt!: Date;
}
