import request from 'supertest';
import { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { NODES_WITH_TAGS } from '@bkci/contracts';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { environmentApp } from '../apps/environment/src/environment.app';
import { NodeEntity } from '../apps/environment/src/nodes/entities/node.entity';
import { NodeRepository } from '../apps/environment/src/nodes/node.repository';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const nodesOf = (projectId: string) => `/ms/environment/api/user/envnode/${projectId}`;
const envsOf = (projectId: string) => `/ms/environment/api/user/environment/${projectId}`;
const TAGS = '/ms/environment/api/user/nodetag';
const v4Of = (projectId: string) => `/ms/openapi/api/apigw-user/v4/environment/projects/${projectId}`;

/**
 * Nodes and node tags through the gateway: lists and filters, detail, display names, deletion (which
 * takes the node out of its envs), tags as dispatch labels, the permission matrix and bad input.
 * Nodes are THIRDPARTY nodes inserted through the node repository, as an agent import makes them.
 */
describe('nodes and node tags through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let envData: DataSource;
  let nodes: NodeRepository;
  let services: ServiceClient;
  let dev: Record<string, string>;
  let vera: Record<string, string>;
  let mona: Record<string, string>;
  let owner: Record<string, string>;
  let bob: Record<string, string>;
  const made: NodeEntity[] = [];

  const agentNode = async (nodeIp: string, osType: string, createdUser = 'dev') => {
    const node = await nodes.insertThirdPartyNode({ projectId: 'node-a', nodeIp, nodeName: `host-${nodeIp}`, osName: osType === 'LINUX' ? 'Ubuntu 24.04' : 'macOS 15', osType, agentVersion: '1.2.0', createdUser });
    made.push(node);
    return node;
  };
  const liveNodes = async () => Number((await envData.query("SELECT COUNT(*) AS n FROM nodes WHERE node_status <> 'DELETED'"))[0].n);
  const fetchTags = async () => (await request(gateway).get(`${TAGS}/fetchTag`).query({ projectId: 'node-a' }).set(dev)).body.data as Array<{ tagKeyId: number; tagKeyName: string; nodeCount: number; tagValues: Array<{ tagValueId: number; tagValueName: string; nodeCount: number }> }>;

  beforeAll(async () => {
    const process = await env.start(processApp);
    const environment = await env.start(environmentApp);
    envData = environment.app.get(DataSource);
    nodes = environment.app.get(NodeRepository);
    services = new ServiceClient(env.config('process'), process.app.get(ServiceTokens));
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of ['node-a', 'node-b']) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: projectId, englishName: projectId })).status).toBe(201);
    }
    expect((await request(gateway).post('/ms/process/api/user/projects/node-a/groups').set(ADMIN).send({ groupCode: 'cred-only', groupName: 'cred-only', actions: ['credential_create'] })).status).toBe(201);
    dev = await memberToken(gateway, 'node-a', 'dev', 'developer');
    vera = await memberToken(gateway, 'node-a', 'vera', 'viewer');
    mona = await memberToken(gateway, 'node-a', 'mona', 'cred-only');
    owner = await memberToken(gateway, 'node-a', 'olivia', 'manager');
    bob = await memberToken(gateway, 'node-b', 'bob', 'developer');
  });

  afterAll(() => env.close());

  it('lists nodes, pages and filters them as BK-CI listNew does, and shows one in detail', async () => {
    const a = await agentNode('10.1.0.1', 'LINUX');
    const b = await agentNode('10.1.0.2', 'LINUX', 'olivia');
    const c = await agentNode('10.1.0.3', 'MACOS');
    await nodes.setStatus('node-a', c.nodeId, 'ABNORMAL', 'checker');

    const all = await request(gateway).get(nodesOf('node-a')).set(dev);
    expect(all.status).toBe(200);
    expect(all.body.data.map((node: { nodeHashId: string }) => node.nodeHashId)).toEqual([a.nodeHashId, b.nodeHashId, c.nodeHashId]);
    expect(all.body.data[0]).toMatchObject({
      nodeHashId: a.nodeHashId,
      nodeId: `BUILD_${a.nodeHashId}_10.1.0.1`,
      name: 'host-10.1.0.1',
      ip: '10.1.0.1',
      nodeStatus: 'NORMAL',
      nodeType: 'THIRDPARTY',
      osName: 'Ubuntu 24.04',
      osType: 'LINUX',
      createdUser: 'dev',
      displayName: `BUILD_${a.nodeHashId}_10.1.0.1`,
      agentStatus: true,
      agentVersion: '1.2.0',
      canUse: true,
      canEdit: true,
      canDelete: true,
      canView: true,
      envNames: [],
      tags: [],
    });

    expect((await request(gateway).get(`${nodesOf('node-a')}/nodesCount`).set(vera)).body.data).toEqual({ THIRDPARTY: 3 });
    const page = await request(gateway).get(`${nodesOf('node-a')}/listNew`).query({ page: 2, pageSize: 2 }).set(dev);
    expect(page.body.data).toMatchObject({ count: 3, page: 2, pageSize: 2, totalPages: 2 });
    expect(page.body.data.records.map((node: { nodeHashId: string }) => node.nodeHashId)).toEqual([a.nodeHashId]);
    const filters: Array<[Record<string, string>, string[]]> = [
      [{ nodeIp: '10.1.0.2' }, [b.nodeHashId]],
      [{ nodeIp: '10.1.0.1,10.1.0.3' }, [c.nodeHashId, a.nodeHashId]],
      [{ keywords: '0.3' }, [c.nodeHashId]],
      [{ nodeStatus: 'ABNORMAL' }, [c.nodeHashId]],
      [{ createdUser: 'olivia' }, [b.nodeHashId]],
      [{ osName: 'macOS' }, [c.nodeHashId]],
      [{ sortType: 'nodeIp', collation: 'ASC' }, [a.nodeHashId, b.nodeHashId, c.nodeHashId]],
      [{ nodeType: 'CMDB' }, []],
    ];
    for (const [query, expected] of filters) {
      const found = await request(gateway).get(`${nodesOf('node-a')}/listNew`).query(query).set(dev);
      expect({ query, found: found.body.data.records.map((node: { nodeHashId: string }) => node.nodeHashId) }).toEqual({ query, found: expected });
      expect(found.body.data.count).toBe(expected.length);
    }

    const pool = await request(gateway).post(envsOf('node-a')).set(dev).send({ name: 'detail-pool', envType: 'BUILD', nodeHashIds: [a.nodeHashId] });
    expect(pool.status).toBe(201);
    const detail = await request(gateway).get(`${nodesOf('node-a')}/${a.nodeHashId}`).set(vera);
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({ nodeHashId: a.nodeHashId, envNames: ['detail-pool'], canEdit: false, canDelete: false, canView: true });
    expect((await request(gateway).get(`${nodesOf('node-a')}/notahash`).set(dev)).body.status).toBe(2105002);
  });

  it('renames a node, refusing a display name another node has', async () => {
    const a = await agentNode('10.2.0.1', 'LINUX');
    const b = await agentNode('10.2.0.2', 'LINUX');
    const renamed = await request(gateway).post(`${nodesOf('node-a')}/${a.nodeHashId}/updateDisplayName`).set(dev).send({ displayName: 'builder-one' });
    expect(renamed.status).toBe(200);
    expect((await request(gateway).get(`${nodesOf('node-a')}/${a.nodeHashId}`).set(dev)).body.data).toMatchObject({ displayName: 'builder-one', lastModifyUser: 'dev' });
    const taken = await request(gateway).post(`${nodesOf('node-a')}/${b.nodeHashId}/updateDisplayName`).set(dev).send({ displayName: 'builder-one' });
    expect(taken.status).toBe(409);
    expect(taken.body.status).toBe(2105003);
    for (const body of [{}, { displayName: '' }, { displayName: 'x'.repeat(129) }, { displayName: 7 }]) {
      const refused = await request(gateway).post(`${nodesOf('node-a')}/${b.nodeHashId}/updateDisplayName`).set(dev).send(body);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain('displayName');
    }
    expect((await request(gateway).get(`${nodesOf('node-a')}/${b.nodeHashId}`).set(dev)).body.data.displayName).toBe(`BUILD_${b.nodeHashId}_10.2.0.2`);
    expect((await request(gateway).post(`${nodesOf('node-a')}/${b.nodeHashId}/updateDisplayName`).set(vera).send({ displayName: 'viewer-name' })).status).toBe(403);
  });

  it('deletes nodes all or nothing: they leave their envs and tags, and every read', async () => {
    const a = await agentNode('10.3.0.1', 'LINUX');
    const b = await agentNode('10.3.0.2', 'LINUX');
    const created = await request(gateway).post(envsOf('node-a')).set(dev).send({ name: 'delete-pool', envType: 'BUILD', nodeHashIds: [a.nodeHashId, b.nodeHashId] });
    const envHashId = created.body.data.hashId as string;
    const before = await liveNodes();

    const partlyUnknown = await request(gateway).post(`${nodesOf('node-a')}/deleteNodes`).set(dev).send([a.nodeHashId, 'zzzzzzzz']);
    expect(partlyUnknown.status).toBe(404);
    expect(partlyUnknown.body.status).toBe(2105002);
    expect((await request(gateway).post(`${nodesOf('node-a')}/deleteNodes`).set(vera).send([a.nodeHashId])).status).toBe(403);
    expect((await request(gateway).post(`${nodesOf('node-a')}/deleteNodes`).set(dev).send('not-a-list')).status).toBe(400);
    expect(await liveNodes()).toBe(before);

    expect((await request(gateway).post(`${nodesOf('node-a')}/deleteNodes`).set(dev).send([a.nodeHashId])).status).toBe(200);
    expect(await liveNodes()).toBe(before - 1);
    expect((await request(gateway).get(`${nodesOf('node-a')}/${a.nodeHashId}`).set(dev)).status).toBe(404);
    const listed = (await request(gateway).get(nodesOf('node-a')).set(dev)).body.data.map((node: { nodeHashId: string }) => node.nodeHashId);
    expect(listed).not.toContain(a.nodeHashId);
    const members = await request(gateway).post(`${envsOf('node-a')}/${envHashId}/listNodes`).set(dev);
    expect(members.body.data.map((node: { nodeHashId: string }) => node.nodeHashId)).toEqual([b.nodeHashId]);
    // A deleted node cannot be put back into an env.
    const readd = await request(gateway).post(`${envsOf('node-a')}/${envHashId}/addNodes`).set(dev).send([a.nodeHashId]);
    expect(readd.body.status).toBe(2105002);

    const viaV4 = await request(gateway).post(`${v4Of('node-a')}/nodes_delete`).set(dev).send([b.nodeHashId]);
    expect(viaV4.status).toBe(200);
    expect(await liveNodes()).toBe(before - 2);
  });

  it('tags nodes and finds them by tags, as the engine picks agents by labels', async () => {
    const linux = await agentNode('10.4.0.1', 'LINUX');
    const gpu = await agentNode('10.4.0.2', 'LINUX');
    const mac = await agentNode('10.4.0.3', 'MACOS');
    expect((await request(gateway).post(`${TAGS}/create`).query({ projectId: 'node-a' }).set(owner).send({ tagKeyName: 'os', tagValues: ['linux', 'macos'] })).status).toBe(201);
    expect((await request(gateway).post(`${TAGS}/create`).query({ projectId: 'node-a' }).set(owner).send({ tagKeyName: 'feature', tagAllowMulValue: true, tagValues: ['gpu', 'docker'] })).status).toBe(201);
    const [os, feature] = await fetchTags();
    const value = (key: typeof os, name: string) => key.tagValues.find((v) => v.tagValueName === name)?.tagValueId as number;
    expect(os).toMatchObject({ tagKeyName: 'os', nodeCount: 0 });
    expect(os.tagValues.map((v) => v.tagValueName)).toEqual(['linux', 'macos']);

    const edit = (who: Record<string, string>, node: NodeEntity, tags: Array<[typeof os, string]>) =>
      request(gateway).post(`${TAGS}/editTag`).query({ projectId: 'node-a' }).set(who).send({ nodeId: node.nodeId, tags: tags.map(([key, name]) => ({ tagKeyId: key.tagKeyId, tagValueId: value(key, name) })) });
    expect((await edit(dev, linux, [[os, 'linux']])).status).toBe(200);
    expect((await edit(dev, gpu, [[os, 'linux'], [feature, 'gpu'], [feature, 'docker']])).status).toBe(200);
    const batch = await request(gateway)
      .post(`${TAGS}/batchEditTag`)
      .query({ projectId: 'node-a' })
      .set(dev)
      .send([{ nodeHashId: mac.nodeHashId, tags: [{ tagKeyId: os.tagKeyId, tagValueId: value(os, 'macos') }] }]);
    expect(batch.status).toBe(200);

    const twoOs = await edit(dev, mac, [[os, 'linux'], [os, 'macos']]);
    expect(twoOs.status).toBe(400);
    expect(twoOs.body.status).toBe(2105062);
    const wrongKey = await request(gateway).post(`${TAGS}/editTag`).query({ projectId: 'node-a' }).set(dev).send({ nodeId: mac.nodeId, tags: [{ tagKeyId: feature.tagKeyId, tagValueId: value(os, 'linux') }] });
    expect(wrongKey.body.status).toBe(2105101);
    const notEditable = await edit(vera, mac, [[os, 'linux']]);
    expect(notEditable.status).toBe(403);
    expect(notEditable.body.status).toBe(2105015);

    const counted = await fetchTags();
    expect(counted[0]).toMatchObject({ tagKeyName: 'os', nodeCount: 3 });
    expect(counted[0].tagValues.map((v) => [v.tagValueName, v.nodeCount])).toEqual([['linux', 2], ['macos', 1]]);
    const macDetail = await request(gateway).get(`${nodesOf('node-a')}/${mac.nodeHashId}`).set(dev);
    expect(macDetail.body.data.tags).toEqual([{ tagKeyId: os.tagKeyId, tagKeyName: 'os', tagAllowMulValue: false, tagValues: [{ tagValueId: value(os, 'macos'), tagValueName: 'macos' }] }]);

    const withTags = (tags: Array<{ key: string; values?: string[] }>) => services.call(NODES_WITH_TAGS, { projectId: 'node-a' }, { onBehalfOf: 'engine', body: { tags } });
    expect((await withTags([{ key: 'os', values: ['linux'] }])).map((node) => node.nodeHashId)).toEqual([linux.nodeHashId, gpu.nodeHashId]);
    expect((await withTags([{ key: 'os', values: ['linux'] }, { key: 'feature', values: ['gpu'] }])).map((node) => node.nodeHashId)).toEqual([gpu.nodeHashId]);
    expect((await withTags([{ key: 'feature' }])).map((node) => node.nodeHashId)).toEqual([gpu.nodeHashId]);
    expect(await withTags([{ key: 'os', values: ['windows'] }])).toEqual([]);
    expect(await withTags([{ key: 'arch', values: ['arm64'] }])).toEqual([]);

    const fetched = await request(gateway).post(`${nodesOf('node-a')}/fetchNodes`).set(dev).send({ tags: [{ tagKeyId: feature.tagKeyId, tagValues: [value(feature, 'docker')] }] });
    expect(fetched.body.data.records.map((node: { nodeHashId: string }) => node.nodeHashId)).toEqual([gpu.nodeHashId]);
    const viaV4 = await request(gateway).post(`${v4Of('node-a')}/fetch_nodes`).query({ nodeIp: '10.4.0' }).set(dev).send({ tags: [{ tagKeyId: os.tagKeyId }] });
    expect(viaV4.body.data.count).toBe(3);

    const inUse = await request(gateway).delete(`${TAGS}/deleteTag`).query({ projectId: 'node-a', tagKeyId: os.tagKeyId }).set(owner);
    expect(inUse.status).toBe(409);
    expect(inUse.body.status).toBe(2105060);
    expect((await request(gateway).delete(`${TAGS}/deleteTag`).query({ projectId: 'node-a', tagKeyId: feature.tagKeyId }).set(dev)).status).toBe(403);
    const renamed = await request(gateway)
      .put(`${TAGS}/updateTag`)
      .query({ projectId: 'node-a' })
      .set(owner)
      .send({ tagKeyId: feature.tagKeyId, tagKeyName: 'features', tagValues: [{ tagValueId: value(feature, 'gpu'), tagValueName: 'cuda' }, { tagValueId: value(feature, 'docker'), tagValueName: 'docker' }, { tagValueName: 'kvm' }] });
    expect(renamed.status).toBe(200);
    const after = (await fetchTags()).find((key) => key.tagKeyId === feature.tagKeyId);
    expect(after?.tagKeyName).toBe('features');
    expect(after?.tagValues.map((v) => v.tagValueName)).toEqual(['cuda', 'docker', 'kvm']);
    const kvm = after?.tagValues.find((v) => v.tagValueName === 'kvm')?.tagValueId;
    expect((await request(gateway).delete(`${TAGS}/deleteTag`).query({ projectId: 'node-a', tagKeyId: feature.tagKeyId, tagValueId: kvm }).set(owner)).status).toBe(200);
    const duplicate = await request(gateway).post(`${TAGS}/create`).query({ projectId: 'node-a' }).set(owner).send({ tagKeyName: 'os', tagValues: ['bsd'] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.status).toBe(2105059);
    const tagsAndEnvs = await request(gateway).get(`${TAGS}/fetchNodeTagAndDynEnv`).query({ projectId: 'node-a', nodeHashId: gpu.nodeHashId }).set(dev);
    expect(tagsAndEnvs.body.data.tags.map((tag: { tagKeyName: string }) => tag.tagKeyName)).toEqual(['os', 'features']);
    for (const body of [{ tagValues: ['a'] }, { tagKeyName: 'k', tagValues: [] }, { tagKeyName: 'k', tagValues: [''] }]) {
      const refused = await request(gateway).post(`${TAGS}/create`).query({ projectId: 'node-a' }).set(owner).send(body);
      expect(refused.status).toBe(400);
    }
    expect((await request(gateway).post(`${TAGS}/create`).set(owner).send({ tagKeyName: 'k', tagValues: ['v'] })).body.message).toContain('projectId');
    expect((await fetchTags()).map((key) => key.tagKeyName)).toEqual(['os', 'features']);
  });

  it('applies the permission matrix to nodes: a member without node grants, another project', async () => {
    const node = await agentNode('10.5.0.1', 'LINUX');
    expect((await request(gateway).get(nodesOf('node-a')).set(mona)).status).toBe(403);
    expect((await request(gateway).get(`${nodesOf('node-a')}/listNew`).set(mona)).status).toBe(403);
    expect((await request(gateway).get(`${nodesOf('node-a')}/${node.nodeHashId}`).set(mona)).status).toBe(403);
    expect((await request(gateway).post(`${nodesOf('node-a')}/deleteNodes`).set(mona).send([node.nodeHashId])).status).toBe(403);
    expect((await request(gateway).get(`${nodesOf('node-a')}/hasCreatePermission`).set(mona)).body.data).toBe(false);
    expect((await request(gateway).get(`${nodesOf('node-a')}/hasCreatePermission`).set(dev)).body.data).toBe(true);
    for (const call of [
      request(gateway).get(nodesOf('node-a')).set(bob),
      request(gateway).get(`${nodesOf('node-a')}/${node.nodeHashId}`).set(bob),
      request(gateway).post(`${nodesOf('node-a')}/deleteNodes`).set(bob).send([node.nodeHashId]),
      request(gateway).get(`${TAGS}/fetchTag`).query({ projectId: 'node-a' }).set(bob),
      request(gateway).post(`${v4Of('node-a')}/nodeHashIds_to_nodes`).set(bob).send([node.nodeHashId]),
    ]) {
      const refused = await call;
      expect(refused.status).toBe(403);
      expect(refused.body.status).toBe(2100006);
    }
    // node-a's node is not node-b's.
    expect((await request(gateway).get(`${nodesOf('node-b')}/${node.nodeHashId}`).set(bob)).status).toBe(404);
    expect((await request(gateway).get(nodesOf('node-b')).set(bob)).body.data).toEqual([]);
    expect((await request(gateway).get(`${nodesOf('node-a')}/${node.nodeHashId}`).set(dev)).body.data.nodeStatus).toBe('NORMAL');
  });
});
