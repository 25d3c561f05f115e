import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.service';
import type { Principal } from '../auth/principal';
import { assertCanManageRole } from '../auth/role.policy';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import { AGENT_ROLES, AGENT_STATUSES, AgentRole, AgentStatus } from './agent.entity';
import { AgentPatch, AgentRecord, AgentRepository } from './agent.repository';

export interface CreateAgentInput {
  email: string;
  name: string;
  password: string;
  role: AgentRole;
  capacity?: number;
  status?: AgentStatus;
}

export interface UpdateAgentInput {
  name?: string;
  role?: AgentRole;
  capacity?: number;
  status?: AgentStatus;
  password?: string;
  avatarUrl?: string;
}

/**
 * Asks routing to hand queued conversations to whoever has room. Not deduplicated: a job that is
 * already running may have looked before this change, so each change gets its own (cheap) pass.
 */
export function assignQueuedJob(workspaceId: string): OutboxPayload {
  return { kind: 'job', queue: 'routing', name: 'assign-queued', data: { workspaceId } };
}

/** Whether a change to an agent can let routing assign more: it started accepting or has more room. */
export function freesRoutingCapacity(
  before: Pick<AgentRecord, 'status' | 'capacity'>,
  after: Pick<AgentRecord, 'status' | 'capacity'>,
): boolean {
  if (after.status !== 'accepting') return false;
  return before.status !== 'accepting' || after.capacity > before.capacity;
}

@Injectable()
export class AgentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agents: AgentRepository,
    private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async createAgent(actor: Principal, input: CreateAgentInput): Promise<AgentRecord> {
    assertCanManageRole(actor, input.role);
    return this.insertAgent(actor.workspaceId, input);
  }

  /** Creates a workspace's first owner (workspace bootstrap, demo seed): the caller is trusted. */
  async createOwner(workspaceId: string, input: Omit<CreateAgentInput, 'role'>): Promise<AgentRecord> {
    return this.insertAgent(workspaceId, { ...input, role: 'owner' });
  }

  async getAgent(workspaceId: string, agentId: string): Promise<AgentRecord> {
    const agent = await this.agents.findById(workspaceId, agentId);
    if (!agent) throw agentNotFound();
    return agent;
  }

  async listAgents(workspaceId: string): Promise<AgentRecord[]> {
    return this.agents.listInWorkspace(workspaceId);
  }

  async updateAgent(actor: Principal, agentId: string, input: UpdateAgentInput): Promise<AgentRecord> {
    const patch: AgentPatch = {
      name: input.name === undefined ? undefined : validName(input.name),
      role: input.role === undefined ? undefined : validRole(input.role),
      capacity: input.capacity === undefined ? undefined : validCapacity(input.capacity),
      status: input.status === undefined ? undefined : validStatus(input.status),
      passwordHash:
        input.password === undefined
          ? undefined
          : await this.hasher.hashPassword(validPassword(input.password)),
      avatarUrl: input.avatarUrl === undefined ? undefined : validAvatarUrl(input.avatarUrl),
    };
    return this.changeAgent(actor.workspaceId, agentId, patch, (before) =>
      assertCanManageRole(actor, before.role, patch.role ?? before.role),
    );
  }

  /** An agent sets their own availability. */
  async setMyStatus(principal: Principal, status: AgentStatus): Promise<AgentRecord> {
    return this.changeAgent(principal.workspaceId, principal.agentId, { status: validStatus(status) });
  }

  /**
   * Locks the agent row, applies the patch and, in the same transaction, asks routing to assign
   * queued conversations when the change gives it room (rule 4).
   */
  private async changeAgent(
    workspaceId: string,
    agentId: string,
    patch: AgentPatch,
    authorise: (before: AgentRecord) => void = () => undefined,
  ): Promise<AgentRecord> {
    const { agent, rows } = await this.db.transaction(async (tx) => {
      const before = await this.agents.lockById(tx, workspaceId, agentId);
      if (!before) throw agentNotFound();
      authorise(before);
      const after = (await this.agents.update(tx, workspaceId, agentId, patch)) as AgentRecord;
      const payloads = freesRoutingCapacity(before, after) ? [assignQueuedJob(workspaceId)] : [];
      return { agent: after, rows: await this.outbox.append(tx, workspaceId, payloads) };
    });
    this.relay.relayCommitted(rows);
    return agent;
  }

  private async insertAgent(workspaceId: string, input: CreateAgentInput): Promise<AgentRecord> {
    const email = validEmail(input.email);
    const name = validName(input.name);
    const role = validRole(input.role);
    const capacity = validCapacity(input.capacity ?? 5);
    const status = validStatus(input.status ?? 'offline');
    const passwordHash = await this.hasher.hashPassword(validPassword(input.password));
    try {
      return await this.agents.insert(workspaceId, { email, name, role, capacity, status, passwordHash });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new DomainError('CONFLICT', 'An agent with this email already exists in this workspace.');
      throw e;
    }
  }
}

function agentNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'Agent not found.');
}

export function validEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new DomainError('INVALID_INPUT', 'email must be a valid email address.');
  return email;
}

export function validName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 100)
    throw new DomainError('INVALID_INPUT', 'name must be 1 to 100 characters.');
  return name;
}

export function validPassword(password: string): string {
  if (password.length < 8 || password.length > 200)
    throw new DomainError('INVALID_INPUT', 'password must be 8 to 200 characters.');
  return password;
}

export function validCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1000)
    throw new DomainError('INVALID_INPUT', 'capacity must be a whole number from 0 to 1000.');
  return capacity;
}

function validRole(role: AgentRole): AgentRole {
  if (!AGENT_ROLES.includes(role))
    throw new DomainError('INVALID_INPUT', `role must be one of ${AGENT_ROLES.join(', ')}.`);
  return role;
}

function validStatus(status: AgentStatus): AgentStatus {
  if (!AGENT_STATUSES.includes(status))
    throw new DomainError('INVALID_INPUT', `status must be one of ${AGENT_STATUSES.join(', ')}.`);
  return status;
}

/** An http(s) URL of at most 2,000 characters, or '' to clear the photo. */
function validAvatarUrl(url: string): string {
  const value = url.trim();
  if (value === '') return '';
  if (value.length > 2000 || !/^https?:\/\/[^\s"'<>]+$/i.test(value))
    throw new DomainError(
      'INVALID_INPUT',
      'avatarUrl must be an http(s) URL (or empty to remove the photo).',
    );
  return value;
}
