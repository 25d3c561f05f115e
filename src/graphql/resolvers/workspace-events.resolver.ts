import { UseGuards } from '@nestjs/common';
import { Resolver, Subscription } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import { RealtimeBus } from '../../core/realtime/realtime-bus.service';
import { WorkspaceEventModel } from '../models/workspace-event.model';
import { workspaceEventStream } from '../subscriptions/workspace-event.stream';

@Resolver(() => WorkspaceEventModel)
@UseGuards(GqlAuthGuard)
export class WorkspaceEventsResolver {
  constructor(private readonly bus: RealtimeBus) {}

  @Subscription(() => WorkspaceEventModel, {
    description:
      "Live changes in the caller's workspace (graphql-ws; authenticate with connectionParams.authorization).",
    resolve: (event: WorkspaceEventModel) => event,
  })
  async workspaceEvents(
    @CurrentPrincipal() principal: Principal,
  ): Promise<AsyncIterableIterator<WorkspaceEventModel>> {
    return workspaceEventStream(await this.bus.iterate(principal.workspaceId), principal);
  }
}
