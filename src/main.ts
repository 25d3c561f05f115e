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
  if (config.SEED_DEMO && config.NODE_ENV !== 'production' && config.HUB_ROLE !== 'worker') {
    await seedDemoIfEmpty(app, { ...config, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}` });
  }
}

main().catch((e: Error) => {
  console.error(`switchboard: failed to start: ${e.message}`);
  process.exit(1);
});
