import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, TEST_ADMIN_TOKEN, TestEnvironment, waitFor } from '@bkci/testing';
import { environmentApp } from '../apps/environment/src/environment.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

// The bundle builder of `npm run build` (plain JavaScript, run by node after nest build).
const { bundleAgent } = require('../scripts/bundle-agent') as { bundleAgent: (outfile: string) => string };

const PROJECT = 'agent-proc';
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const AGENT_API = `/ms/environment/api/user/environment/thirdPartyAgent/projects/${PROJECT}`;
/** The bound: a silent agent's node is ABNORMAL within 15 s (the server's defaults: 10 s, checked every 2 s). */
const OFFLINE_WITHIN_MS = 15_000;

/**
 * The real agent on this machine, end to end through the gateway: the install command's script
 * downloads the bundle and starts it; the agent comes online, is imported, and its node follows
 * its life (SIGKILL → ABNORMAL, restart → NORMAL). A copy of its config on "another host" and a
 * wrong secret are refused, and the original stays NORMAL.
 */
describe('the build agent as a process', () => {
  jest.setTimeout(180_000);
  const scratch = mkdtempSync(join(tmpdir(), 'bkci-agent-e2e-'));
  const bundle = join(scratch, 'bkci-agent.js');
  const env = new TestEnvironment({ BKCI_AGENT_BUNDLE: bundle });
  const agentDir = join(scratch, 'installed');
  /** Every agent process this test made, killed in afterAll whatever happened. */
  const pids = new Set<number>();
  let gateway: string;
  let agentId: string;

  beforeAll(async () => {
    // The current sources, whatever dist/ holds (CI type-checks and tests without relying on a build).
    bundleAgent(bundle);
    const gatewayPort = await freePort();
    // The install link and the script name the gateway: it must be known before environment starts.
    env.env.BKCI_PUBLIC_URL = `http://127.0.0.1:${gatewayPort}`;
    await env.start(processApp);
    await env.start(environmentApp);
    gateway = (await env.start(openapiApp, gatewayPort)).url;
    const created = await fetch(`${gateway}/ms/process/api/user/projects`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ projectName: PROJECT, englishName: PROJECT }) });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    for (const pid of pids) killQuietly(pid);
    await env.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function api<T>(method: string, path: string): Promise<{ status: number; data: T; message: string }> {
    const response = await fetch(`${gateway}${path}`, { method, headers: ADMIN });
    const body = (await response.json()) as { data: T; message: string };
    return { status: response.status, data: body.data, message: body.message };
  }

  async function agentStatus(): Promise<string> {
    return (await api<{ status: string }>('GET', `${AGENT_API}/agents/${agentId}/status`)).data.status;
  }

  async function nodeStatus(nodeHashId: string): Promise<string> {
    const node = await api<{ nodeStatus: string }>('GET', `/ms/environment/api/user/envnode/${PROJECT}/${nodeHashId}`);
    expect([node.status, node.message]).toEqual([200, null]);
    return node.data.nodeStatus;
  }

  /** Starts `node bkci-agent.js run --config <config>` as the install script does, its output appended to `log`. */
  function startAgent(config: string, log: string, extraEnv: Record<string, string> = {}): void {
    const out = openSync(log, 'a');
    try {
      const child = spawn(process.execPath, [join(agentDir, 'bkci-agent.js'), 'run', '--config', config], {
        cwd: dirname(config),
        env: { PATH: process.env.PATH ?? '', HOME: scratch, ...extraEnv },
        stdio: ['ignore', out, out],
      });
      pids.add(child.pid!);
    } finally {
      closeSync(out);
    }
  }

  /** The JSON lines an agent logged, up to the last complete one (it may be writing the next). */
  function events(log: string): Array<Record<string, unknown>> {
    const text = readFileSync(log, 'utf8');
    return text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  let nodeHashId: string;

  it('installs with the one-line command and comes online as UN_IMPORT_OK', async () => {
    const link = await api<{ agentId: string; link: string }>('GET', `${AGENT_API}/os/LINUX/generateLink?agentType=BUILD`);
    expect(link.status).toBe(200);
    agentId = link.data.agentId;
    const url = /^curl -fsSL '([^']+)' \| bash$/.exec(link.data.link)?.[1];
    expect(url).toBe(`${gateway}/ms/environment/api/external/thirdPartyAgent/${agentId}/install?token=${new URL(url!).searchParams.get('token')}`);

    const script = await fetch(url!);
    expect(script.status).toBe(200);
    const scriptFile = join(scratch, 'install.sh');
    writeFileSync(scriptFile, await script.text());
    const installed = await run('sh', [scriptFile], { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: scratch, BKCI_AGENT_DIR: agentDir });
    expect(installed.code).toBe(0);
    const pid = Number(readFileSync(join(agentDir, 'agent.pid'), 'utf8').trim());
    pids.add(pid);
    expect(installed.output).toContain(`started (pid ${pid})`);

    const config = JSON.parse(readFileSync(join(agentDir, 'agent.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(config).sort()).toEqual(['agentId', 'gateway', 'projectId', 'secretKey', 'workDir']);
    expect(config).toMatchObject({ gateway, projectId: PROJECT, agentId, workDir: join(agentDir, 'workspace') });
    expect(config.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The link works once: the script holds the secret.
    expect((await fetch(url!)).status).toBe(403);

    await waitFor(() => events(join(agentDir, 'agent.log')).some((event) => event.event === 'startup'), 15_000, 'the agent online');
    expect(events(join(agentDir, 'agent.log')).find((event) => event.event === 'startup')).toMatchObject({ status: 'UN_IMPORT_OK' });
    expect(await agentStatus()).toBe('UN_IMPORT_OK');
    expect(readFileSync(join(agentDir, 'agent.log'), 'utf8')).not.toContain(config.secretKey);
  });

  it('is imported: IMPORT_OK with a NORMAL node', async () => {
    const imported = await api<unknown>('POST', `${AGENT_API}/agents/${agentId}/import`);
    expect([imported.status, imported.message]).toEqual([200, null]);
    await waitFor(async () => (await agentStatus()) === 'IMPORT_OK', 10_000, 'IMPORT_OK');
    const detail = await api<{ nodeId: string }>('GET', `${AGENT_API}/agents/${agentId}/detail`);
    nodeHashId = detail.data.nodeId;
    expect(nodeHashId).not.toBe('');
    expect(await nodeStatus(nodeHashId)).toBe('NORMAL');
  });

  it('goes ABNORMAL within 15 s of a SIGKILL, and NORMAL again once restarted', async () => {
    const pid = Number(readFileSync(join(agentDir, 'agent.pid'), 'utf8').trim());
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => (await nodeStatus(nodeHashId)) === 'ABNORMAL', OFFLINE_WITHIN_MS, 'the node ABNORMAL');
    const offlineAfterMs = Date.now() - killedAt;
    expect(offlineAfterMs).toBeLessThan(OFFLINE_WITHIN_MS);
    expect(await agentStatus()).toBe('IMPORT_EXCEPTION');

    startAgent(join(agentDir, 'agent.json'), join(agentDir, 'agent.log'));
    await waitFor(async () => (await nodeStatus(nodeHashId)) === 'NORMAL', 10_000, 'the node NORMAL again');
    expect(await agentStatus()).toBe('IMPORT_OK');
  });

  it('refuses a copy of its config started on another host, and the original stays NORMAL', async () => {
    const cloneDir = join(scratch, 'clone');
    mkdirSync(cloneDir);
    copyFileSync(join(agentDir, 'agent.json'), join(cloneDir, 'agent.json'));
    const log = join(cloneDir, 'agent.log');
    startAgent(join(cloneDir, 'agent.json'), log, { BKCI_AGENT_HOSTNAME: 'other' });
    await waitFor(() => events(log).some((event) => event.event === 'startup.failed'), 10_000, 'the clone refused');
    expect(events(log).find((event) => event.event === 'startup.failed')).toMatchObject({ outcome: 'refused', httpStatus: 403 });
    expect(events(log).some((event) => event.event === 'startup')).toBe(false);
    expect(await nodeStatus(nodeHashId)).toBe('NORMAL');
    expect(await agentStatus()).toBe('IMPORT_OK');
  });

  it('refuses a wrong secret', async () => {
    const wrongDir = join(scratch, 'wrong-secret');
    mkdirSync(wrongDir);
    const config = JSON.parse(readFileSync(join(agentDir, 'agent.json'), 'utf8')) as Record<string, string>;
    writeFileSync(join(wrongDir, 'agent.json'), JSON.stringify({ ...config, secretKey: randomBytes(32).toString('base64url') }));
    const log = join(wrongDir, 'agent.log');
    startAgent(join(wrongDir, 'agent.json'), log);
    await waitFor(() => events(log).some((event) => event.event === 'startup.failed'), 10_000, 'the wrong secret refused');
    expect(events(log).find((event) => event.event === 'startup.failed')).toMatchObject({ outcome: 'refused', httpStatus: 401 });
    expect(await nodeStatus(nodeHashId)).toBe('NORMAL');
  });
});

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
