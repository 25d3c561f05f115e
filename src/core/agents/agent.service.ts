import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.service';
import type { Principal } from '../auth/principal';
import { assertCanManageRole } from '../auth/role.policy';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRecord, OutboxRepository } from '../outbox/outbox.repository';
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

/**
 * The side effects of a change to an agent, written in its transaction (rule 4): routing's
 * assign-queued when the change gives it room, and agent.status_changed when the status changed,
 * whoever changed it (the agent, an admin, the presence sweep).
 */
export function agentChangeEffects(
  workspaceId: string,
  before: Pick<AgentRecord, 'id' | 'status' | 'capacity'>,
  after: Pick<AgentRecord, 'id' | 'status' | 'capacity'>,
): OutboxPayload[] {
  const effects: OutboxPayload[] = [];
  if (freesRoutingCapacity(before, after)) effects.push(assignQueuedJob(workspaceId));
  if (after.status !== before.status)
    effects.push({
      kind: 'event',
      event: { type: 'agent.status_changed', workspaceId, agentId: after.id, status: after.status },
    });
  return effects;
}

/** How many silent agents one query of the presence sweep takes on. */
const PRESENCE_SWEEP_BATCH = 200;

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
    const agent = await this.applyChange(
      actor.workspaceId,
      patch,
      (tx) => this.agents.lockAnyById(tx, actor.workspaceId, agentId),
      (before) => {
        assertCanManageRole(actor, before.role, patch.role ?? before.role);
        if (before.deactivated && patch.status && patch.status !== 'offline')
          throw new DomainError('CONFLICT', 'The agent is deactivated; reactivate them first.');
      },
    );
    if (!agent) throw agentNotFound();
    return agent;
  }

  /** An agent sets their own availability. */
  async setMyStatus(principal: Principal, status: AgentStatus): Promise<AgentRecord> {
    return this.changeAgent(principal.workspaceId, principal.agentId, { status: validStatus(status) });
  }

  /** The console's heartbeat: records that the agent is here (see setSilentAgentsOffline). */
  async heartbeat(principal: Principal): Promise<AgentRecord> {
    const agent = await this.agents.touchLastSeen(principal.workspaceId, principal.agentId);
    if (!agent) throw agentNotFound();
    return agent;
  }

  /**
   * The presence sweep: sets OFFLINE every accepting or not-accepting agent whose console sent no
   * heartbeat for `graceSeconds` (agents that never sent one are API-only and left alone), through
   * the same locked change as any status change, so routing and subscribers see it like one.
   * Several workers may sweep at once: the condition is re-checked under the row lock. Returns
   * how many agents it set OFFLINE.
   */
  async setSilentAgentsOffline(graceSeconds: number): Promise<number> {
    let changed = 0;
    for (;;) {
      const silent = await this.agents.listSilent(graceSeconds, PRESENCE_SWEEP_BATCH);
      for (const { workspaceId, agentId } of silent) {
        const agent = await this.applyChange(workspaceId, { status: 'offline' }, (tx) =>
          this.agents.lockIfSilent(tx, workspaceId, agentId, graceSeconds),
        );
        if (agent) changed += 1;
      }
      if (silent.length < PRESENCE_SWEEP_BATCH) return changed;
    }
  }

  private async changeAgent(
    workspaceId: string,
    agentId: string,
    patch: AgentPatch,
    authorise: (before: AgentRecord) => void = () => undefined,
  ): Promise<AgentRecord> {
    const agent = await this.applyChange(
      workspaceId,
      patch,
      (tx) => this.agents.lockById(tx, workspaceId, agentId),
      authorise,
    );
    if (!agent) throw agentNotFound();
    return agent;
  }

  /**
   * Locks the agent row with `lock` (which finds nothing when the agent is missing or no longer
   * qualifies), applies the patch and writes the change's side effects in the same transaction.
   */
  private async applyChange(
    workspaceId: string,
    patch: AgentPatch,
    lock: (tx: EntityManager) => Promise<AgentRecord | undefined>,
    authorise: (before: AgentRecord) => void = () => undefined,
  ): Promise<AgentRecord | undefined> {
    const result = await this.db.transaction(
      async (tx): Promise<{ agent: AgentRecord; rows: OutboxRecord[] } | undefined> => {
        const before = await lock(tx);
        if (!before) return undefined;
        authorise(before);
        const after = (await this.agents.update(tx, workspaceId, before.id, patch)) as AgentRecord;
        const effects = agentChangeEffects(workspaceId, before, after);
        return { agent: after, rows: await this.outbox.append(tx, workspaceId, effects) };
      },
    );
    if (!result) return undefined;
    this.relay.relayCommitted(result.rows);
    return result.agent;
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

export function validRole(role: AgentRole): AgentRole {
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
