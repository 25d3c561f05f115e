import { Module } from '@nestjs/common';
import { ExternalRouterClient } from './external-router.client';
import { QueueDrainer } from './queue-drainer.service';
import { RoutingAdminService } from './routing-admin.service';
import { RoutingQueueRepository } from './routing-queue.repository';
import { RoutingSettingsRepository } from './routing-settings.repository';
import { RoutingTimersRepository } from './routing-timers.repository';
import { RoutingService } from './routing.service';

@Module({
  providers: [
    RoutingQueueRepository,
    RoutingSettingsRepository,
    RoutingTimersRepository,
    ExternalRouterClient,
    QueueDrainer,
    RoutingService,
    RoutingAdminService,
  ],
  exports: [
    RoutingService,
    RoutingAdminService,
    RoutingSettingsRepository,
    RoutingQueueRepository,
    QueueDrainer,
    RoutingTimersRepository,
  ],
})
export class RoutingModule {}
