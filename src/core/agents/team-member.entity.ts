import { Entity, PrimaryColumn } from 'typeorm';

@Entity('team_members')
export class TeamMemberEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @PrimaryColumn('uuid', { name: 'team_id' }) teamId!: string;
  @PrimaryColumn('uuid', { name: 'agent_id' }) agentId!: string;
}
