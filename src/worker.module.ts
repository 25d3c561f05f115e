import { Module } from '@nestjs/common';
import { ConnectorRuntimeModule } from './connectors/runtime/connector-runtime.module';
import { SessionHost } from './connectors/runtime/session-host.service';
import { DeliveryProcessor } from './connectors/runtime/delivery.processor';
import { DomainModule } from './core/domain.module';
import { OutboxSweeper } from './core/outbox/outbox-sweeper.service';
import { JobHandlerRegistry } from './core/queue/job-handler.registry';
import { PresenceSweeper } from './routing/presence.sweeper';
import { RoutingProcessor } from './routing/routing.processor';
import { RoutingModule } from './routing/routing.module';
import { RoutingTimers } from './routing/routing-timers.service';
import { StalledWorkSweeper } from './recovery/stalled-work.sweeper';

/** The worker role: BullMQ processors, the outbox, stalled-work and presence sweepers, routing timers, connector sessions. */
@Module({
  imports: [ConnectorRuntimeModule, RoutingModule, DomainModule],
  providers: [
    JobHandlerRegistry,
    RoutingProcessor,
    DeliveryProcessor,
    OutboxSweeper,
    StalledWorkSweeper,
    PresenceSweeper,
    RoutingTimers,
    SessionHost,
  ],
})
export class WorkerModule {}
