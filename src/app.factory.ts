import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { WebhookIngestService } from './connectors/runtime/webhook-ingest.service';
import { registerWebhookRoutes } from './connectors/runtime/webhook.routes';
import type { HubConfig } from './core/config/config.schema';
import { ConsoleRoutes } from './console/console.routes';
import { FileRoutes } from './core/files/file.routes';
import { PinoNestLogger } from './core/logging/pino-nest-logger';
import { MetricsRegistry } from './core/metrics/metrics.registry';
import { WidgetGateway } from './widget/widget.gateway';
import { WidgetRoutes } from './widget/widget.routes';

/**
 * Compiles the application module another way than NestFactory does: the e2e tests pass one that
 * overrides providers (`Test.createTestingModule(...).overrideProvider(...)`), e.g. to give a
 * connector a test double of its client, with no test branch in the hub itself.
 */
export type HubModuleCompiler = (module: DynamicModule) => Promise<{
  createNestApplication<T extends INestApplication>(
    adapter: FastifyAdapter,
    options: NestApplicationOptions,
  ): T;
}>;

/** Builds the hub for a role, ready to `listen`. Used by main.ts and by the e2e tests. */
export async function createHubApp(
  config: HubConfig,
  logger: Logger,
  compile?: HubModuleCompiler,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    trustProxy: config.TRUST_PROXY,
    forceCloseConnections: 'idle',
  });
  const module = AppModule.forRoot(config, logger);
  const options: NestApplicationOptions = {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    bufferLogs: false,
  };
  const app = compile
    ? (await compile(module)).createNestApplication<NestFastifyApplication>(adapter, options)
    : await NestFactory.create<NestFastifyApplication>(module, adapter, options);
  const fastify = app.getHttpAdapter().getInstance();

  const latency = app
    .get(MetricsRegistry)
    .histogram(
      'switchboard_http_request_duration_seconds',
      'HTTP request latency',
      ['method', 'route', 'status'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
  fastify.addHook('onResponse', async (req, reply) => {
    latency.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  if (config.HUB_ROLE !== 'worker') {
    await registerWebhookRoutes(fastify, app.get(WebhookIngestService), config.WEBHOOK_BODY_LIMIT_BYTES);
    await app.get(WidgetRoutes).register(fastify);
    await app.get(FileRoutes).register(fastify);
    await app.get(ConsoleRoutes).register(fastify);
  }
  await app.init();
  if (config.HUB_ROLE !== 'worker') {
    const gateway = app.get(WidgetGateway);
    gateway.attach(app.getHttpServer());
    // Widget sockets go first: GraphQL's shutdown drains the HTTP server and would wait on them.
    const close = app.close.bind(app);
    app.close = async () => {
      await gateway.onModuleDestroy();
      return close();
    };
  }
  return app;
}
