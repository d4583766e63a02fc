import { Agent, request } from 'node:http';
import { TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';

/**
 * Requests per second and latency through the gateway on the embedded profile (or the services
 * profile with TEST_PROFILE=services): a health check, and a project read that goes through a
 * permission check. Bounded: a fixed number of requests against 127.0.0.1 only.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function main(): Promise<void> {
  const env = new TestEnvironment({ BKCI_LOG_LEVEL: 'silent' });
  try {
    let gateway = '';
    for (const definition of ALL_APPS) gateway = (await env.start(definition)).url;
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
    await call(agent, `${gateway}/ms/process/api/user/projects`, 'POST', admin, JSON.stringify({ projectName: 'Bench', englishName: 'bench' }));
    const token = JSON.parse(
      await call(agent, `${gateway}/ms/openapi/api/op/users/bench-user/tokens`, 'POST', admin, JSON.stringify({ name: 'bench' })),
    ).data.token as string;
    await call(agent, `${gateway}/ms/process/api/user/projects/bench/groups/viewer/members`, 'POST', admin, JSON.stringify({ userIds: ['bench-user'] }));
    const user = { authorization: `Bearer ${token}` };

    console.log(`profile ${env.env.BKCI_PROFILE}, ${REQUESTS} requests, concurrency ${CONCURRENCY}`);
    await measure('gateway → process health (admin token)', () => call(agent, `${gateway}/ms/process/api/health`, 'GET', admin));
    await measure('gateway → process project read (PAT + RBAC)', () => call(agent, `${gateway}/ms/process/api/user/projects/bench`, 'GET', user));
    agent.destroy();
  } finally {
    await env.close();
  }
}

async function measure(name: string, once: () => Promise<string>): Promise<void> {
  for (let i = 0; i < 100; i++) await once();
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const t0 = process.hrtime.bigint();
        await once();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  console.log(`${name}: ${(latencies.length / seconds).toFixed(0)} req/s, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`);
}

function call(agent: Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(text) : reject(new Error(`${url}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
