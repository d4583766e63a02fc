import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { ENV_ENABLED_NODES, ENV_ENABLED_NODES_BY_NAME } from '@bkci/contracts';
import { TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment, memberToken } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { environmentApp } from '../apps/environment/src/environment.app';
import { EnvEntity } from '../apps/environment/src/environments/entities/env.entity';
import { EnvVarVault } from '../apps/environment/src/environments/env-var-vault';
import { NodeEntity } from '../apps/environment/src/nodes/entities/node.entity';
import { NodeRepository } from '../apps/environment/src/nodes/node.repository';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const envsOf = (projectId: string) => `/ms/environment/api/user/environment/${projectId}`;
const v4Of = (projectId: string) => `/ms/openapi/api/apigw-user/v4/environment/projects/${projectId}`;
const secret = (label: string) => `${label}-${randomBytes(12).toString('base64url')}`;

/**
 * Envs through the gateway: their life cycle, BK-CI's rules and refusals (with nothing changed),
 * secure env vars (sealed at rest, masked in every read), sharing, the operation log, the
 * permission matrix, and the v4 calls. Nodes are THIRDPARTY nodes inserted through the node
 * repository, as an agent import makes them.
 */
describe('environments through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let envData: DataSource;
  let nodes: NodeRepository;
  let vault: EnvVarVault;
  let services: ServiceClient;
  let olga: Record<string, string>;
  let nina: Record<string, string>;
  let dev: Record<string, string>;
  let vera: Record<string, string>;
  let mona: Record<string, string>;
  let bob: Record<string, string>;
  let linux1: NodeEntity;
  let linux2: NodeEntity;
  let mac1: NodeEntity;
  let otherProjectNode: NodeEntity;

  const create = (who: Record<string, string>, body: Record<string, unknown>, projectId = 'env-a') => request(gateway).post(envsOf(projectId)).set(who).send(body);
  const get = (who: Record<string, string>, envHashId: string, projectId = 'env-a') => request(gateway).get(`${envsOf(projectId)}/${envHashId}`).set(who);
  const list = (who: Record<string, string>, projectId = 'env-a') => request(gateway).get(envsOf(projectId)).set(who);
  const members = async (envHashId: string) => (await request(gateway).post(`${envsOf('env-a')}/${envHashId}/listNodes`).set(ADMIN)).body.data as Array<{ nodeHashId: string; envEnableNode: boolean }>;
  const envCount = async () => Number((await envData.query('SELECT COUNT(*) AS n FROM envs WHERE is_deleted = ?', [false]))[0].n);
  const agentNode = (projectId: string, nodeIp: string, osType: string) =>
    nodes.insertThirdPartyNode({ projectId, nodeIp, nodeName: `host-${nodeIp}`, osName: osType === 'LINUX' ? 'Ubuntu 24.04' : 'macOS 15', osType, agentVersion: '1.0.0', createdUser: 'dev' });

  async function createdEnv(who: Record<string, string>, body: Record<string, unknown>, projectId = 'env-a'): Promise<string> {
    const created = await create(who, body, projectId);
    expect(created.status).toBe(201);
    expect(created.body.data.hashId).toMatch(/^[a-z]{8,}$/);
    return created.body.data.hashId as string;
  }

  beforeAll(async () => {
    const process = await env.start(processApp);
    const environment = await env.start(environmentApp);
    envData = environment.app.get(DataSource);
    nodes = environment.app.get(NodeRepository);
    vault = environment.app.get(EnvVarVault);
    services = new ServiceClient(env.config('process'), process.app.get(ServiceTokens));
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of ['env-a', 'env-b']) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: projectId, englishName: projectId })).status).toBe(201);
    }
    const groups: Array<[string, string[]]> = [
      ['env-makers', ['environment_create', 'env_node_use', 'project_visit']],
      ['env-only', ['environment_create', 'project_visit']],
      ['cred-only', ['credential_create']],
    ];
    for (const [groupCode, actions] of groups) {
      expect((await request(gateway).post('/ms/process/api/user/projects/env-a/groups').set(ADMIN).send({ groupCode, groupName: groupCode, actions })).status).toBe(201);
    }
    olga = await memberToken(gateway, 'env-a', 'olga', 'env-makers');
    nina = await memberToken(gateway, 'env-a', 'nina', 'env-only');
    dev = await memberToken(gateway, 'env-a', 'dev', 'developer');
    vera = await memberToken(gateway, 'env-a', 'vera', 'viewer');
    mona = await memberToken(gateway, 'env-a', 'mona', 'cred-only');
    bob = await memberToken(gateway, 'env-b', 'bob', 'developer');
    linux1 = await agentNode('env-a', '10.0.0.1', 'LINUX');
    linux2 = await agentNode('env-a', '10.0.0.2', 'LINUX');
    mac1 = await agentNode('env-a', '10.0.0.3', 'MACOS');
    otherProjectNode = await agentNode('env-b', '10.0.1.1', 'LINUX');
  });

  afterAll(() => env.close());

  it('runs an env through its life: create with members, read, rename, change vars, members, disable, history, delete', async () => {
    const plain = secret('plain');
    const hidden = secret('hidden');
    const envHashId = await createdEnv(olga, {
      name: 'pool-life',
      desc: 'build agents',
      envType: 'BUILD',
      envVars: [
        { name: 'REGION', value: plain, secure: false },
        { name: 'TOKEN', value: hidden, secure: true },
      ],
      nodeHashIds: [linux1.nodeHashId],
      unknownField: 'ignored',
    });

    const read = await get(olga, envHashId);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ envHashId, name: 'pool-life', desc: 'build agents', envType: 'BUILD', envNodeType: 'NODE', os: null, nodeCount: 1, createdUser: 'olga', canEdit: true, canDelete: true, canUse: true });
    expect(read.body.data.envVars).toEqual([
      { name: 'REGION', value: plain, secure: false, lastUpdateUser: 'olga', lastUpdateTime: expect.any(Number) },
      { name: 'TOKEN', value: '******', secure: true, lastUpdateUser: 'olga', lastUpdateTime: expect.any(Number) },
    ]);

    const renamed = await request(gateway)
      .post(`${envsOf('env-a')}/${envHashId}`)
      .set(olga)
      .send({ name: 'pool-renamed', desc: 'renamed', envType: 'BUILD', envVars: [{ name: 'REGION', value: 'eu', secure: false }, { name: 'TOKEN', value: '******', secure: true }] });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toBe(true);
    const vars = await request(gateway).get(`${envsOf('env-a')}/${envHashId}/envs`).set(olga);
    expect(vars.body.data.map((v: { name: string; value: string }) => [v.name, v.value])).toEqual(expect.arrayContaining([['REGION', 'eu'], ['TOKEN', '******']]));
    expect(vars.body.data).toHaveLength(2);
    const secureOnly = await request(gateway).get(`${envsOf('env-a')}/${envHashId}/envs`).query({ source: 'true' }).set(olga);
    expect(secureOnly.body.data.map((v: { name: string }) => v.name)).toEqual(['TOKEN']);
    // "******" kept the secret: the sealed row still opens to it (no read API shows it).
    const row = await envData.getRepository(EnvEntity).findOneByOrFail({ envHashId });
    expect(vault.open('env-a', row.envId, row)).toEqual({ TOKEN: hidden });
    expect(JSON.stringify(await envData.query('SELECT * FROM envs'))).not.toContain(hidden);

    expect((await request(gateway).post(`${envsOf('env-a')}/${envHashId}/addNodes`).set(olga).send([linux2.nodeHashId, linux1.nodeHashId])).status).toBe(200);
    expect((await members(envHashId)).map((node) => node.nodeHashId).sort()).toEqual([linux1.nodeHashId, linux2.nodeHashId].sort());

    const disabled = await request(gateway).put(`${envsOf('env-a')}/${envHashId}/enableNode/${linux1.nodeHashId}`).query({ enableNode: 'false' }).set(olga).send({ reason: 'disk full' });
    expect(disabled.status).toBe(200);
    expect((await members(envHashId)).find((node) => node.nodeHashId === linux1.nodeHashId)?.envEnableNode).toBe(false);
    const enabled = await services.call(ENV_ENABLED_NODES, { projectId: 'env-a', envHashId }, { onBehalfOf: 'engine' });
    expect(enabled.nodes.map((node) => node.nodeHashId)).toEqual([linux2.nodeHashId]);

    const page = await request(gateway).get(`${envsOf('env-a')}/${envHashId}/listNodesNew`).query({ page: 1, pageSize: 1 }).set(olga);
    expect(page.body.data).toMatchObject({ count: 2, page: 1, pageSize: 1, totalPages: 2 });
    expect(page.body.data.records).toHaveLength(1);

    expect((await request(gateway).post(`${envsOf('env-a')}/${envHashId}/deleteNodes`).set(olga).send([linux2.nodeHashId])).status).toBe(200);
    expect((await members(envHashId)).map((node) => node.nodeHashId)).toEqual([linux1.nodeHashId]);

    const history = await request(gateway).get('/ms/environment/api/user/environment/operateLog').query({ projectId: 'env-a', envHashId }).set(olga);
    expect(history.status).toBe(200);
    expect(history.body.data.records.map((log: { operateName: string }) => log.operateName)).toEqual(['REMOVE_NODE', 'DISABLE_NODE', 'ADD_NODE', 'UPDATE_ENV_VAR']);
    expect(history.body.data.records[1]).toMatchObject({ operateOrigin: 'WEB', operator: 'olga', operateContent: { content: 'disk full', resourceCount: 1 } });
    expect(JSON.stringify(history.body)).not.toContain(hidden);

    const deleted = await request(gateway).delete(`${envsOf('env-a')}/${envHashId}`).set(olga);
    expect(deleted.status).toBe(200);
    const gone = await get(dev, envHashId);
    expect(gone.status).toBe(404);
    expect(gone.body.status).toBe(2105000);
    expect((await list(dev)).body.data.map((e: { envHashId: string }) => e.envHashId)).not.toContain(envHashId);
    // The name is free again once its env is deleted.
    await createdEnv(dev, { name: 'pool-renamed', envType: 'BUILD' });
  });

  it('keeps secure values sealed in the database and masked in every read', async () => {
    const hidden = secret('sealed');
    const envHashId = await createdEnv(dev, { name: 'sealed-pool', envType: 'BUILD', envVars: [{ name: 'API_KEY', value: hidden, secure: true }] });
    const rows = await envData.query('SELECT * FROM envs');
    const dump = JSON.stringify([rows, await envData.query('SELECT * FROM env_operate_logs')]);
    expect(dump).not.toContain(hidden);
    if (TEST_PROFILE === 'embedded') {
      const files = [`${env.dataDir}/environment.sqlite`, `${env.dataDir}/environment.sqlite-wal`].filter(existsSync);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(readFileSync(file).includes(Buffer.from(hidden))).toBe(false);
    }
    const reads = [
      await get(dev, envHashId),
      await list(dev),
      await request(gateway).get(`${envsOf('env-a')}/${envHashId}/envs`).set(dev),
      await request(gateway).post(`${envsOf('env-a')}/listRawByEnvNames`).set(dev).send(['sealed-pool']),
      await request(gateway).post(`${v4Of('env-a')}/envHashIds_to_envInfo`).set(dev).send([envHashId]),
      await request(gateway).get(`${v4Of('env-a')}/envs/list`).set(dev),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).toContain('API_KEY');
      expect(JSON.stringify(read.body)).not.toContain(hidden);
    }
    const viaService = await services.request<unknown>('environment', 'GET', `/api/service/environment/projects/env-a/envs/${envHashId}`, { onBehalfOf: 'engine' });
    expect(JSON.stringify(viaService)).toContain('******');
    expect(JSON.stringify(viaService)).not.toContain(hidden);
    // Searching by value never matches a secure value.
    const probe = await request(gateway).get(`${envsOf('env-a')}/${envHashId}/envs`).query({ envValue: hidden }).set(dev);
    expect(probe.body.data).toEqual([]);
  });

  it('refuses what BK-CI refuses, with its error codes, changing nothing', async () => {
    const build = await createdEnv(dev, { name: 'rules-build', envType: 'BUILD', nodeHashIds: [linux1.nodeHashId] });
    const deploy = await createdEnv(dev, { name: 'rules-deploy', envType: 'PROD' });
    const macOnly = await createdEnv(dev, { name: 'rules-mac', envType: 'BUILD', os: 'MACOS' });
    const before = await envCount();

    const cases: Array<[request.Test, number, number]> = [
      [create(dev, { name: 'rules-build', envType: 'DEV' }), 409, 2105003],
      [create(dev, { name: 'a@b', envType: 'BUILD' }), 400, 2105038],
      [create(dev, { name: 'rules-new', envType: 'PROD', nodeHashIds: [linux2.nodeHashId] }), 400, 2105022],
      [create(dev, { name: 'rules-new', envType: 'BUILD', nodeHashIds: ['zzzzzzzz'] }), 404, 2105002],
      [create(dev, { name: 'rules-new', envType: 'BUILD', nodeHashIds: [otherProjectNode.nodeHashId] }), 404, 2105002],
      [create(dev, { name: 'rules-new', envType: 'BUILD', envVars: [{ name: 'X', value: '1', secure: false }, { name: 'X', value: '2', secure: true }] }), 400, 2105104],
      [request(gateway).post(`${envsOf('env-a')}/${build}`).set(dev).send({ name: 'rules-build', envType: 'DEV' }), 400, 2105004],
      [request(gateway).post(`${envsOf('env-a')}/${deploy}`).set(dev).send({ name: 'rules-deploy', envType: 'BUILD' }), 400, 2105005],
      [request(gateway).post(`${envsOf('env-a')}/${deploy}`).set(dev).send({ name: 'rules-build', envType: 'PROD' }), 409, 2105003],
      [request(gateway).post(`${envsOf('env-a')}/${deploy}/addNodes`).set(dev).send([linux2.nodeHashId]), 400, 2105022],
      [request(gateway).post(`${envsOf('env-a')}/${macOnly}/addNodes`).set(dev).send([linux2.nodeHashId]), 400, 2105075],
      [request(gateway).put(`${envsOf('env-a')}/${build}/enableNode/${linux2.nodeHashId}`).query({ enableNode: 'false' }).set(dev).send({}), 400, 2105103],
      [request(gateway).post(`${envsOf('env-a')}/${deploy}/share`).set(dev).send({ sharedProjects: [{ projectId: 'env-b', name: 'env-b', type: 'PROJECT' }] }), 400, 2105037],
      [request(gateway).post(`${envsOf('env-a')}/${build}/share`).set(dev).send({ sharedProjects: [] }), 400, 2105036],
      [get(dev, 'notahash'), 404, 2105000],
    ];
    for (const [call, status, code] of cases) {
      const refused = await call;
      expect({ status: refused.status, code: refused.body.status }).toEqual({ status, code });
      expect(refused.body.message).toEqual(expect.any(String));
    }
    expect(await envCount()).toBe(before);
    expect((await get(dev, build)).body.data).toMatchObject({ name: 'rules-build', envType: 'BUILD', nodeCount: 1 });
    expect((await get(dev, deploy)).body.data).toMatchObject({ name: 'rules-deploy', envType: 'PROD', nodeCount: 0 });
    expect((await get(dev, macOnly)).body.data.nodeCount).toBe(0);
    expect((await members(build)).map((node) => [node.nodeHashId, node.envEnableNode])).toEqual([[linux1.nodeHashId, true]]);
    // Racing creates of one name: exactly one wins; racing adds of one node: it is added once.
    const raced = await Promise.all(Array.from({ length: 5 }, () => create(dev, { name: 'rules-race', envType: 'BUILD' })));
    expect(raced.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const racedEnv = raced.find((response) => response.status === 201)?.body.data.hashId as string;
    const adds = await Promise.all(Array.from({ length: 4 }, () => request(gateway).post(`${envsOf('env-a')}/${racedEnv}/addNodes`).set(dev).send([linux2.nodeHashId])));
    expect(adds.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect((await members(racedEnv)).map((node) => node.nodeHashId)).toEqual([linux2.nodeHashId]);
    // A deploy env may change between DEV, TEST and PROD.
    expect((await request(gateway).post(`${envsOf('env-a')}/${deploy}`).set(dev).send({ name: 'rules-deploy', envType: 'TEST' })).status).toBe(200);
    // A MACOS-bound env takes MACOS nodes.
    expect((await request(gateway).post(`${envsOf('env-a')}/${macOnly}/addNodes`).set(dev).send([mac1.nodeHashId])).status).toBe(200);
  });

  it('refuses bad input with 400 naming the field, creating nothing', async () => {
    const before = await envCount();
    const cases: Array<[request.Test, string]> = [
      [create(dev, { envType: 'BUILD' }), 'name'],
      [create(dev, { name: '', envType: 'BUILD' }), 'name'],
      [create(dev, { name: 'x'.repeat(129), envType: 'BUILD' }), 'name'],
      [create(dev, { name: 'bad-type', envType: 'CLOUD' }), 'envType'],
      [create(dev, { name: 'bad-node-type', envType: 'BUILD', envNodeType: 'TAG' }), 'envNodeType'],
      [create(dev, { name: 'bad-vars', envType: 'BUILD', envVars: [{ name: 'A', value: 1, secure: false }] }), 'envVars'],
      [create(dev, { name: 'bad-vars', envType: 'BUILD', envVars: [{ name: 'A', value: 'v' }] }), 'secure'],
      [create(dev, { name: 'bad-os', envType: 'BUILD', os: 'BEOS' }), 'os'],
      [create(dev, { name: 'bad-ids', envType: 'BUILD', nodeHashIds: 'abc' }), 'nodeHashIds'],
      [request(gateway).get(`${envsOf('env-a')}/types/CLOUD`).set(dev), 'envType'],
      [request(gateway).get(`${envsOf('env-a')}/buildEnvs`).set(dev), 'os'],
    ];
    for (const [call, field] of cases) {
      const refused = await call;
      expect(refused.status).toBe(400);
      expect(refused.body.status).toBe(2100004);
      expect(refused.body.message).toContain(field);
    }
    const someEnv = await createdEnv(dev, { name: 'bad-body-target', envType: 'BUILD' });
    for (const body of [{ nodeHashIds: [linux1.nodeHashId] }, [1, 2], ['']]) {
      const refused = await request(gateway).post(`${envsOf('env-a')}/${someEnv}/addNodes`).set(dev).send(body);
      expect(refused.status).toBe(400);
      expect(refused.body.status).toBe(2100004);
    }
    expect(await members(someEnv)).toEqual([]);
    expect(await envCount()).toBe(before + 1);
  });

  it('applies the permission matrix: creator, members without a permission, another project', async () => {
    const olgas = await createdEnv(olga, { name: 'perm-olga', envType: 'BUILD', nodeHashIds: [linux1.nodeHashId] });
    const devs = await createdEnv(dev, { name: 'perm-dev', envType: 'BUILD' });
    const before = await envCount();

    // The creator manages her env through its resource group, and sees only it of the others' envs she has no grant on.
    expect((await get(olga, olgas)).body.data).toMatchObject({ canEdit: true, canDelete: true, canUse: true });
    const olgaList = (await list(olga)).body.data.map((e: { name: string }) => e.name);
    expect(olgaList).toContain('perm-olga');
    expect(olgaList).not.toContain('perm-dev');
    expect((await get(olga, devs)).status).toBe(403);
    expect((await request(gateway).post(`${envsOf('env-a')}/${devs}`).set(olga).send({ name: 'hijacked', envType: 'BUILD' })).status).toBe(403);

    // Without env_node_use no node goes into an env, at create or later.
    const noUse = await create(nina, { name: 'perm-nina', envType: 'BUILD', nodeHashIds: [linux2.nodeHashId] });
    expect(noUse.status).toBe(403);
    expect(noUse.body.status).toBe(2105045);
    const ninas = await createdEnv(nina, { name: 'perm-nina', envType: 'BUILD' });
    const addRefused = await request(gateway).post(`${envsOf('env-a')}/${ninas}/addNodes`).set(nina).send([linux2.nodeHashId]);
    expect(addRefused.status).toBe(403);
    expect(addRefused.body.status).toBe(2105045);
    expect(await members(ninas)).toEqual([]);

    // A viewer reads but changes nothing; a member with no environment grant sees nothing.
    expect((await get(vera, olgas)).status).toBe(200);
    expect((await get(vera, olgas)).body.data).toMatchObject({ canEdit: false, canDelete: false });
    expect((await create(vera, { name: 'perm-vera', envType: 'BUILD' })).status).toBe(403);
    expect((await request(gateway).delete(`${envsOf('env-a')}/${olgas}`).set(vera)).status).toBe(403);
    expect((await request(gateway).post(`${envsOf('env-a')}/${olgas}/deleteNodes`).set(vera).send([linux1.nodeHashId])).status).toBe(403);
    expect((await list(mona)).status).toBe(403);
    expect((await get(mona, olgas)).status).toBe(403);
    expect((await request(gateway).get(`${envsOf('env-a')}/hasCreatePermission`).set(mona)).body.data).toBe(false);
    expect((await request(gateway).get(`${envsOf('env-a')}/hasCreatePermission`).set(olga)).body.data).toBe(true);

    // Another project's member gets nothing of env-a, and env-a's ids mean nothing in env-b.
    for (const call of [
      list(bob),
      get(bob, olgas),
      create(bob, { name: 'perm-bob', envType: 'BUILD' }),
      request(gateway).get('/ms/environment/api/user/environment/operateLog').query({ projectId: 'env-a', envHashId: olgas }).set(bob),
      request(gateway).get(`${envsOf('env-a')}/types/BUILD`).set(bob),
      request(gateway).get(`${envsOf('env-a')}/buildEnvs`).query({ os: 'LINUX' }).set(bob),
      request(gateway).post(`${envsOf('env-a')}/listRawByEnvNames`).set(bob).send(['perm-olga']),
    ]) {
      const refused = await call;
      expect(refused.status).toBe(403);
      expect(refused.body.status).toBe(2100006);
    }
    expect((await get(bob, olgas, 'env-b')).status).toBe(404);
    expect(await envCount()).toBe(before + 1);
    expect((await members(olgas)).map((node) => node.nodeHashId)).toEqual([linux1.nodeHashId]);
  });

  it('shares a BUILD env: the other project sees it and names it <mainProjectId>@<envName>', async () => {
    const shared = await createdEnv(dev, { name: 'shared-pool', envType: 'BUILD', nodeHashIds: [linux1.nodeHashId, linux2.nodeHashId] });
    const shareBody = { sharedProjects: [{ projectId: 'env-b', name: 'Project B', type: 'PROJECT' }] };
    expect((await request(gateway).post(`${envsOf('env-a')}/${shared}/share`).set(dev).send(shareBody)).status).toBe(200);
    // Sharing again refreshes the share instead of adding a second one.
    expect((await request(gateway).post(`${envsOf('env-a')}/${shared}/share`).set(dev).send(shareBody)).status).toBe(200);
    const shares = await request(gateway).get(`${envsOf('env-a')}/${shared}/list`).set(dev);
    expect(shares.body.data.count).toBe(1);
    expect(shares.body.data.records[0]).toMatchObject({ projectId: 'env-a', gitProjectId: 'env-b', name: 'Project B', type: 'PROJECT', creator: 'dev' });

    const seen = await request(gateway).get(`${envsOf('env-b')}/types/BUILD`).set(bob);
    expect(seen.status).toBe(200);
    expect(seen.body.data).toEqual([{ projectId: 'env-a', envHashId: shared, name: 'shared-pool', normalNodeCount: 2, abnormalNodeCount: 0, sharedProjectId: 'env-a', sharedUserId: 'dev' }]);
    const byName = await services.call(ENV_ENABLED_NODES_BY_NAME, { projectId: 'env-b' }, { onBehalfOf: 'engine', query: { envName: 'env-a@shared-pool' } });
    expect(byName.projectId).toBe('env-a');
    expect(byName.nodes.map((node) => node.nodeHashId).sort()).toEqual([linux1.nodeHashId, linux2.nodeHashId].sort());
    const own = await services.call(ENV_ENABLED_NODES_BY_NAME, { projectId: 'env-a' }, { onBehalfOf: 'engine', query: { envName: 'shared-pool' } });
    expect(own.envHashId).toBe(shared);
    const ownQualified = await services.call(ENV_ENABLED_NODES_BY_NAME, { projectId: 'env-a' }, { onBehalfOf: 'engine', query: { envName: 'env-a@shared-pool' } });
    expect(ownQualified.envHashId).toBe(shared);
    await expect(services.call(ENV_ENABLED_NODES_BY_NAME, { projectId: 'env-b' }, { onBehalfOf: 'engine', query: { envName: 'env-a@no-such-pool' } })).rejects.toMatchObject({ httpStatus: 404, code: 2105000 });

    expect((await request(gateway).delete(`${envsOf('env-a')}/${shared}/env-b/sharedProject`).set(dev)).status).toBe(200);
    expect((await request(gateway).get(`${envsOf('env-b')}/types/BUILD`).set(bob)).body.data).toEqual([]);
    await expect(services.call(ENV_ENABLED_NODES_BY_NAME, { projectId: 'env-b' }, { onBehalfOf: 'engine', query: { envName: 'env-a@shared-pool' } })).rejects.toMatchObject({ httpStatus: 404, code: 2105000 });
    const history = await request(gateway).get('/ms/environment/api/user/environment/operateLog').query({ projectId: 'env-a', envHashId: shared }).set(dev);
    expect(history.body.data.records.map((log: { operateName: string }) => log.operateName)).toEqual(['DELETE_SHARE_SETTING', 'UPDATE_SHARE_SETTING', 'UPDATE_SHARE_SETTING']);
  });

  it('lists by type and for an OS with node counts, and filters the list by name, type and member node', async () => {
    const devEnv = await createdEnv(dev, { name: 'count-dev', envType: 'DEV' });
    const linuxPool = await createdEnv(dev, { name: 'count-linux', envType: 'BUILD', os: 'LINUX', nodeHashIds: [linux1.nodeHashId, linux2.nodeHashId] });
    await nodes.setStatus('env-a', linux2.nodeId, 'ABNORMAL', 'checker');
    const byType = await request(gateway).get(`${envsOf('env-a')}/types/DEV`).set(dev);
    expect(byType.body.data.map((e: { envHashId: string }) => e.envHashId)).toContain(devEnv);
    expect(byType.body.data.every((e: { name: string }) => e.name !== 'count-linux')).toBe(true);
    const forLinux = await request(gateway).get(`${envsOf('env-a')}/buildEnvs`).query({ os: 'LINUX' }).set(dev);
    expect(forLinux.body.data.find((e: { envHashId: string }) => e.envHashId === linuxPool)).toMatchObject({ normalNodeCount: 1, abnormalNodeCount: 1, sharedProjectId: null });
    const forMac = await request(gateway).get(`${envsOf('env-a')}/buildEnvs`).query({ os: 'MACOS' }).set(dev);
    expect(forMac.body.data.map((e: { envHashId: string }) => e.envHashId)).not.toContain(linuxPool);
    await nodes.setStatus('env-a', linux2.nodeId, 'NORMAL', 'checker');

    const counts = (await request(gateway).get(`${envsOf('env-a')}/envCount`).set(dev)).body.data;
    const live = await envData.query('SELECT env_type AS t, COUNT(*) AS n FROM envs WHERE is_deleted = ? GROUP BY env_type', [false]);
    expect(counts).toEqual(Object.fromEntries(live.map((row: { t: string; n: string | number }) => [row.t, Number(row.n)])));
    expect(counts.DEV).toBeGreaterThanOrEqual(1);
    expect((await request(gateway).get(`${envsOf('env-a')}/envCount`).query({ createEnv: 'true' }).set(dev)).body.data).toEqual({});
    const consoleAdd = await request(gateway).post(`${envsOf('env-a')}/${devEnv}/addNodesNew`).set(dev).send({ nodeHashIds: [linux1.nodeHashId], tags: [] });
    expect(consoleAdd.body.status).toBe(2105022);

    expect((await request(gateway).get(envsOf('env-a')).query({ envName: 'count-dev' }).set(dev)).body.data.map((e: { envHashId: string }) => e.envHashId)).toEqual([devEnv]);
    expect((await request(gateway).get(envsOf('env-a')).query({ envName: 'ount-' }).set(dev)).body.data.map((e: { envHashId: string }) => e.envHashId)).toEqual([linuxPool, devEnv]);
    const withNode = (await request(gateway).get(envsOf('env-a')).query({ nodeHashId: linux2.nodeHashId, envType: 'BUILD' }).set(dev)).body.data.map((e: { name: string }) => e.name);
    expect(withNode).toContain('count-linux');
    expect(withNode).not.toContain('count-dev');
  });

  it('serves the v4 environment calls through the gateway', async () => {
    const created = await request(gateway).post(`${v4Of('env-a')}/envs`).set(dev).send({ name: 'v4-pool', envType: 'BUILD' });
    expect(created.status).toBe(201);
    const envHashId = created.body.data.hashId as string;
    expect((await request(gateway).post(`${v4Of('env-a')}/env_add_nodes`).query({ envHashId }).set(dev).send([linux1.nodeHashId, linux2.nodeHashId])).status).toBe(200);
    expect((await request(gateway).post(`${envsOf('env-a')}/${envHashId}/addNodesNew`).set(dev).send({ nodeHashIds: [linux1.nodeHashId] })).status).toBe(200);
    const nodesList = await request(gateway).get(`${v4Of('env-a')}/envs/${envHashId}/nodes_list`).query({ pageSize: 10 }).set(dev);
    expect(nodesList.body.data.count).toBe(2);
    const byName = await request(gateway).post(`${v4Of('env-a')}/envNames_to_envInfo`).set(dev).send(['v4-pool', 'no-such-env']);
    expect(byName.body.data.map((e: { envHashId: string; canUse: boolean }) => [e.envHashId, e.canUse])).toEqual([[envHashId, true]]);
    const nodeMap = await request(gateway).post(`${v4Of('env-a')}/envHashIds_to_nodes`).set(dev).send([envHashId]);
    expect(Object.keys(nodeMap.body.data)).toEqual([envHashId]);
    expect(nodeMap.body.data[envHashId]).toHaveLength(2);
    const rawNodes = await request(gateway).post(`${v4Of('env-a')}/nodeHashIds_to_nodes`).set(dev).send([linux1.nodeHashId, otherProjectNode.nodeHashId]);
    expect(rawNodes.body.data.map((n: { nodeHashId: string }) => n.nodeHashId)).toEqual([linux1.nodeHashId]);
    const disabled = await request(gateway).put(`${v4Of('env-a')}/enable_env_node`).query({ envName: 'v4-pool', nodeHashId: linux2.nodeHashId, enable: 'false' }).set(dev).send({ reason: 'maintenance' });
    expect(disabled.status).toBe(200);
    expect((await members(envHashId)).find((node) => node.nodeHashId === linux2.nodeHashId)?.envEnableNode).toBe(false);
    expect((await request(gateway).post(`${v4Of('env-a')}/share_envs`).query({ envHashId }).set(dev).send({ sharedProjects: [{ projectId: 'env-b', name: 'b', type: 'PROJECT' }] })).status).toBe(200);
    expect((await request(gateway).post(`${v4Of('env-a')}/env_delete_nodes`).query({ envHashId }).set(dev).send([linux1.nodeHashId])).status).toBe(200);
    expect((await members(envHashId)).map((node) => node.nodeHashId)).toEqual([linux2.nodeHashId]);
    const listed = await request(gateway).get(`${v4Of('env-a')}/envs/list`).query({ envName: 'v4-pool' }).set(dev);
    expect(listed.body.data.map((e: { envHashId: string }) => e.envHashId)).toEqual([envHashId]);
    const missing = await request(gateway).delete(`${v4Of('env-a')}/envs`).set(dev);
    expect(missing.status).toBe(400);
    expect((await request(gateway).delete(`${v4Of('env-a')}/envs`).query({ envHashId }).set(dev)).status).toBe(200);
    expect((await get(dev, envHashId)).status).toBe(404);
    expect((await request(gateway).get(`${v4Of('env-a')}/envs/list`).set(bob)).status).toBe(403);
  });
});
