import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CreatedIntegration,
  IntegrationService,
  IntegrationView,
} from '../../connectors/runtime/integration.service';
import { AdminOnly, CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { CreateIntegrationInput } from '../inputs/create-integration.input';
import { CreateIntegrationPayloadModel, IntegrationModel } from '../models/integration.model';
import { parseId } from '../parse-id';

@Resolver(() => IntegrationModel)
@UseGuards(GqlAuthGuard)
@AdminOnly()
export class IntegrationResolver {
  constructor(private readonly integrationsService: IntegrationService) {}

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
}
