import { Module, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { QueueProducer } from '../queue/queue-producer.service';
import { HealthService } from './health.service';
import { OpsController } from './ops.controller';

@Module({ controllers: [OpsController], providers: [HealthService] })
export class OpsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly queues: QueueProducer,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'switchboard_queue_jobs',
      'Jobs per queue and state',
      ['queue', 'state'],
      async (gauge) => {
        for (const [queue, counts] of Object.entries(await this.queues.depths())) {
          for (const [state, n] of Object.entries(counts)) gauge.set({ queue, state }, n);
        }
      },
    );
  }
}
