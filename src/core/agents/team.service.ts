import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { AgentRepository } from './agent.repository';
import { TeamRecord, TeamRepository } from './team.repository';

@Injectable()
export class TeamService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly agents: AgentRepository,
  ) {}

  async createTeam(workspaceId: string, rawName: string): Promise<TeamRecord> {
    const name = rawName.trim();
    if (name.length === 0 || name.length > 100)
      throw new DomainError('INVALID_INPUT', 'Team name must be 1 to 100 characters.');
    try {
      return await this.teams.insert(workspaceId, name);
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new DomainError('CONFLICT', 'A team with this name already exists.');
      throw e;
    }
  }

  async getTeam(workspaceId: string, teamId: string): Promise<TeamRecord> {
    const team = await this.teams.findById(workspaceId, teamId);
    if (!team) throw teamNotFound();
    return team;
  }

  async listTeams(workspaceId: string): Promise<TeamRecord[]> {
    return this.teams.listInWorkspace(workspaceId);
  }

  /** Both must exist in the caller's workspace; another workspace's ids answer NOT_FOUND. */
  async addTeamMember(workspaceId: string, teamId: string, agentId: string): Promise<TeamRecord> {
    if (!(await this.teams.findById(workspaceId, teamId))) throw teamNotFound();
    if (!(await this.agents.findById(workspaceId, agentId)))
      throw new DomainError('NOT_FOUND', 'Agent not found.');
    await this.teams.addMember(workspaceId, teamId, agentId);
    return this.getTeam(workspaceId, teamId);
  }
}

function teamNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'Team not found.');
}
