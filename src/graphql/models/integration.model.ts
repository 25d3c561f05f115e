import { Field, ID, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../scalars/json.scalar';

/** Never carries secrets (rule 7): IntegrationView has none to give. */
@ObjectType('Integration')
export class IntegrationModel {
  @Field(() => ID) id!: string;
  @Field() connectorId!: string;
  @Field() name!: string;
  @Field(() => JsonObjectScalar, { description: 'Non-secret settings.' }) settings!: Record<string, unknown>;
  @Field() enabled!: boolean;
  @Field({ description: 'Where the provider must send webhooks.' }) webhookUrl!: string;
  @Field() createdAt!: Date;
}

@ObjectType('CreateIntegrationPayload')
export class CreateIntegrationPayloadModel {
  @Field(() => IntegrationModel) integration!: IntegrationModel;
  @Field(() => JsonObjectScalar, {
    description: 'Secrets the hub generated (e.g. a signing secret). Shown only here, once: store them now.',
  })
  generatedSecrets!: Record<string, string>;
}
