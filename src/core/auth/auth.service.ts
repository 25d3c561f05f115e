import { Injectable } from '@nestjs/common';
import { AgentRecord, AgentRepository } from '../agents/agent.repository';
import { DomainError } from '../errors/domain-error';
import { AuthTokenService } from './auth-token.service';
import { parseBearer } from './bearer-token';
import { PasswordHasher } from './password-hasher.service';
import type { Principal } from './principal';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  agent: AgentRecord;
}

/** One answer for every failed login, so the API never tells which emails exist. */
const BAD_CREDENTIALS = 'Invalid email or password.';

@Injectable()
export class AuthService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AuthTokenService,
  ) {}

  /**
   * Emails are unique per workspace, so one email may name agents in several workspaces. The
   * password is checked before we say "pass workspaceId": only someone who knows a valid
   * password learns that the email spans workspaces.
   */
  async login(email: string, password: string, workspaceId?: string): Promise<LoginResult> {
    const candidates = await this.agents.findCredentialsByEmail(email.trim().toLowerCase(), workspaceId);
    if (candidates.length === 0) {
      await this.hasher.verifyAgainstDummy(password);
      throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
    }
    const matching = [];
    for (const candidate of candidates) {
      if (await this.hasher.verifyPassword(candidate.passwordHash, password)) matching.push(candidate);
    }
    if (matching.length === 0) throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
    if (candidates.length > 1) {
      throw new DomainError(
        'INVALID_INPUT',
        'This email belongs to agents in several workspaces: pass workspaceId to choose one.',
      );
    }
    const agent = await this.agents.findById(matching[0].workspaceId, matching[0].id);
    // Deleted or deactivated meanwhile.
    if (!agent || agent.deactivated) throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
    return this.startSession(agent);
  }

  /** A login token for an agent who just proved who they are (password, accepted invitation). */
  async startSession(agent: AgentRecord): Promise<LoginResult> {
    const state = await this.agents.findSessionState(agent.workspaceId, agent.id);
    if (!state || state.deactivated) throw new DomainError('UNAUTHENTICATED', BAD_CREDENTIALS);
    const { token, expiresAt } = await this.tokens.issue({
      agentId: agent.id,
      workspaceId: agent.workspaceId,
      sessionVersion: state.sessionVersion,
    });
    return { token, expiresAt, agent };
  }

  /**
   * Resolves an `Authorization: Bearer` value to a principal. The agent is reloaded so a deleted
   * or deactivated agent's token stops working at once and a role change applies to the next
   * request.
   */
  async authenticate(authorization: unknown): Promise<Principal> {
    const token = parseBearer(authorization);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>.');
    const claims = await this.tokens.verify(token);
    const agent = await this.agents.findSessionState(claims.workspaceId, claims.agentId);
    if (!agent || agent.deactivated || agent.sessionVersion !== claims.sessionVersion)
      throw new DomainError('UNAUTHENTICATED', 'Invalid or expired token; log in again.');
    return { agentId: agent.id, workspaceId: agent.workspaceId, role: agent.role };
  }
}
