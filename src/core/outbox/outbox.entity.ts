import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutboxPayload } from './outbox.types';

/** A side effect written in the same transaction as the change it describes, relayed after commit. */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('jsonb') payload!: OutboxPayload;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
