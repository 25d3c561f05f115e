import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MessageDirection = 'inbound' | 'outbound';
export const AUTHOR_KINDS = ['contact', 'agent', 'bot', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An attachment as stored on a message. */
export interface StoredAttachment {
  kind: 'image' | 'video' | 'audio' | 'file';
  /** An upload kept by the hub (FileService); its URL is signed for each viewer. */
  fileId?: string;
  /** Another channel's URL, kept as received. */
  url?: string;
  mimeType?: string;
  name?: string;
  sizeBytes?: number;
}

/** One item in a conversation, ordered by its per-conversation `seq`. */
@Entity('messages')
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId!: string;
  @Column('uuid', { name: 'integration_id' }) integrationId!: string;
  @Column('int') seq!: number;
  @Column('text') direction!: MessageDirection;
  @Column('text', { name: 'author_kind' }) authorKind!: AuthorKind;
  @Column('uuid', { name: 'author_agent_id', nullable: true }) authorAgentId!: string | null;
  @Column('text', { nullable: true }) text!: string | null;
  @Column('jsonb') attachments!: StoredAttachment[];
  /** An agent's note: outbound, never delivered (no delivery status), never shown to the contact. */
  @Column('boolean') private!: boolean;
  /** Inbound: the provider's id, the dedupe key. */
  @Column('text', { name: 'external_id', nullable: true }) externalId!: string | null;
  /** Outbound: the id the agent's client chose, so a retried sendMessage is a no-op. */
  @Column('text', { name: 'client_message_id', nullable: true }) clientMessageId!: string | null;
  /** Outbound: the provider's id once sent; delivery receipts find the message by it. */
  @Column('text', { name: 'provider_message_id', nullable: true }) providerMessageId!: string | null;
  @Column('text', { name: 'delivery_status', nullable: true }) deliveryStatus!: DeliveryStatus | null;
  @Column('text', { name: 'failure_reason', nullable: true }) failureReason!: string | null;
  @Column('int', { name: 'delivery_attempts' }) deliveryAttempts!: number;
  @Column('timestamptz', { name: 'delivery_claimed_until', nullable: true })
  deliveryClaimedUntil!: Date | null;
  /** When a failed delivery is next due; the recovery sweep leaves the message alone until then. */
  @Column('timestamptz', { name: 'delivery_not_before', nullable: true }) deliveryNotBefore!: Date | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
