import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A saved reply an agent inserts by its shortcut: shared by the workspace (no owner) or personal
 * to one agent. The shortcut is unique per owner, and among the shared ones.
 */
@Entity('canned_responses')
export class CannedResponseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  /** null: shared by the workspace (managed by admins). */
  @Column('uuid', { name: 'owner_agent_id', nullable: true }) ownerAgentId!: string | null;
  @Column('text') shortcut!: string;
  @Column('text') title!: string;
  @Column('text') text!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
