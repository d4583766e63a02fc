import { ServiceClient } from '@bkci/clients';
import { AGENT_BY_ID, AGENTS_BY_ENV_ID, AGENTS_BY_ENV_NAME, AGENTS_BY_NODES, AGENTS_BY_TAGS, DEFAULT_AGENT_POOL, LOCAL_AGENT } from '@bkci/contracts';
import { DomainError } from '@bkci/core';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken, waitFor } from '@bkci/testing';
import { environmentApp } from '../apps/environment/src/environment.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { AgentCredentials, agentCall, heartbeat, installAgent, STARTUP } from './agents.fixtures';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'agents-svc';
const OTHER = 'agents-svc-b';

/** What the build engine, the standalone launcher, operators and OpenAPI v4 callers get from the agents. */
describe('agents for the engine, the launcher, operators and OpenAPI v4', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let services: ServiceClient;
  let user: Record<string, string>;
  let outsider: Record<string, string>;
  let agent: AgentCredentials;
  let nodeHashId: string;

  const v4 = (path: string, headers: Record<string, string>) => fetch(`${gateway}/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/environment/${path}`, { headers });
  const dataOf = async (response: Response) => ((await response.json()) as { data: any }).data;

  beforeAll(async () => {
    await env.start(processApp);
    await env.start(environmentApp);
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of [PROJECT, OTHER]) {
      const created = await fetch(`${gateway}/ms/process/api/user/projects`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ projectName: projectId, englishName: projectId }) });
      expect(created.status).toBe(201);
    }
    user = await memberToken(gateway, PROJECT, 'dev', 'developer');
    outsider = await memberToken(gateway, OTHER, 'stranger', 'developer');
    const installed = await installAgent(gateway, user, PROJECT, 'svc-host');
    agent = installed.agent;
    nodeHashId = installed.nodeHashId!;
    services = env.serviceClient();
  });

  afterAll(() => env.close());

  it('tells the engine an agent’s status, OS, parallel task count and running jobs from its last heartbeat', async () => {
    await agentCall(gateway, agent, 'POST', 'agents/newHeartbeat', heartbeat(3, 5));
    const view = await services.call(AGENT_BY_ID, { projectId: PROJECT, agentId: agent.agentId }, { onBehalfOf: 'process' });
    expect(view).toMatchObject({ agentId: agent.agentId, projectId: PROJECT, nodeId: nodeHashId, status: 'IMPORT_OK', os: 'LINUX', hostname: 'build-01', parallelTaskCount: 5, runningTaskCount: 3, sharedWithAll: false, createUser: 'dev' });
    expect(view.lastHeartbeatTime).toBeGreaterThan(Date.now() - 60_000);

    const elsewhere = services.call(AGENT_BY_ID, { projectId: OTHER, agentId: agent.agentId }, { onBehalfOf: 'process' });
    await expect(elsewhere).rejects.toBeInstanceOf(DomainError);
    await expect(elsewhere).rejects.toMatchObject({ code: 2105202, httpStatus: 404 });
  });

  it('tells the engine the agents of the nodes an env or a tag gave it, in their order, the project’s only', async () => {
    const second = await installAgent(gateway, user, PROJECT, 'svc-host-2');
    const foreign = await installAgent(gateway, outsider, OTHER, 'svc-host-3');
    const agents = await services.call(AGENTS_BY_NODES, { projectId: PROJECT }, { onBehalfOf: 'process', body: { nodeHashIds: [second.nodeHashId!, 'zzzzzzzz', foreign.nodeHashId!, nodeHashId] } });
    expect(agents.map((row) => [row.agentId, row.nodeId])).toEqual([
      [second.agent.agentId, second.nodeHashId],
      [agent.agentId, nodeHashId],
    ]);
    const refused = services.call(AGENTS_BY_NODES, { projectId: PROJECT }, { onBehalfOf: 'process', body: { nodeHashIds: ['NOT-A-HASH'] } });
    await expect(refused).rejects.toMatchObject({ code: 2100004, httpStatus: 400 });
  });

  it('tells the engine the agents of an env, by hash id, by name and as <mainProjectId>@<envName> from a project it is shared with', async () => {
    const post = async (url: string, headers: Record<string, string>, body: unknown) => {
      const response = await fetch(`${gateway}${url}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBeLessThan(300);
      return ((await response.json()) as { data: any }).data;
    };
    const { hashId } = await post(`/ms/environment/api/user/environment/${PROJECT}`, user, { name: 'agent-pool', envType: 'BUILD', nodeHashIds: [nodeHashId] });
    const byId = await services.call(AGENTS_BY_ENV_ID, { projectId: PROJECT, envId: hashId }, { onBehalfOf: 'process' });
    expect(byId).toHaveLength(1);
    expect(byId[0]).toMatchObject({ enableNode: true, nodeDisplayName: expect.stringMatching(new RegExp(`^BUILD_${nodeHashId}_`)), agent: { agentId: agent.agentId, status: 'IMPORT_OK', projectId: PROJECT } });
    expect(await services.call(AGENTS_BY_ENV_NAME, { projectId: PROJECT, envName: 'agent-pool' }, { onBehalfOf: 'process' })).toEqual(byId);

    await post(`/ms/environment/api/user/environment/${PROJECT}/${hashId}/share`, user, { sharedProjects: [{ projectId: OTHER, name: OTHER, type: 'PROJECT' }] });
    expect(await services.call(AGENTS_BY_ENV_NAME, { projectId: OTHER, envName: `${PROJECT}@agent-pool` }, { onBehalfOf: 'process' })).toEqual(byId);
    await expect(services.call(AGENTS_BY_ENV_NAME, { projectId: OTHER, envName: 'agent-pool' }, { onBehalfOf: 'process' })).rejects.toMatchObject({ httpStatus: 404 });

    // Disabled in the env: not offered.
    const disabled = await fetch(`${gateway}/ms/environment/api/user/environment/${PROJECT}/${hashId}/enableNode/${nodeHashId}?enableNode=false`, { method: 'PUT', headers: user });
    expect(disabled.status).toBe(200);
    expect(await services.call(AGENTS_BY_ENV_ID, { projectId: PROJECT, envId: hashId }, { onBehalfOf: 'process' })).toEqual([]);
  });

  it('tells the engine the agents whose nodes carry the tags a job asks for', async () => {
    const tags = `${gateway}/ms/environment/api/user/nodetag`;
    const json = { ...ADMIN, 'content-type': 'application/json' };
    expect((await fetch(`${tags}/create?projectId=${PROJECT}`, { method: 'POST', headers: json, body: JSON.stringify({ tagKeyName: 'arch', tagValues: ['amd64', 'arm64'] }) })).status).toBe(201);
    const keys = ((await (await fetch(`${tags}/fetchTag?projectId=${PROJECT}`, { headers: ADMIN })).json()) as { data: Array<{ tagKeyId: number; tagKeyName: string; tagValues: Array<{ tagValueId: number; tagValueName: string }> }> }).data;
    const arch = keys.find((key) => key.tagKeyName === 'arch')!;
    const amd64 = arch.tagValues.find((value) => value.tagValueName === 'amd64')!.tagValueId;
    const tagged = await fetch(`${tags}/batchEditTag?projectId=${PROJECT}`, { method: 'POST', headers: json, body: JSON.stringify([{ nodeHashId, tags: [{ tagKeyId: arch.tagKeyId, tagValueId: amd64 }] }]) });
    expect(tagged.status).toBe(200);

    const found = await services.call(AGENTS_BY_TAGS, { projectId: PROJECT }, { onBehalfOf: 'process', body: { tags: [{ key: 'arch', values: ['amd64'] }] } });
    expect(found.map((row) => row.agentId)).toEqual([agent.agentId]);
    expect(await services.call(AGENTS_BY_TAGS, { projectId: PROJECT }, { onBehalfOf: 'process', body: { tags: [{ key: 'arch', values: ['arm64'] }] } })).toEqual([]);
    await expect(services.call(AGENTS_BY_TAGS, { projectId: PROJECT }, { onBehalfOf: 'process', body: { tags: [] } })).rejects.toMatchObject({ code: 2100004, httpStatus: 400 });
  });

  it('lets an operator share an agent with every project: it joins the default pool', async () => {
    const shared = (on: string, headers: Record<string, string>) => fetch(`${gateway}/ms/environment/api/op/environment/thirdPartyAgent/agents/${agent.agentId}/shared?shared=${on}`, { method: 'PUT', headers });
    expect((await shared('true', user)).status).toBe(403);
    expect((await shared('maybe', ADMIN)).status).toBe(400);
    expect((await shared('true', ADMIN)).status).toBe(200);

    const pool = await services.call(DEFAULT_AGENT_POOL, {}, { onBehalfOf: 'process' });
    expect(pool.map((row) => row.agentId)).toEqual([agent.agentId]);
    expect(await services.call(AGENT_BY_ID, { projectId: OTHER, agentId: agent.agentId }, { onBehalfOf: 'process' })).toMatchObject({ agentId: agent.agentId, sharedWithAll: true });

    expect((await shared('false', ADMIN)).status).toBe(200);
    expect(await services.call(DEFAULT_AGENT_POOL, {}, { onBehalfOf: 'process' })).toEqual([]);
  });

  it('keeps the service routes closed to users', async () => {
    const viaGateway = await fetch(`${gateway}/ms/environment/api/service/environment/thirdPartyAgent/agents/defaultPool`, { headers: ADMIN });
    expect(viaGateway.status).toBe(403);
  });

  it('hands the launcher its local agent: imported, shared with every project, a fresh secret each time', async () => {
    const first = await services.call(LOCAL_AGENT, {}, { onBehalfOf: 'standalone' });
    expect(first).toMatchObject({ projectId: '_shared', gateway: expect.stringMatching(/^http:\/\//) });
    expect(first.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const local = { projectId: first.projectId, agentId: first.agentId, secretKey: first.secretKey, host: 'this-machine' };
    expect(await agentCall(gateway, local, 'POST', 'startup', STARTUP)).toMatchObject({ httpStatus: 200, data: 'IMPORT_OK' });
    expect((await services.call(DEFAULT_AGENT_POOL, {}, { onBehalfOf: 'process' })).map((row) => row.agentId)).toEqual([first.agentId]);

    const second = await services.call(LOCAL_AGENT, {}, { onBehalfOf: 'standalone' });
    expect(second.agentId).toBe(first.agentId);
    expect(second.secretKey).not.toBe(first.secretKey);
    await waitFor(async () => (await agentCall(gateway, local, 'GET', 'status')).httpStatus === 401, 10_000, 'the previous boot’s secret to be refused');
    // The next boot may run on a host of another name: the binding was cleared.
    expect(await agentCall(gateway, { ...local, secretKey: second.secretKey, host: 'renamed-machine' }, 'GET', 'status')).toMatchObject({ httpStatus: 200, data: 'IMPORT_OK' });
  });

  it('answers BK-CI’s OpenAPI v4 agent node calls, by node and by agent', async () => {
    const nodes = await v4('third_part_agent_nodes', user);
    expect(nodes.status).toBe(200);
    // The first agent and the one the engine test added.
    const list = await dataOf(nodes);
    expect(list).toHaveLength(2);
    const row = list.find((node: { nodeHashId: string }) => node.nodeHashId === nodeHashId);
    expect(row).toMatchObject({ nodeHashId, agentHashId: agent.agentId, nodeType: 'THIRDPARTY', nodeStatus: 'NORMAL', agentStatus: true, ip: '10.0.0.21', createdUser: 'dev' });

    const byNode = await dataOf(await v4(`third_part_agent_node_status?nodeHashId=${nodeHashId}`, user));
    const byAgent = await dataOf(await v4(`third_part_agent_node_status?agentHashId=${agent.agentId}`, user));
    expect(byNode).toEqual(row);
    expect(byAgent).toEqual(row);
    const detail = await dataOf(await v4(`third_part_agent_node_detail?agentHashId=${agent.agentId}`, user));
    expect(detail).toMatchObject({ agentId: agent.agentId, nodeId: nodeHashId, status: 'IMPORT_OK', parallelTaskCount: '5' });
    expect(await dataOf(await v4(`third_part_agent_node_detail?nodeHashId=${nodeHashId}`, user))).toEqual(detail);

    expect((await v4('third_part_agent_node_detail', user)).status).toBe(400);
    expect((await v4('third_part_agent_nodes', outsider)).status).toBe(403);
  });
});
