import { Field, ID, InputType } from '@nestjs/graphql';

@InputType('SendTemplateInput')
export class SendTemplateInput {
  @Field(() => ID) conversationId!: string;
  @Field({
    description: 'Chosen by the client (e.g. a uuid); retrying with the same value returns the same message.',
  })
  clientMessageId!: string;
  @Field({ description: 'An approved template of the conversation’s integration (messageTemplates).' })
  templateName!: string;
  @Field({ description: 'Its language code, like en_US.' }) language!: string;
  @Field(() => [String], {
    description: 'The body’s {{1}}, {{2}}... values, in order; as many as parameterCount.',
  })
  parameters!: string[];
}
