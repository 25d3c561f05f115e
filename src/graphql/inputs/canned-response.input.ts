import { Field, InputType } from '@nestjs/graphql';

@InputType('CannedResponseInput')
export class CannedResponseInput {
  @Field({ description: '1 to 40 characters of a-z, 0-9, - and _ (trimmed and lower-cased).' })
  shortcut!: string;
  @Field({ description: '1 to 100 characters.' }) title!: string;
  @Field({ description: '1 to 5000 characters.' }) text!: string;
  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Shared by the whole workspace (admins only) instead of personal to the caller.',
  })
  shared?: boolean;
}
