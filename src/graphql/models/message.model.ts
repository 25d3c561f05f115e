import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type {
  AuthorKind,
  DeliveryStatus,
  MessageDirection,
  StoredAttachment,
} from '../../core/conversations/message.entity';
import { AttachmentKindEnum, AuthorKindEnum, DeliveryStatusEnum, MessageDirectionEnum } from './enums';

@ObjectType('Attachment')
export class AttachmentModel {
  @Field(() => AttachmentKindEnum) kind!: StoredAttachment['kind'];
  @Field(() => ID, { nullable: true, description: 'Set for files kept by the hub.' }) fileId?: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Where to fetch it; for files kept by the hub a signed URL that expires (FILE_URL_TTL_SECONDS).',
  })
  url?: string;
  @Field(() => String, { nullable: true }) mimeType?: string;
  @Field(() => String, { nullable: true }) name?: string;
  /** Float: GraphQL's Int stops at 2 GiB. */
  @Field(() => Float, { nullable: true }) sizeBytes?: number;
}

@ObjectType('Message', { description: 'One item of a conversation, ordered by seq.' })
export class MessageModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => Int, { description: 'Position in the conversation: 1, 2, 3... without gaps.' }) seq!: number;
  @Field(() => MessageDirectionEnum) direction!: MessageDirection;
  @Field(() => AuthorKindEnum) authorKind!: AuthorKind;
  @Field(() => ID, { nullable: true }) authorAgentId!: string | null;
  @Field(() => String, { nullable: true }) text!: string | null;
  @Field(() => [AttachmentModel]) attachments!: AttachmentModel[];
  @Field({ description: 'A private note: agents only, never delivered, never shown in the widget.' })
  private!: boolean;
  @Field(() => String, { nullable: true }) clientMessageId!: string | null;
  @Field(() => DeliveryStatusEnum, { nullable: true, description: 'Outbound messages only.' })
  deliveryStatus!: DeliveryStatus | null;
  @Field(() => String, { nullable: true }) failureReason!: string | null;
  @Field() occurredAt!: Date;
  @Field() createdAt!: Date;
}
