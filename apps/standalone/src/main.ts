import { join } from 'node:path';
import { loadConfig } from '@bkci/config';
import { closeGracefullyOnSignal, RunningApp, startApp } from '@bkci/platform';
import { ADMIN_TOKEN_FILE } from '../../openapi/src/openapi.config';
import { ALL_APPS } from './all-apps';

/**
 * `npm start`: every app in this one process. On the default embedded profile they share the
 * in-process event bus and locks, and each keeps its own SQLite file under data/.
 */
async function main(): Promise<void> {
  const configs = ALL_APPS.map((definition) => ({ definition, config: loadConfig(definition.name) }));
  const running: RunningApp[] = [];
  for (const { definition, config } of configs) running.push(await startApp(definition, config));
  const gateway = configs.find(({ definition }) => definition.name === 'openapi')!.config;
  closeGracefullyOnSignal(running, gateway.shutdownGraceMs);
  const tokenSource = process.env.BKCI_ADMIN_TOKEN ? 'the BKCI_ADMIN_TOKEN variable' : join(gateway.dataDir, ADMIN_TOKEN_FILE);
  // A banner for the person who typed `npm start`, not a log record.
  console.log(
    [
      '',
      `bkci is up: ${running.map((app) => app.name).join(', ')} (${gateway.profile} profile)`,
      `  gateway:     http://${gateway.host}:${gateway.port}/ms/<app>/api/...`,
      `  admin token: ${tokenSource}`,
      `  try:         curl -H "Authorization: Bearer $(cat ${join(gateway.dataDir, ADMIN_TOKEN_FILE)})" http://${gateway.host}:${gateway.port}/ms/process/api/health`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`standalone could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
