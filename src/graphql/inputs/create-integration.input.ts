import { Field, InputType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../scalars/json.scalar';

@InputType('CreateIntegrationInput')
export class CreateIntegrationInput {
  @Field({ description: 'An installed connector id, e.g. "api".' }) connectorId!: string;
  @Field() name!: string;
  @Field(() => JsonObjectScalar, {
    nullable: true,
    description: "Settings as the connector's schema defines them; omitted secrets are generated.",
  })
  settings?: Record<string, unknown>;
}
