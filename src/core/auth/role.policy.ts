import type { AgentRole } from '../agents/agent.entity';
import { DomainError } from '../errors/domain-error';
import { isAdmin, Principal } from './principal';

/**
 * Who may create or change an agent with `targetRole`: admins manage agents and admins; only an
 * owner may create an owner, promote to owner or change an existing owner, so an admin cannot
 * take over the workspace.
 */
export function canManageRole(actorRole: AgentRole, targetRole: AgentRole): boolean {
  if (!isAdmin({ role: actorRole })) return false;
  return targetRole !== 'owner' || actorRole === 'owner';
}

export function assertCanManageRole(actor: Principal, ...targetRoles: AgentRole[]): void {
  for (const role of targetRoles) {
    if (!canManageRole(actor.role, role))
      throw new DomainError('FORBIDDEN', `Your role (${actor.role}) cannot manage agents with role ${role}.`);
  }
}
