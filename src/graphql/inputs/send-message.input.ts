import { Field, Float, ID, InputType } from '@nestjs/graphql';
import type { StoredAttachment } from '../../core/conversations/message.entity';
import { AttachmentKindEnum } from '../models/enums';

@InputType('AttachmentInput')
export class AttachmentInput {
  @Field(() => ID, {
    nullable: true,
    description: 'A file uploaded with POST /files; kind, name, type and size are taken from it.',
  })
  fileId?: string;
  @Field(() => AttachmentKindEnum, { nullable: true, description: 'Required with url.' })
  kind?: StoredAttachment['kind'];
  @Field({ nullable: true, description: 'An http(s) URL the provider can fetch (instead of fileId).' })
  url?: string;
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
  @Field({ description: 'Up to 10000 characters after trimming; may be empty when there are attachments.' })
  text!: string;
  @Field(() => [AttachmentInput], { nullable: true }) attachments?: AttachmentInput[];
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'A private note for agents: never delivered, never shown in the widget; allowed on resolved conversations.',
  })
  private?: boolean | null;
}
