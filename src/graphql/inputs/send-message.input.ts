import { Field, Float, ID, InputType } from '@nestjs/graphql';
import type { StoredAttachment } from '../../core/conversations/message.entity';
import { AttachmentKindEnum } from '../models/enums';

@InputType('AttachmentInput')
export class AttachmentInput {
  @Field(() => AttachmentKindEnum) kind!: StoredAttachment['kind'];
  @Field({ description: 'An http(s) URL the provider can fetch.' }) url!: string;
  @Field({ nullable: true }) mimeType?: string;
  @Field({ nullable: true }) name?: string;
  @Field(() => Float, { nullable: true }) sizeBytes?: number;
}

@InputType('SendMessageInput')
export class SendMessageInput {
  @Field(() => ID) conversationId!: string;
  @Field({
    description: 'Chosen by the client (e.g. a uuid); retrying with the same value returns the same message.',
  })
  clientMessageId!: string;
  @Field({ description: '1 to 10000 characters after trimming.' }) text!: string;
  @Field(() => [AttachmentInput], { nullable: true }) attachments?: AttachmentInput[];
}
