import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MessageTemplate', {
  description:
    "An approved template of the integration's channel (WhatsApp), the only message allowed outside its 24-hour window. Send it with sendTemplate.",
})
export class MessageTemplateModel {
  @Field() name!: string;
  @Field({ description: 'The language code to send it with, like en_US.' }) language!: string;
  @Field(() => String, { nullable: true, description: 'MARKETING, UTILITY or AUTHENTICATION.' })
  category!: string | null;
  @Field({ description: 'The body with numbered placeholders {{1}}, {{2}}... that parameters fill.' })
  body!: string;
  @Field(() => Int, { description: 'How many parameters sendTemplate must give.' }) parameterCount!: number;
}
