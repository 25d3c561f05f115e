import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { HubConfig } from './config/config.schema';
import { InboundMessageRepository } from './conversations/inbound-message.repository';
import { RecordInboundService } from './conversations/record-inbound.service';
import { loadDerivedKeys } from './crypto/master-key';
import { dataSourceOptions } from './database/data-source-options';
import { FILE_STORAGE } from './files/file-storage';
import { FileRepository } from './files/file.repository';
import { FileService } from './files/file.service';
import { LocalDiskFileStorage } from './files/local-disk.file-storage';
import { MetricsRegistry } from './metrics/metrics.registry';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { QueueProducer } from './queue/queue-producer.service';
import { QUEUES } from './queue/queue.catalogue';
import { RateLimiter } from './rate-limit/rate-limiter.service';
import { RealtimeBus } from './realtime/realtime-bus.service';
import { openRedis } from './redis/redis-connection';
import { RedisLifecycle } from './redis/redis-lifecycle.service';
import { CLOCK, CONFIG, DERIVED_KEYS, REDIS, ROOT_LOGGER, systemClock } from './tokens';

const SHARED = [
  MetricsRegistry,
  RealtimeBus,
  OutboxRepository,
  OutboxRelay,
  QueueProducer,
  InboundMessageRepository,
  RecordInboundService,
  FileRepository,
  FileService,
  RateLimiter,
];

/** Infrastructure every role needs: configuration, PostgreSQL, Redis, queues, outbox, realtime. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: HubConfig, logger: Logger): DynamicModule {
    const redisProvider = {
      provide: REDIS,
      useFactory: () => {
        const redis = openRedis(config.REDIS_URL);
        redis.on('error', (e) => logger.warn({ err: e.message }, 'redis connection error'));
        return redis;
      },
    };
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            poolSize: config.DATABASE_POOL_SIZE,
            timeoutMs: config.DATABASE_TIMEOUT_MS,
          }),
          // Boot already proved PostgreSQL reachable; a later outage must not crash the process.
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        BullModule.forRoot({
          connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
          prefix: `${config.REDIS_PREFIX}:bull`,
        }),
        BullModule.registerQueue(...Object.keys(QUEUES).map((name) => ({ name }))),
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: CLOCK, useValue: systemClock },
        { provide: DERIVED_KEYS, useFactory: () => loadDerivedKeys(config) },
        { provide: FILE_STORAGE, useFactory: () => new LocalDiskFileStorage(config.FILE_STORAGE_DIR) },
        redisProvider,
        RedisLifecycle,
        ...SHARED,
      ],
      exports: [CONFIG, ROOT_LOGGER, CLOCK, DERIVED_KEYS, REDIS, FILE_STORAGE, BullModule, ...SHARED],
    };
  }
}
