import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How far one agent has read one conversation; unread counts are the contact's messages after it. */
@Entity('conversation_reads')
export class ConversationReadEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @PrimaryColumn('uuid', { name: 'conversation_id' }) conversationId!: string;
  @PrimaryColumn('uuid', { name: 'agent_id' }) agentId!: string;
  /** Only moves forward, and never past the conversation's last_seq. */
  @Column('int', { name: 'read_seq' }) readSeq!: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
