import { Agent } from 'node:http';
import { TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment } from '@bkci/testing';
import { environmentApp } from '../apps/environment/src/environment.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { httpCaller } from './http-caller';

/**
 * The agents' figures (issue 13), through the gateway on 127.0.0.1 (`npm run bench:agents`, embedded
 * profile by default; TEST_PROFILE=services for MariaDB, Redis and RabbitMQ):
 *  - absorbed: AGENTS simulated agents (installed and imported as a user would) each heartbeat again as
 *    soon as answered, for SECONDS: the heartbeats/s the app takes at most;
 *  - latency: the same agents heartbeating as real ones do, every 5 s each (AGENTS / 5 per second, spread
 *    evenly), for SECONDS: the p50/p99 of the heartbeat call;
 *  - baseline in the same run, both ways: environment's health check through the gateway (the same hop,
 *    no agent work), and the ratios.
 */
const AGENTS = Number(process.env.BENCH_AGENTS ?? 500);
const SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 10);
const HEARTBEAT_INTERVAL_S = 5;
const PROJECT = 'agentbench';

const http = new Agent({ keepAlive: true, maxSockets: AGENTS });
const call = httpCaller(http);
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
}

interface Credentials {
  agentId: string;
  secretKey: string;
  host: string;
}

async function main(): Promise<void> {
  // No simulated agent may be taken offline while the bench pauses between phases.
  const env = new TestEnvironment({ BKCI_LOG_LEVEL: 'silent', BKCI_AGENT_OFFLINE_AFTER_MS: '600000' });
  try {
    await env.start(processApp);
    await env.start(environmentApp);
    const gateway = (await env.start(openapiApp)).url;
    await call(`${gateway}/ms/process/api/user/projects`, 'POST', admin, JSON.stringify({ projectName: 'Agent bench', englishName: PROJECT }));
    console.log(`profile ${TEST_PROFILE}: ${AGENTS} agents, ${SECONDS} s per phase`);

    const setupStarted = Date.now();
    const agents: Credentials[] = [];
    // One after another: a user's new link for an OS replaces their pending one (BK-CI reuses it).
    for (let i = 0; i < AGENTS; i++) agents.push(await install(gateway, `bench-host-${i}`));
    console.log(`installed, started and imported ${AGENTS} agents in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

    const health = () => call(`${gateway}/ms/environment/api/health`, 'GET', admin);
    const beat = (who: Credentials) => call(`${gateway}/ms/environment/api/buildAgent/agent/thirdPartyAgent/agents/newHeartbeat`, 'POST', headersOf(who), heartbeatOf(who));

    const absorbed = await closedLoop(agents, beat);
    const healthAbsorbed = await closedLoop(agents, health);
    report(`absorbed, ${AGENTS} agents heartbeating back to back`, absorbed);
    report(`baseline, ${AGENTS} clients calling environment health back to back`, healthAbsorbed);
    console.log(`ratio heartbeat / health throughput: ${(absorbed.perSecond / healthAbsorbed.perSecond).toFixed(2)}`);

    const paced = await pacedLoop(agents, beat);
    const healthPaced = await pacedLoop(agents, health);
    report(`${AGENTS} agents heartbeating every ${HEARTBEAT_INTERVAL_S} s`, paced);
    report(`baseline, environment health at the same rate`, healthPaced);
    console.log(`ratio heartbeat / health p99 at the real rate: ${(paced.p99 / healthPaced.p99).toFixed(2)}`);
    const needed = AGENTS / HEARTBEAT_INTERVAL_S;
    console.log(`${AGENTS} real agents send ${needed.toFixed(0)} heartbeats/s: ${(absorbed.perSecond / needed).toFixed(1)}× headroom`);
  } finally {
    http.destroy();
    await env.close();
  }
}

/** Every agent calls `call` again as soon as it is answered, for SECONDS; answered calls per second and latencies. */
async function closedLoop(agents: Credentials[], send: (who: Credentials) => Promise<string>): Promise<Figures> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    agents.map(async (who) => {
      while (performance.now() < deadline) {
        const sentAt = performance.now();
        await send(who);
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  return figures(latencies, (performance.now() - started) / 1000);
}

/** Each agent calls every HEARTBEAT_INTERVAL_S, the agents' calls spread evenly over the interval, for SECONDS. */
async function pacedLoop(agents: Credentials[], send: (who: Credentials) => Promise<string>): Promise<Figures> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const spacing = (HEARTBEAT_INTERVAL_S * 1000) / agents.length;
  await Promise.all(
    agents.map(async (who, index) => {
      for (let due = started + index * spacing; due < deadline; due += HEARTBEAT_INTERVAL_S * 1000) {
        await sleep(due - performance.now());
        const sentAt = performance.now();
        await send(who);
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  return figures(latencies, (performance.now() - started) / 1000);
}

function figures(latencies: number[], seconds: number): Figures {
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99), count: sorted.length };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function report(name: string, measured: Figures): void {
  console.log(`${name}: ${measured.perSecond.toFixed(0)} calls/s (${measured.count} calls), p50 ${measured.p50.toFixed(1)} ms, p99 ${measured.p99.toFixed(1)} ms`);
}

async function install(gateway: string, host: string): Promise<Credentials> {
  const link = JSON.parse(await call(`${gateway}/ms/environment/api/user/environment/thirdPartyAgent/projects/${PROJECT}/os/LINUX/generateLink`, 'GET', admin)) as { data: { agentId: string; link: string } };
  const path = /(\/ms\/environment\/api\/external\/thirdPartyAgent\/[a-z]+\/install\?token=[A-Za-z0-9_-]+)'/.exec(link.data.link)?.[1];
  if (!path) throw new Error(`not an install command: ${link.data.link}`);
  const script = await call(`${gateway}${path}`, 'GET', {});
  const secretKey = /^SECRET_KEY='([A-Za-z0-9_-]+)'$/m.exec(script)?.[1];
  if (!secretKey) throw new Error('the install script carries no secret key');
  const who = { agentId: link.data.agentId, secretKey, host };
  await call(`${gateway}/ms/environment/api/buildAgent/agent/thirdPartyAgent/startup`, 'POST', headersOf(who), JSON.stringify({ hostname: host, hostIp: '10.1.0.1', detectOS: 'Linux', version: 'bench', masterVersion: 'bench' }));
  await call(`${gateway}/ms/environment/api/user/environment/thirdPartyAgent/projects/${PROJECT}/agents/${who.agentId}/import`, 'POST', admin);
  return who;
}

function headersOf(who: Credentials): Record<string, string> {
  return {
    'x-devops-project-id': PROJECT,
    'x-devops-agent-id': who.agentId,
    'x-devops-agent-secret-key': who.secretKey,
    'x-devops-agent-host': who.host,
    'content-type': 'application/json',
  };
}

function heartbeatOf(who: Credentials): string {
  return JSON.stringify({
    masterVersion: 'bench',
    slaveVersion: 'bench',
    hostName: who.host,
    agentIp: '10.1.0.1',
    parallelTaskCount: 4,
    agentInstallPath: '/opt/bkci-agent',
    startedUser: 'ci',
    taskList: [],
    props: { arch: 'amd64', osVersion: '6.1' },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
