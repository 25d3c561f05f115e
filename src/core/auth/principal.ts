import type { AgentRole } from '../agents/agent.entity';

/** Who is calling: an authenticated agent, in exactly one workspace. */
export interface Principal {
  agentId: string;
  workspaceId: string;
  role: AgentRole;
}

export const ADMIN_ROLES: readonly AgentRole[] = ['owner', 'admin'];

export function isAdmin(principal: Pick<Principal, 'role'>): boolean {
  return ADMIN_ROLES.includes(principal.role);
}
