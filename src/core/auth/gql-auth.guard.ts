import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AgentRole } from '../agents/agent.entity';
import { DomainError } from '../errors/domain-error';
import type { AuthContext } from './auth-context';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { AuthService } from './auth.service';

/**
 * Authenticates every GraphQL operation of a resolver it guards (unless @Public) and enforces
 * @RequireRole. It throws DomainErrors, so the one error mapper decides what the client sees.
 */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const ctx = GqlExecutionContext.create(context).getContext<AuthContext>();
    ctx.principal ??= await this.auth.authenticate(ctx.req?.headers.authorization);
    const roles = this.reflector.getAllAndOverride<AgentRole[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(ctx.principal.role)) {
      throw new DomainError('FORBIDDEN', `This operation needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }
}
