import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isAdmin, type Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import { AgentRepository } from './agent.repository';
import { assignQueuedJob } from './agent.service';
import { TeamRecord, TeamRepository } from './team.repository';

@Injectable()
export class TeamService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly teams: TeamRepository,
    private readonly agents: AgentRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async createTeam(workspaceId: string, rawName: string): Promise<TeamRecord> {
    const name = validTeamName(rawName);
    try {
      return await this.teams.insert(workspaceId, name);
    } catch (e) {
      throw nameTaken(e);
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

  /** Admins only. Removing an agent who is not a member is a no-op; unknown ids answer NOT_FOUND. */
  async removeTeamMember(actor: Principal, teamId: string, agentId: string): Promise<TeamRecord> {
    requireAdmin(actor);
    const { workspaceId } = actor;
    if (!(await this.teams.findById(workspaceId, teamId))) throw teamNotFound();
    if (!(await this.agents.findById(workspaceId, agentId)))
      throw new DomainError('NOT_FOUND', 'Agent not found.');
    await this.teams.removeMember(workspaceId, teamId, agentId);
    return this.getTeam(workspaceId, teamId);
  }

  /** Admins only. CONFLICT when another team has the name. */
  async renameTeam(actor: Principal, teamId: string, rawName: string): Promise<TeamRecord> {
    requireAdmin(actor);
    const name = validTeamName(rawName);
    let renamed: boolean;
    try {
      renamed = await this.teams.rename(actor.workspaceId, teamId, name);
    } catch (e) {
      throw nameTaken(e);
    }
    if (!renamed) throw teamNotFound();
    return this.getTeam(actor.workspaceId, teamId);
  }

  /**
   * Admins only. Conversations waiting for the team lose it and may now go to any agent, so
   * routing gets a pass over the queue in the same transaction (rule 4).
   */
  async deleteTeam(actor: Principal, teamId: string): Promise<void> {
    requireAdmin(actor);
    const { workspaceId } = actor;
    const rows = await this.db.transaction(async (tx) => {
      if (!(await this.teams.delete(tx, workspaceId, teamId))) throw teamNotFound();
      return this.outbox.append(tx, workspaceId, [assignQueuedJob(workspaceId)]);
    });
    this.relay.relayCommitted(rows);
  }
}

function validTeamName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 100)
    throw new DomainError('INVALID_INPUT', 'Team name must be 1 to 100 characters.');
  return name;
}

function requireAdmin(actor: Principal): void {
  if (!isAdmin(actor)) throw new DomainError('FORBIDDEN', 'Only admins and owners can change teams.');
}

function nameTaken(e: unknown): unknown {
  if ((e as { code?: string }).code === '23505')
    return new DomainError('CONFLICT', 'A team with this name already exists.');
  return e;
}

function teamNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'Team not found.');
}
