import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConnectorRuntimeModule } from '../../src/connectors/runtime/connector-runtime.module';
import { loadConfig } from '../../src/core/config/load-config';
import { CoreModule } from '../../src/core/core.module';
import { DomainModule } from '../../src/core/domain.module';
import { createRootLogger } from '../../src/core/logging/logger';
import { RoutingModule } from '../../src/routing/routing.module';

/**
 * The hub's services without HTTP or workers, against this run's database and Redis prefix: what
 * integration tests exercise. Each call is a separate pool, like a separate process.
 */
export async function createServiceContext(): Promise<INestApplicationContext> {
  const config = loadConfig({ ...process.env, SEED_DEMO: 'false' }, []);
  @Module({
    imports: [
      CoreModule.forRoot(config, createRootLogger('silent')),
      DomainModule,
      ConnectorRuntimeModule,
      RoutingModule,
    ],
  })
  class ServiceContextModule {}
  return NestFactory.createApplicationContext(ServiceContextModule, { logger: false });
}
