import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('ContactIdentity', { description: 'How one integration knows the contact.' })
export class ContactIdentityModel {
  @Field(() => ID) integrationId!: string;
  @Field() integrationName!: string;
  @Field({ description: 'The connector of the integration (widget, api...).' }) connectorId!: string;
  @Field({ description: 'The id the integration knows the contact by.' }) externalId!: string;
}
