import { Module } from '@nestjs/common';
import { ConnectorRuntimeModule } from './connectors/runtime/connector-runtime.module';
import { DeliveryProcessor } from './connectors/runtime/delivery.processor';
import { OutboxSweeper } from './core/outbox/outbox-sweeper.service';
import { JobHandlerRegistry } from './core/queue/job-handler.registry';
import { RoutingProcessor } from './routing/routing.processor';
import { RoutingModule } from './routing/routing.module';
import { StalledWorkSweeper } from './recovery/stalled-work.sweeper';

/** The worker role: BullMQ processors, the outbox sweeper and the stalled-work sweeper. */
@Module({
  imports: [ConnectorRuntimeModule, RoutingModule],
  providers: [JobHandlerRegistry, RoutingProcessor, DeliveryProcessor, OutboxSweeper, StalledWorkSweeper],
})
export class WorkerModule {}
