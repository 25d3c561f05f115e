import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  CreatedIntegration,
  IntegrationService,
  IntegrationView,
} from '../../connectors/runtime/integration.service';
import { SessionAdminService } from '../../connectors/runtime/session-admin.service';
import type { SessionView } from '../../connectors/runtime/session-state';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { CreateIntegrationInput } from '../inputs/create-integration.input';
import { IntegrationSessionModel } from '../models/integration-session.model';
import { CreateIntegrationPayloadModel, IntegrationModel } from '../models/integration.model';
import { parseId } from '../parse-id';

@Resolver(() => IntegrationModel)
@UseGuards(GqlAuthGuard)
@AdminOnly()
export class IntegrationResolver {
  constructor(
    private readonly integrationsService: IntegrationService,
    private readonly sessions: SessionAdminService,
  ) {}

  @Query(() => [IntegrationModel])
  async integrations(@CurrentPrincipal() principal: Principal): Promise<IntegrationView[]> {
    return this.integrationsService.listIntegrations(principal.workspaceId);
  }

  @Query(() => IntegrationModel)
  async integration(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<IntegrationView> {
    return this.integrationsService.getIntegration(principal.workspaceId, parseId(id));
  }

  @Mutation(() => CreateIntegrationPayloadModel)
  async createIntegration(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateIntegrationInput,
  ): Promise<CreatedIntegration> {
    return this.integrationsService.createIntegration(principal.workspaceId, {
      connectorId: input.connectorId,
      name: input.name,
      settings: input.settings ?? {},
    });
  }

  @ResolveField(() => IntegrationSessionModel, {
    nullable: true,
    description:
      'The session of a connector that keeps one (WhatsApp Web: READY, NEEDS_RELINKING...); null for the others.',
  })
  async session(
    @CurrentPrincipal() principal: Principal,
    @Parent() integration: IntegrationView,
  ): Promise<SessionView | null> {
    if (!this.sessions.hasSession(integration)) return null;
    return this.sessions.sessionOf(principal.workspaceId, integration.id);
  }
}
