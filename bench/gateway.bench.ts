import { Agent } from 'node:http';
import { GATEWAY_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment } from '@bkci/testing';
import { httpCaller } from './http-caller';

/**
 * What the gateway costs a call, in the services profile with the gateway and `process` each in a
 * process of its own (the compiled apps, as `npm run start:*` runs them):
 *  - a project read by a member holding a personal access token, through the gateway (token check,
 *    rate limit, service token, forwarding), against
 *  - the same read sent straight to `process` with a service token naming the same user: the
 *    baseline, measured in the same run, interleaved with the first so both see the same machine.
 * One call at a time (latency, not throughput). Bounded: a fixed number of calls to 127.0.0.1.
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const BLOCK = 100;
const USER = 'bench-user';
const PROJECT = 'bench';

async function main(): Promise<void> {
  const env = new TestEnvironment({ BKCI_LOG_LEVEL: 'silent' });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const direct = (await env.spawn('process')).url;
    const gateway = (await env.spawn('openapi')).url;
    const call = httpCaller(agent);
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
    await call(`${gateway}/ms/process/api/user/projects`, 'POST', admin, JSON.stringify({ projectName: 'Bench', englishName: PROJECT }));
    await call(`${gateway}/ms/process/api/user/projects/${PROJECT}/groups/viewer/members`, 'POST', admin, JSON.stringify({ userIds: [USER] }));
    const created = await call(`${gateway}/ms/openapi/api/op/users/${USER}/tokens`, 'POST', admin, JSON.stringify({ name: 'bench' }));
    const throughGateway = { authorization: `Bearer ${(JSON.parse(created) as { data: { token: string } }).data.token}` };
    // A service token lives for minutes; the direct caller signs one and reuses it, as an app would.
    const serviceTokens = new ServiceTokens(env.env.BKCI_SERVICE_SECRET, 3600);
    const straight = { [SERVICE_TOKEN_HEADER]: serviceTokens.sign({ userId: USER, issuer: GATEWAY_ISSUER, appCode: null, admin: false }) };

    const viaGateway: number[] = [];
    const viaDirect: number[] = [];
    const read = (base: string, headers: Record<string, string>) => () => call(`${base}/api/user/projects/${PROJECT}`, 'GET', headers);
    const gatewayRead = read(`${gateway}/ms/process`, throughGateway);
    const directRead = read(direct, straight);
    await time(gatewayRead, BLOCK, []);
    await time(directRead, BLOCK, []);
    for (let done = 0; done < CALLS; done += BLOCK) {
      await time(gatewayRead, BLOCK, viaGateway);
      await time(directRead, BLOCK, viaDirect);
    }

    console.log(`profile ${TEST_PROFILE}, gateway and process in processes of their own, ${CALLS} calls each, one at a time`);
    report('through the gateway (PAT)', viaGateway);
    report('baseline, straight to process (service token)', viaDirect);
    const ratio = percentile(viaGateway, 0.5) / percentile(viaDirect, 0.5);
    console.log(`ratio gateway / direct, p50: ${ratio.toFixed(2)} (aim ≤ 1.2)`);
  } finally {
    agent.destroy();
    await env.close();
  }
}

async function time(once: () => Promise<string>, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await once();
    into.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function report(name: string, latencies: number[]): void {
  console.log(`${name}: p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
