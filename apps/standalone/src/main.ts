import { join } from 'node:path';
import { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { AppConfig, EnvReader, loadConfig } from '@bkci/config';
import { LOCAL_AGENT } from '@bkci/contracts';
import { closeGracefullyOnSignal, RunningApp, startApp } from '@bkci/platform';
import { ADMIN_TOKEN_FILE } from '../../openapi/src/openapi.config';
import { ALL_APPS } from './all-apps';
import { LocalAgent } from './local-agent';

/**
 * `npm start`: every app in this one process. On the default embedded profile they share the
 * in-process event bus and locks, and each keeps its own SQLite file under data/. Unless
 * BKCI_LOCAL_AGENT=false, a build agent runs beside them as a child process: the default pool.
 */
async function main(): Promise<void> {
  const settings = new EnvReader(process.env);
  const withLocalAgent = settings.boolean('BKCI_LOCAL_AGENT', true);
  settings.throwIfInvalid();
  const configs = ALL_APPS.map((definition) => ({ definition, config: loadConfig(definition.name) }));
  const running: RunningApp[] = [];
  for (const { definition, config } of configs) running.push(await startApp(definition, config));
  const gateway = configs.find(({ definition }) => definition.name === 'openapi')!.config;
  const localAgent = withLocalAgent ? await startLocalAgent(gateway) : null;
  closeGracefullyOnSignal(running, gateway.shutdownGraceMs, async () => localAgent?.stop());
  const tokenSource = process.env.BKCI_ADMIN_TOKEN ? 'the BKCI_ADMIN_TOKEN variable' : join(gateway.dataDir, ADMIN_TOKEN_FILE);
  // A banner for the person who typed `npm start`, not a log record.
  console.log(
    [
      '',
      `bkci is up: ${running.map((app) => app.name).join(', ')} (${gateway.profile} profile)`,
      `  gateway:     http://${gateway.host}:${gateway.port}/ms/<app>/api/...`,
      `  admin token: ${tokenSource}`,
      localAgent
        ? `  local agent: pid ${localAgent.pid}, the default build pool; log: ${localAgent.logFile} (BKCI_LOCAL_AGENT=false turns it off)`
        : '  local agent: off (BKCI_LOCAL_AGENT=false); builds need an agent installed from the console',
      `  try:         curl -H "Authorization: Bearer $(cat ${join(gateway.dataDir, ADMIN_TOKEN_FILE)})" http://${gateway.host}:${gateway.port}/ms/process/api/health`,
      '',
    ].join('\n'),
  );
}

/** environment makes (once) and imports the local agent and hands out a fresh secret; the agent runs with it. */
async function startLocalAgent(gateway: AppConfig): Promise<LocalAgent> {
  const client = new ServiceClient(gateway, new ServiceTokens(gateway.serviceToken.secret, gateway.serviceToken.ttlSeconds));
  const credentials = await client.call(LOCAL_AGENT, {}, { onBehalfOf: '' });
  return LocalAgent.start(credentials, gateway.dataDir);
}

main().catch((error: unknown) => {
  console.error(`standalone could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
