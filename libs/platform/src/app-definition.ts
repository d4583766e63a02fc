import { DynamicModule, INestApplication, Logger } from '@nestjs/common';
import { AppConfig, AppName, loadConfig } from '@bkci/config';
import { SchemaDefinition } from '@bkci/persistence';
import { createApp, CreateAppOptions } from './create-app';
import { closeGracefullyOnSignal, RunningApp } from './run-apps';

/** What the launchers (an app's main.ts, standalone, migrate) need to know about an app. */
export interface AppDefinition {
  name: AppName;
  schema: SchemaDefinition;
  rootModule(config: AppConfig): DynamicModule;
  createOptions?: CreateAppOptions;
}

export async function startApp(definition: AppDefinition, config: AppConfig): Promise<RunningApp> {
  const app: INestApplication = await createApp(definition.rootModule(config), config, definition.createOptions);
  await app.listen(config.port, config.host);
  return { name: definition.name, app };
}

/** main.ts of every app: validated config, listen, drain on SIGTERM; any start failure exits 1. */
export function runMain(definition: AppDefinition): void {
  const logger = new Logger(definition.name);
  const start = async () => {
    const config = loadConfig(definition.name);
    const running = await startApp(definition, config);
    closeGracefullyOnSignal([running], config.shutdownGraceMs);
    logger.log(`${definition.name} listening on http://${config.host}:${config.port} (${config.profile} profile)`);
  };
  start().catch((error: unknown) => {
    console.error(`${definition.name} could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
