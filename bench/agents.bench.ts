import { Agent, request } from 'node:http';
import { TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment } from '@bkci/testing';
import { environmentApp } from '../apps/environment/src/environment.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

/**
 * The agents' figures (issue 13), through the gateway on 127.0.0.1 (`npm run bench:agents`, embedded
 * profile by default; TEST_PROFILE=services for MariaDB, Redis and RabbitMQ):
 *  - AGENTS simulated agents (installed and imported as a user would) each heartbeat in a closed loop
 *    for SECONDS: heartbeats/s the app absorbs and the p50/p99 of the heartbeat call;
 *  - baseline in the same run: the same agents calling environment's health check through the gateway
 *    (the same hop, no agent work), and the ratio of the two;
 *  - what that means for real agents, which heartbeat every 5 s.
 */
const AGENTS = Number(process.env.BENCH_AGENTS ?? 500);
const SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 10);
const HEARTBEAT_INTERVAL_S = 5;
const PROJECT = 'agentbench';

const http = new Agent({ keepAlive: true, maxSockets: AGENTS });
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

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

    const baseline = await closedLoop(agents, () => call(`${gateway}/ms/environment/api/health`, 'GET', admin));
    const beats = await closedLoop(agents, (who) => call(`${gateway}/ms/environment/api/buildAgent/agent/thirdPartyAgent/agents/newHeartbeat`, 'POST', headersOf(who), heartbeatOf(who)));

    report('heartbeat (POST agents/newHeartbeat)', beats);
    report('baseline (GET environment health, same hop)', baseline);
    console.log(`ratio heartbeat / health: throughput ${(beats.perSecond / baseline.perSecond).toFixed(2)}, p99 ${(beats.p99 / baseline.p99).toFixed(2)}`);
    const needed = AGENTS / HEARTBEAT_INTERVAL_S;
    console.log(`${AGENTS} real agents heartbeat ${needed.toFixed(0)}/s (every ${HEARTBEAT_INTERVAL_S} s): ${(beats.perSecond / needed).toFixed(1)}× headroom`);
  } finally {
    http.destroy();
    await env.close();
  }
}

/** Every agent calls `call` again as soon as it is answered, for SECONDS; answered calls per second and latencies. */
async function closedLoop(agents: Credentials[], send: (who: Credentials) => Promise<string>): Promise<{ perSecond: number; p50: number; p99: number; count: number }> {
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
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99), count: sorted.length };
}

function report(name: string, figures: { perSecond: number; p50: number; p99: number; count: number }): void {
  console.log(`${name}: ${figures.perSecond.toFixed(0)} calls/s (${figures.count} calls), p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms`);
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

function call(url: string, method: string, headers: Record<string, string>, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: http }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(text) : reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
