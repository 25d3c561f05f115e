import { DynamicModule, Module, Type } from '@nestjs/common';
import type { Logger } from 'pino';
import { ConnectorRuntimeModule } from './connectors/runtime/connector-runtime.module';
import type { HubConfig } from './core/config/config.schema';
import { CoreModule } from './core/core.module';
import { DomainModule } from './core/domain.module';
import { OpsModule } from './core/ops/ops.module';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { WorkerModule } from './worker.module';

/** One code base, three roles (ARCHITECTURE.md, Processes): the role decides which modules load. */
@Module({})
export class AppModule {
  static forRoot(config: HubConfig, logger: Logger): DynamicModule {
    const api = config.HUB_ROLE !== 'worker';
    const worker = config.HUB_ROLE !== 'api';
    const imports: (DynamicModule | Type)[] = [
      CoreModule.forRoot(config, logger),
      OpsModule,
      ConnectorRuntimeModule,
      DomainModule,
    ];
    if (api) imports.push(GraphqlApiModule.forRoot(config));
    if (worker) imports.push(WorkerModule);
    return { module: AppModule, imports };
  }
}
