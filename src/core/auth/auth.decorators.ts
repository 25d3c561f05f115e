import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AgentRole } from '../agents/agent.entity';
import { DomainError } from '../errors/domain-error';
import type { AuthContext } from './auth-context';
import { ADMIN_ROLES, Principal } from './principal';

export const PUBLIC_KEY = 'switchboard:public';
export const ROLES_KEY = 'switchboard:roles';

/** The operation needs no login (login itself). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The operation needs one of `roles`; anyone else gets FORBIDDEN. */
export const RequireRole = (...roles: AgentRole[]) => SetMetadata(ROLES_KEY, roles);

/** Owners and admins only. */
export const AdminOnly = () => RequireRole(...ADMIN_ROLES);

/** The authenticated caller; GqlAuthGuard guarantees it is there. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = GqlExecutionContext.create(context).getContext<AuthContext>().principal;
    if (!principal)
      throw new DomainError('UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <token>.');
    return principal;
  },
);
