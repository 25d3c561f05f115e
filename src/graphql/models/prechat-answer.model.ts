import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('PrechatAnswer', { description: 'One answer of the pre-chat survey that opened a conversation.' })
export class PrechatAnswerModel {
  @Field() fieldId!: string;
  @Field({ description: 'name, email, text, choice or consent.' }) type!: string;
  @Field({ description: 'The question as the visitor saw it; for consent, the exact wording agreed to.' })
  label!: string;
  /** GraphQL's String serializes a consent's `true` as "true". */
  @Field(() => String, { description: 'The answer; "true" for a consent given.' }) value!: string | boolean;
  @Field(() => String, { nullable: true, description: 'When it was answered (consent time).' })
  answeredAt?: string | null;
}
