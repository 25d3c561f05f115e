import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { SessionAdminService } from '../../connectors/runtime/session-admin.service';
import type { SessionView } from '../../connectors/runtime/session-state';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { IntegrationSessionModel } from '../models/integration-session.model';
import { parseId } from '../parse-id';

/** Linking and watching WhatsApp Web (and any connector session): admins only. */
@Resolver(() => IntegrationSessionModel)
@UseGuards(GqlAuthGuard)
@AdminOnly()
export class IntegrationSessionResolver {
  constructor(private readonly sessions: SessionAdminService) {}

  @Query(() => IntegrationSessionModel, {
    nullable: true,
    description: "The integration's session now; null when its connector keeps no session.",
  })
  async integrationSession(
    @CurrentPrincipal() principal: Principal,
    @Args('integrationId', { type: () => ID }) integrationId: string,
  ): Promise<SessionView | null> {
    return this.sessions.sessionOf(principal.workspaceId, parseId(integrationId));
  }

  @Mutation(() => IntegrationSessionModel, {
    description:
      'Restarts the session now (backoff reset); when the phone is not linked a new QR code follows on integrationSession.',
  })
  async relinkIntegration(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<SessionView> {
    return this.sessions.requestRelink(principal.workspaceId, parseId(id));
  }

  @Subscription(() => IntegrationSessionModel, {
    name: 'integrationSession',
    description:
      'The session state now, then every change (graphql-ws): QR codes while linking, READY, NEEDS_RELINKING after a logout.',
    resolve: (view: SessionView) => view,
  })
  async watchIntegrationSession(
    @CurrentPrincipal() principal: Principal,
    @Args('integrationId', { type: () => ID }) integrationId: string,
  ): Promise<AsyncIterableIterator<SessionView>> {
    return this.sessions.watch(principal.workspaceId, parseId(integrationId));
  }
}
