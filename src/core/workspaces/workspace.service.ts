import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { WorkspaceRecord, WorkspaceRepository } from './workspace.repository';

@Injectable()
export class WorkspaceService {
  constructor(private readonly workspaces: WorkspaceRepository) {}

  async createWorkspace(name: string): Promise<WorkspaceRecord> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 200)
      throw new DomainError('INVALID_INPUT', 'Workspace name must be 1 to 200 characters.');
    return this.workspaces.insert(trimmed);
  }

  async getWorkspace(workspaceId: string): Promise<WorkspaceRecord> {
    const found = await this.workspaces.findById(workspaceId);
    if (!found) throw new DomainError('NOT_FOUND', 'Workspace not found.');
    return found;
  }
}
