import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { ThirdPartyAgentEntity } from '../apps/environment/src/agents/entities/third-party-agent.entity';
import { environmentApp } from '../apps/environment/src/environment.app';
import { NodeRepository } from '../apps/environment/src/nodes/node.repository';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { AgentCredentials, agentCall, heartbeat, installAgent, installPathOf, secretOf, STARTUP } from './agents.fixtures';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'agents-a';
const OTHER = 'agents-b';
const BUNDLE = '/* the agent bundle */ console.log("bkci-agent");\n';
const OFFLINE_AFTER_MS = 4_000;

/** Third-party agents at the protocol level: a user installs and imports, the test acts as the agent over HTTP. */
describe('third-party agents through the gateway', () => {
  const bundleDir = mkdtempSync(join(tmpdir(), 'bkci-agent-bundle-'));
  const env = new TestEnvironment({
    BKCI_AGENT_OFFLINE_AFTER_MS: String(OFFLINE_AFTER_MS),
    BKCI_AGENT_LIVENESS_INTERVAL_MS: '200',
    BKCI_AGENT_BUNDLE: join(bundleDir, 'bkci-agent.js'),
  });
  let gateway: string;
  let environment: INestApplication;
  let creator: Record<string, string>;
  let viewer: Record<string, string>;
  let outsider: Record<string, string>;

  const userApi = (projectId: string, path: string) => `${gateway}/ms/environment/api/user/environment/thirdPartyAgent/projects/${projectId}/${path}`;
  const get = async (url: string, headers: Record<string, string>) => {
    const response = await fetch(url, { headers });
    return { httpStatus: response.status, ...((await response.json()) as { status: number; message: string; data: any }) };
  };
  const send = async (method: string, url: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(url, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { httpStatus: response.status, ...((await response.json()) as { status: number; message: string; data: any }) };
  };
  const agentRow = (agentId: string) => environment.get(DataSource).getRepository(ThirdPartyAgentEntity).findOneByOrFail({ agentId });
  const nodeStatus = async (projectId: string, nodeHashId: string) => (await environment.get(NodeRepository).findByHashId(projectId, nodeHashId))?.nodeStatus ?? 'GONE';
  const generateLink = async (headers = creator, os = 'LINUX') => get(userApi(PROJECT, `os/${os}/generateLink`), headers);

  beforeAll(async () => {
    writeFileSync(join(bundleDir, 'bkci-agent.js'), BUNDLE);
    await env.start(processApp);
    environment = (await env.start(environmentApp)).app;
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of [PROJECT, OTHER]) {
      expect((await send('POST', `${gateway}/ms/process/api/user/projects`, ADMIN, { projectName: projectId, englishName: projectId })).httpStatus).toBe(201);
    }
    creator = await memberToken(gateway, PROJECT, 'dev', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'watcher', 'viewer');
    outsider = await memberToken(gateway, OTHER, 'stranger', 'developer');
  });

  afterAll(() => env.close());

  describe('install', () => {
    it('gives a one-line install command whose script carries the agent id and a new secret, once', async () => {
      const link = await generateLink();
      expect(link.httpStatus).toBe(200);
      expect(link.data.agentId).toMatch(/^[a-z]{8,}$/);
      expect(link.data.link).toMatch(new RegExp(`^curl -fsSL '.+/ms/environment/api/external/thirdPartyAgent/${link.data.agentId}/install\\?token=[A-Za-z0-9_-]{43}' \\| bash$`));
      const { path, agentId } = installPathOf(link.data.link);
      expect(agentId).toBe(link.data.agentId);

      const script = await fetch(`${gateway}${path}`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/x-shellscript; charset=utf-8');
      const text = await script.text();
      expect(text).toContain(`PROJECT_ID='${PROJECT}'`);
      expect(text).toContain(`AGENT_ID='${agentId}'`);
      expect(text).not.toMatch(/##[a-zA-Z]+##/);
      const secret = secretOf(text);
      expect((await agentRow(agentId)).secretHash).toMatch(/^[0-9a-f]{64}$/);
      expect((await agentRow(agentId)).secretHash).not.toContain(secret);

      const again = await fetch(`${gateway}${path}`);
      expect(again.status).toBe(403);
      expect(((await again.json()) as { status: number }).status).toBe(2105203);
      // The second use changed nothing: the first secret still works.
      const status = await agentCall(gateway, { projectId: PROJECT, agentId, secretKey: secret, host: 'h-once' }, 'GET', 'status');
      expect(status).toMatchObject({ httpStatus: 200, data: 'UN_IMPORT' });
    });

    it('refuses an expired install token, and an unknown one, changing nothing', async () => {
      const link = await generateLink(creator);
      const { path, agentId } = installPathOf(link.data.link);
      await environment.get(DataSource).getRepository(ThirdPartyAgentEntity).update({ agentId }, { installTokenExpiresAt: new Date(Date.now() - 1000) });
      const before = await agentRow(agentId);

      const expired = await fetch(`${gateway}${path}`);
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as { status: number }).status).toBe(2105203);
      const forged = await fetch(`${gateway}${path.replace(/token=.*/, 'token=not-the-token')}`);
      expect(forged.status).toBe(403);
      expect(await agentRow(agentId)).toEqual(before);
    });

    it('serves the agent bundle to a live agent, 404 for an unknown one', async () => {
      const link = await generateLink();
      const bundle = await fetch(`${gateway}/ms/environment/api/external/thirdPartyAgent/${link.data.agentId}/agent`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(await bundle.text()).toBe(BUNDLE);
      const unknown = await fetch(`${gateway}/ms/environment/api/external/thirdPartyAgent/zzzzzzzzzz/agent`);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { status: number }).status).toBe(2105202);
    });

    it('refuses an OS it cannot install on, and one BK-CI does not know', async () => {
      const windows = await generateLink(creator, 'WINDOWS');
      expect(windows).toMatchObject({ httpStatus: 400, status: 2105204 });
      const unknown = await generateLink(creator, 'BEOS');
      expect(unknown).toMatchObject({ httpStatus: 400, status: 2100004 });
      expect(unknown.message).toContain('os must be one of LINUX, MACOS, WINDOWS');
    });

    it('lets only members with env_node_create make links and import', async () => {
      expect((await generateLink(viewer)).httpStatus).toBe(403);
      expect((await get(userApi(PROJECT, 'os/LINUX/generateLink'), outsider)).httpStatus).toBe(403);
      const { agent } = await installAgent(gateway, creator, PROJECT, 'perm-host', false);

      for (const headers of [viewer, outsider]) {
        const refused = await send('POST', userApi(PROJECT, `agents/${agent.agentId}/import`), headers);
        expect(refused).toMatchObject({ httpStatus: 403, status: 2100006 });
      }
      expect((await agentRow(agent.agentId)).status).toBe(1);
      // Another project cannot import it through its own path either.
      const fromOther = await send('POST', userApi(OTHER, `agents/${agent.agentId}/import`), outsider);
      expect(fromOther).toMatchObject({ httpStatus: 404, status: 2105202 });
    });
  });

  it('takes an agent online but not imported back to UN_IMPORT when it goes silent, and its startup brings it back', async () => {
    const { agent } = await installAgent(gateway, creator, PROJECT, 'silent-host', false);
    await waitFor(async () => (await agentCall(gateway, agent, 'GET', 'status')).data === 'UN_IMPORT', 15_000, 'the silent agent to fall back to UN_IMPORT');
    expect(await agentCall(gateway, agent, 'POST', 'startup', { ...STARTUP, hostname: 'silent-host' })).toMatchObject({ httpStatus: 200, data: 'UN_IMPORT_OK' });
  });

  describe('life cycle', () => {
    let agent: AgentCredentials;
    let nodeHashId: string;

    it('starts up UN_IMPORT → UN_IMPORT_OK, and import makes a NORMAL node', async () => {
      const link = await generateLink();
      const { path, agentId } = installPathOf(link.data.link);
      agent = { projectId: PROJECT, agentId, secretKey: secretOf(await (await fetch(`${gateway}${path}`)).text()), host: 'build-01#0123456789abcdef' };
      expect(await agentCall(gateway, agent, 'GET', 'status')).toMatchObject({ httpStatus: 200, status: 0, data: 'UN_IMPORT' });

      const importTooEarly = await send('POST', userApi(PROJECT, `agents/${agentId}/import`), creator);
      expect(importTooEarly).toMatchObject({ httpStatus: 409, status: 2105018 });

      expect(await agentCall(gateway, agent, 'POST', 'startup', STARTUP)).toMatchObject({ httpStatus: 200, data: 'UN_IMPORT_OK' });
      const status = await get(userApi(PROJECT, `agents/${agentId}/status`), viewer);
      expect(status.data).toEqual({ status: 'UN_IMPORT_OK', hostname: 'build-01', ip: '10.0.0.21', os: 'LINUX' });

      expect(await send('POST', userApi(PROJECT, `agents/${agentId}/import`), creator)).toMatchObject({ httpStatus: 200, data: true });
      const listed = (await get(userApi(PROJECT, 'list'), viewer)).data.filter((row: { agentId: string }) => row.agentId === agentId);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ agentId, projectId: PROJECT, status: 'IMPORT_OK', hostname: 'build-01', ip: '10.0.0.21' });
      nodeHashId = /^BUILD_([a-z]+)_10\.0\.0\.21$/.exec(listed[0].displayName)![1];
      expect(await nodeStatus(PROJECT, nodeHashId)).toBe('NORMAL');
      // Importing again changes nothing.
      expect(await send('POST', userApi(PROJECT, `agents/${agentId}/import`), creator)).toMatchObject({ httpStatus: 200, data: true });
      expect((await get(userApi(PROJECT, 'list'), viewer)).data.filter((row: { agentId: string }) => row.agentId === agentId)).toHaveLength(1);
    });

    it('heartbeats: records what the agent reports and answers its settings', async () => {
      const beat = await agentCall(gateway, agent, 'POST', 'agents/newHeartbeat', heartbeat(2, 4));
      expect(beat.httpStatus).toBe(200);
      expect(beat.data).toMatchObject({ AgentStatus: 'IMPORT_OK', ParallelTaskCount: 4, envs: {}, masterVersion: 'v1.0.0', slaveVersion: 'v1.0.0' });
      expect((await agentRow(agent.agentId)).runningTaskCount).toBe(2);

      expect((await send('POST', userApi(PROJECT, `nodes/${nodeHashId}/parallelTaskCount?parallelTaskCount=2`), creator)).data).toBe(true);
      const saved = await send('POST', userApi(PROJECT, `nodes/${nodeHashId}/envs`), creator, [
        { name: 'JAVA_HOME', value: '/opt/jdk', secure: false, lastUpdateUser: 'ignored' },
        { name: 'DEPLOY_TOKEN', value: 'tok-123', secure: true },
      ]);
      expect(saved.data).toBe(true);
      const read = await get(userApi(PROJECT, `nodes/${nodeHashId}/envs`), viewer);
      expect(read.data).toEqual([
        { name: 'JAVA_HOME', value: '/opt/jdk', secure: false },
        { name: 'DEPLOY_TOKEN', value: '******', secure: true },
      ]);

      // The secure value is stored sealed only; saving the form back as read keeps it.
      expect(JSON.stringify(await agentRow(agent.agentId))).not.toContain('tok-123');
      expect((await send('POST', userApi(PROJECT, `nodes/${nodeHashId}/envs`), creator, read.data)).data).toBe(true);
      const next = await agentCall(gateway, agent, 'POST', 'agents/newHeartbeat', heartbeat(0, 8));
      expect(next.data).toMatchObject({ AgentStatus: 'IMPORT_OK', ParallelTaskCount: 2, envs: { JAVA_HOME: '/opt/jdk', DEPLOY_TOKEN: 'tok-123' } });
      const detail = await get(userApi(PROJECT, `nodes/${nodeHashId}/thirdPartyAgentDetail`), viewer);
      expect(detail.data).toMatchObject({ agentId: agent.agentId, nodeId: nodeHashId, status: 'IMPORT_OK', parallelTaskCount: '2', arch: 'amd64', agentInstallPath: '/opt/bkci-agent', startedUser: 'ci' });
    });

    it('goes IMPORT_EXCEPTION with an ABNORMAL node when it stops heartbeating, and back on its next heartbeat', async () => {
      await waitFor(async () => (await agentCall(gateway, agent, 'GET', 'status')).data === 'IMPORT_EXCEPTION', 15_000, 'the silent agent to go IMPORT_EXCEPTION');
      expect(await nodeStatus(PROJECT, nodeHashId)).toBe('ABNORMAL');
      const offline = await get(userApi(PROJECT, `nodes/${agent.agentId}/listAgentOfflinePeriod`), viewer);
      expect(offline.data.count).toBe(1);
      expect(offline.data.records[0]).toMatchObject({ onlineTime: null, duration: null });

      const back = await agentCall(gateway, agent, 'POST', 'agents/newHeartbeat', heartbeat());
      expect(back.data).toMatchObject({ AgentStatus: 'IMPORT_OK' });
      expect(await nodeStatus(PROJECT, nodeHashId)).toBe('NORMAL');
      const closed = await get(userApi(PROJECT, `nodes/${agent.agentId}/listAgentOfflinePeriod`), viewer);
      expect(closed.data.count).toBe(1);
      expect(closed.data.records[0].onlineTime).not.toBeNull();
      expect(closed.data.records[0].duration).toBeGreaterThanOrEqual(0);

      const actions = await get(userApi(PROJECT, `nodes/${nodeHashId}/listAgentActions?page=1&pageSize=10`), viewer);
      // Newest first: back online, the silence, and the first startup's ONLINE last.
      const names = actions.data.records.map((row: { action: string }) => row.action);
      expect(names.slice(0, 2)).toEqual(['ONLINE', 'OFFLINE']);
      expect(names.at(-1)).toBe('ONLINE');
      expect(actions.data).toMatchObject({ count: names.length, page: 1, pageSize: 10, totalPages: 1 });
      expect(actions.data.records[0]).toEqual({ agentId: agent.agentId, projectId: PROJECT, action: 'ONLINE', actionTime: expect.any(Number) });
    });

    it('refuses a wrong secret (401), another host (403) and missing credentials (401)', async () => {
      const wrongSecret = await agentCall(gateway, { ...agent, secretKey: 'x'.repeat(43) }, 'GET', 'status');
      expect(wrongSecret).toMatchObject({ httpStatus: 401, status: 2105019 });
      const clone = await agentCall(gateway, { ...agent, host: 'build-02#fedcba9876543210' }, 'POST', 'startup', { ...STARTUP, hostname: 'build-02' });
      expect(clone).toMatchObject({ httpStatus: 403, status: 2105201 });
      const wrongProject = await agentCall(gateway, { ...agent, projectId: OTHER }, 'GET', 'status');
      expect(wrongProject).toMatchObject({ httpStatus: 401, status: 2105019 });
      const bare = await fetch(`${gateway}/ms/environment/api/buildAgent/agent/thirdPartyAgent/status`, { headers: { 'X-DEVOPS-AGENT-ID': agent.agentId } });
      expect(bare.status).toBe(401);
      expect(((await bare.json()) as { message: string }).message).toContain('X-DEVOPS-AGENT-SECRET-KEY');
      // A user, even the admin, is not an agent.
      expect((await get(`${gateway}/ms/environment/api/buildAgent/agent/thirdPartyAgent/status`, ADMIN)).httpStatus).toBe(401);
      expect((await agentRow(agent.agentId)).boundHost).toBe('build-01#0123456789abcdef');
    });

    it('refuses bad input with 400 and changes nothing', async () => {
      const before = await agentRow(agent.agentId);
      const noHostname = await agentCall(gateway, agent, 'POST', 'startup', { hostIp: '10.0.0.9', detectOS: 'Linux' });
      expect(noHostname).toMatchObject({ httpStatus: 400, status: 2100004 });
      expect(noHostname.message).toContain('hostname');
      const badBeat = await agentCall(gateway, agent, 'POST', 'agents/newHeartbeat', { parallelTaskCount: 'four' });
      expect(badBeat).toMatchObject({ httpStatus: 400, status: 2100004 });
      const badAsk = await agentCall(gateway, agent, 'POST', 'ask', { waitSeconds: 0 });
      expect(badAsk).toMatchObject({ httpStatus: 400, status: 2100004 });
      for (const count of ['-1', 'x']) {
        const refused = await send('POST', userApi(PROJECT, `nodes/${nodeHashId}/parallelTaskCount?parallelTaskCount=${count}`), creator);
        expect(refused).toMatchObject({ httpStatus: 400, status: 2100004 });
      }
      const badEnvs = await send('POST', userApi(PROJECT, `nodes/${nodeHashId}/envs`), creator, [{ name: '1 bad', value: 'v' }]);
      expect(badEnvs).toMatchObject({ httpStatus: 400, status: 2100004 });
      // The liveness check may move the status meanwhile; what the calls would have written is unchanged.
      const kept = ({ hostname, ip, detectOs, parallelTaskCount, runningTaskCount, agentEnvs, secretHash, boundHost, version }: ThirdPartyAgentEntity) =>
        ({ hostname, ip, detectOs, parallelTaskCount, runningTaskCount, agentEnvs, secretHash, boundHost, version });
      expect(kept(await agentRow(agent.agentId))).toEqual(kept(before));
    });

    it('reinstalls with a new secret: the old one is refused, the new machine may bind', async () => {
      const link = await get(userApi(PROJECT, `os/LINUX/generateReInstallLink?reInstallId=${agent.agentId}`), creator);
      expect(link.httpStatus).toBe(200);
      const { path } = installPathOf(link.data.script);
      const secret = secretOf(await (await fetch(`${gateway}${path}`)).text());

      await waitFor(async () => (await agentCall(gateway, agent, 'GET', 'status')).httpStatus === 401, 10_000, 'the old secret to be refused');
      const moved = { ...agent, secretKey: secret, host: 'build-03' };
      expect(await agentCall(gateway, moved, 'POST', 'startup', { ...STARTUP, hostname: 'build-03' })).toMatchObject({ httpStatus: 200, data: 'IMPORT_OK' });
      agent = moved;
    });

    it('deletes the node: the agent is refused from then on, and the node is gone', async () => {
      expect((await send('DELETE', userApi(PROJECT, `nodes/${nodeHashId}/delete`), viewer)).httpStatus).toBe(403);
      expect((await send('DELETE', userApi(PROJECT, `nodes/${nodeHashId}/delete`), creator)).data).toBe(true);
      await waitFor(async () => (await agentCall(gateway, agent, 'GET', 'status')).httpStatus === 401, 10_000, 'the deleted agent to be refused');
      expect(await nodeStatus(PROJECT, nodeHashId)).toBe('GONE');
      expect((await agentRow(agent.agentId)).status).toBe(4);
      expect((await get(userApi(PROJECT, 'list'), viewer)).data.map((row: { agentId: string }) => row.agentId)).not.toContain(agent.agentId);
      expect((await get(userApi(PROJECT, `nodes/${nodeHashId}/thirdPartyAgentDetail`), viewer))).toMatchObject({ httpStatus: 404, status: 2105002 });
    });

    it('deletes the agent of a node deleted through the node routes', async () => {
      const { agent: other, nodeHashId: otherNode } = await installAgent(gateway, creator, PROJECT, 'node-route-host');
      expect(await agentCall(gateway, other, 'GET', 'status')).toMatchObject({ httpStatus: 200, data: 'IMPORT_OK' });
      const deleted = await send('POST', `${gateway}/ms/environment/api/user/envnode/${PROJECT}/deleteNodes`, creator, [otherNode]);
      expect(deleted.httpStatus).toBe(200);
      await waitFor(async () => (await agentCall(gateway, other, 'GET', 'status')).httpStatus === 401, 10_000, 'the agent of the deleted node to be refused');
      expect((await agentRow(other.agentId)).status).toBe(4);
    });
  });
});
