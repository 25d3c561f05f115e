import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CONVERSATION_STATUSES = ['queued', 'open', 'pending', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** One thread between a contact and the workspace on one integration. */
@Entity('conversations')
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('uuid', { name: 'integration_id' }) integrationId!: string;
  @Column('uuid', { name: 'contact_id' }) contactId!: string;
  /** Separates several conversations of one contact on one integration; '' when the platform has one. */
  @Column('text', { name: 'thread_key' }) threadKey!: string;
  @Column('text') status!: ConversationStatus;
  @Column('uuid', { name: 'assignee_id', nullable: true }) assigneeId!: string | null;
  @Column('uuid', { name: 'team_id', nullable: true }) teamId!: string | null;
  @Column('int', { name: 'last_seq' }) lastSeq!: number;
  @Column('timestamptz', { name: 'last_message_at', nullable: true }) lastMessageAt!: Date | null;
  @Column('timestamptz', { name: 'assigned_at', nullable: true }) assignedAt!: Date | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  /** Pre-chat answers (PrechatAnswer[]) taken with the first message. */
  @Column('jsonb', { nullable: true }) prechat!: unknown[] | null;
  /** Lowercase labels agents set (1-40 chars of a-z 0-9 - _), kept sorted; GIN-indexed per workspace. */
  @Column('text', { array: true }) tags!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
