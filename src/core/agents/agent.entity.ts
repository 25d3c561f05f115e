import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const AGENT_ROLES = ['owner', 'admin', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];
export const AGENT_STATUSES = ['accepting', 'not_accepting', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** A person (or bot) who answers chats. */
@Entity('agents')
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('text') email!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'password_hash', select: false }) passwordHash!: string;
  @Column('text') role!: AgentRole;
  @Column('text') status!: AgentStatus;
  @Column('int') capacity!: number;
  /** Unresolved conversations assigned to this agent, kept by a database trigger (routing reads it). */
  @Column('int', { name: 'open_count' }) openCount!: number;
  @Column('timestamptz', { name: 'last_assigned_at', nullable: true }) lastAssignedAt!: Date | null;
  /** The last console heartbeat; null for agents that never sent one, whom the presence sweep leaves alone. */
  @Column('timestamptz', { name: 'last_seen_at', nullable: true }) lastSeenAt!: Date | null;
  @Column('text', { name: 'avatar_url', nullable: true }) avatarUrl!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
