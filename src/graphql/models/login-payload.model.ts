import { Field, ObjectType } from '@nestjs/graphql';
import { AgentModel } from './agent.model';

@ObjectType('LoginPayload')
export class LoginPayloadModel {
  @Field({
    description:
      'Send as Authorization: Bearer <token>, or as connectionParams.authorization on the websocket.',
  })
  token!: string;
  @Field() expiresAt!: Date;
  @Field(() => AgentModel) agent!: AgentModel;
}
