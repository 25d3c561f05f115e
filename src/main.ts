import 'reflect-metadata';
import { createHubApp } from './app.factory';
import { prepareEnvironment } from './boot';
import { seedDemoIfEmpty } from './core/first-run/demo-seed';

async function main(): Promise<void> {
  const { config, logger } = await prepareEnvironment();
  const app = await createHubApp(config, logger);
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ role: config.HUB_ROLE, port }, 'switchboard is running');

  // Graceful stop: close the HTTP server (in-flight requests finish), let BullMQ workers finish
  // their active jobs, flush the outbox relay, then exit 0. A second signal, or the grace period
  // running out, exits at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown grace period exceeded, exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (e: Error) => {
        logger.error({ err: e.message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (config.SEED_DEMO && config.NODE_ENV !== 'production' && config.HUB_ROLE !== 'worker') {
    await seedDemoIfEmpty(app, {
      ...config,
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    });
  }
}

main().catch((e: Error) => {
  console.error(`switchboard: failed to start: ${e.message}`);
  process.exit(1);
});
