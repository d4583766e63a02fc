import { Agent } from './agent';
import { configFileArgument, USAGE } from './command-line';
import { ConfigError, readAgentConfig } from './config';
import { hostFacts } from './host-identity';
import { AgentHttpClient } from './http-client';
import { JobApi } from './job-api';
import { JOB_TIMING, JobRunner } from './job-runner';
import { jsonLineLog } from './log';

/** The only exit the agent takes on its own: it cannot run as configured. */
const EXIT_BAD_CONFIG = 2;

/** `bkci-agent run --config <file>`: runs until SIGTERM/SIGINT (see agent.ts for what it does meanwhile). */
function main(): void {
  const log = jsonLineLog(process.stdout);
  const file = configFileArgument(process.argv.slice(2));
  if (file === null) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  let config;
  try {
    config = readAgentConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log('error', 'config.invalid', { message: error.message });
    process.stderr.write(`bkci-agent: ${error.message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const host = hostFacts(process.env);
  const client = new AgentHttpClient(config, host.identity);
  const workDir = config.workDir;
  const agent = new Agent(config, host, client, (build) => new JobRunner(build, new JobApi(client.gateway, build, JOB_TIMING.callTimeoutMs), workDir, log), log);
  const stop = new AbortController();
  const running = agent.run(stop.signal);

  let stopping = false;
  const stopOnce = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    log('info', 'agent.stopping', { reason });
    stop.abort();
    void running
      .then(() => agent.shutdown())
      .finally(() => {
        log('info', 'agent.stopped');
        process.exit(0);
      });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      // A second signal while the shutdown call is out: the operator means it, leave now.
      if (stopping) process.exit(0);
      stopOnce(signal);
    });
  }
  // Started by the standalone launcher with an IPC channel: it closes when the launcher dies, however it dies.
  if (process.channel) process.once('disconnect', () => stopOnce('the launcher is gone'));
}

main();
