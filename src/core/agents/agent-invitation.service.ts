import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthService, LoginResult } from '../auth/auth.service';
import { PasswordHasher } from '../auth/password-hasher.service';
import type { Principal } from '../auth/principal';
import { assertCanManageRole } from '../auth/role.policy';
import type { HubConfig } from '../config/config.schema';
import { DomainError } from '../errors/domain-error';
import { Clock, CLOCK, CONFIG } from '../tokens';
import type { AgentRole } from './agent.entity';
import { AgentInvitationRepository } from './agent-invitation.repository';
import { AgentRecord, AgentRepository } from './agent.repository';
import { validCapacity, validEmail, validName, validPassword, validRole } from './agent.service';

/** How long an invitation link works: a week, long enough for a weekend and a holiday Monday. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InviteAgentInput {
  email: string;
  name: string;
  role: AgentRole;
  capacity?: number;
}

/** What an admin gets once: the link to hand to the new agent. */
export interface AgentInvitation {
  agent: AgentRecord;
  invitationUrl: string;
  expiresAt: Date;
}

/** The stored form of an invitation token: its SHA-256, hex (a leaked table opens no account). */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const INVALID_INVITATION = 'This invitation link is invalid or has expired; ask an admin for a new one.';

/**
 * Invitations: an admin creates an agent without a password and gets a one-time link
 * (`/console/invite/<token>`); the agent opens it, chooses a password and is signed in.
 */
@Injectable()
export class AgentInvitationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agents: AgentRepository,
    private readonly invitations: AgentInvitationRepository,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Only an owner may invite an owner. The agent starts OFFLINE. */
  async inviteAgent(actor: Principal, input: InviteAgentInput): Promise<AgentInvitation> {
    const role = validRole(input.role);
    assertCanManageRole(actor, role);
    const email = validEmail(input.email);
    const name = validName(input.name);
    const capacity = validCapacity(input.capacity ?? 5);
    const { workspaceId } = actor;
    const token = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + INVITATION_TTL_MS);
    try {
      const agent = await this.db.transaction(async (tx) => {
        const created = await this.agents.insert(
          workspaceId,
          { email, name, role, capacity, status: 'offline', passwordHash: null },
          tx,
        );
        await this.invitations.upsert(tx, workspaceId, created.id, invitationTokenHash(token), expiresAt);
        return created;
      });
      return { agent, invitationUrl: this.invitationUrl(token), expiresAt };
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new DomainError('CONFLICT', 'An agent with this email already exists in this workspace.');
      throw e;
    }
  }

  /**
   * A new link for an invited agent who has not accepted yet (lost or expired); the previous link
   * stops working.
   */
  async reinviteAgent(actor: Principal, agentId: string): Promise<AgentInvitation> {
    const { workspaceId } = actor;
    const token = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + INVITATION_TTL_MS);
    const agent = await this.db.transaction(async (tx) => {
      const found = await this.agents.lockAnyById(tx, workspaceId, agentId);
      if (!found) throw new DomainError('NOT_FOUND', 'Agent not found.');
      assertCanManageRole(actor, found.role);
      if (!found.invitationPending)
        throw new DomainError('CONFLICT', 'This agent has already accepted their invitation.');
      if (found.deactivated)
        throw new DomainError('CONFLICT', 'The agent is deactivated; reactivate them first.');
      await this.invitations.upsert(tx, workspaceId, found.id, invitationTokenHash(token), expiresAt);
      return found;
    });
    return { agent, invitationUrl: this.invitationUrl(token), expiresAt };
  }

  /** Sets the invited agent's password, uses the invitation up and signs them in. */
  async acceptInvitation(token: string, password: string): Promise<LoginResult> {
    validPassword(password);
    const agent = await this.db.transaction(async (tx) => {
      const invitation = await this.invitations.lockValidByTokenHash(
        tx,
        invitationTokenHash(token.trim()),
        this.clock.now(),
      );
      if (!invitation) throw new DomainError('NOT_FOUND', INVALID_INVITATION);
      const { workspaceId, agentId } = invitation;
      // Hashed only for a valid link, so guessing links costs the hub no argon2 work.
      const passwordHash = await this.hasher.hashPassword(password);
      const updated = await this.agents.update(tx, workspaceId, agentId, { passwordHash });
      await this.invitations.delete(tx, workspaceId, agentId);
      return updated;
    });
    if (!agent) throw new DomainError('NOT_FOUND', INVALID_INVITATION);
    return this.auth.startSession(agent);
  }

  private invitationUrl(token: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/console/invite/${token}`;
  }
}

/** 32 random bytes, URL-safe: unguessable, and fine in a path segment. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}
