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
  /** Null for an invited agent until they accept the invitation (login never matches it). */
  @Column('text', { name: 'password_hash', select: false, nullable: true }) passwordHash!: string | null;
  @Column('text') role!: AgentRole;
  @Column('text') status!: AgentStatus;
  @Column('int') capacity!: number;
  /** Unresolved conversations assigned to this agent, kept by a database trigger (routing reads it). */
  @Column('int', { name: 'open_count' }) openCount!: number;
  @Column('timestamptz', { name: 'last_assigned_at', nullable: true }) lastAssignedAt!: Date | null;
  /** The last console heartbeat; null for agents that never sent one, whom the presence sweep leaves alone. */
  @Column('timestamptz', { name: 'last_seen_at', nullable: true }) lastSeenAt!: Date | null;
  @Column('text', { name: 'avatar_url', nullable: true }) avatarUrl!: string | null;
  /** Set while the agent is deactivated: no login, no token, no routing. */
  @Column('timestamptz', { name: 'deactivated_at', nullable: true }) deactivatedAt!: Date | null;
  /** Login tokens carry it; a deactivation increments it, which ends every session issued before. */
  @Column('int', { name: 'session_version' }) sessionVersion!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
