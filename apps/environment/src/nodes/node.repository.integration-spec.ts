import { BKCI_HASH_IDS } from '@bkci/core';
import { TestEnvironment } from '@bkci/testing';
import { environmentApp } from '../environment.app';
import { NodeRepository, ThirdPartyNodeInput } from './node.repository';

const AGENT_NODE: ThirdPartyNodeInput = {
  projectId: 'alpha',
  nodeIp: '10.0.0.8',
  nodeName: 'build-01',
  osName: 'Ubuntu 24.04',
  osType: 'LINUX',
  agentVersion: '1.0.0',
  createdUser: 'alice',
};

/** The node table through its repository, on the real database of the profile. */
describe('NodeRepository', () => {
  const env = new TestEnvironment();
  let nodes: NodeRepository;

  beforeAll(async () => {
    const { app } = await env.start(environmentApp);
    nodes = app.get(NodeRepository);
  });

  afterAll(() => env.close());

  it('inserts a THIRDPARTY node with its BK-CI hash id, string id and display name', async () => {
    const node = await nodes.insertThirdPartyNode(AGENT_NODE);
    expect(node.nodeHashId).toBe(BKCI_HASH_IDS.encode(node.nodeId));
    expect(node.nodeStringId).toBe(`BUILD_${node.nodeHashId}_10.0.0.8`);
    const stored = await nodes.findByHashId('alpha', node.nodeHashId);
    expect(stored).toMatchObject({
      nodeId: node.nodeId,
      nodeHashId: node.nodeHashId,
      projectId: 'alpha',
      nodeStringId: node.nodeStringId,
      displayName: node.nodeStringId,
      nodeIp: '10.0.0.8',
      nodeName: 'build-01',
      nodeStatus: 'NORMAL',
      nodeType: 'THIRDPARTY',
      osName: 'Ubuntu 24.04',
      osType: 'LINUX',
      agentVersion: '1.0.0',
      createdUser: 'alice',
      lastModifyUser: 'alice',
      pipelineRefCount: 0,
      lastBuildTime: null,
      lastBuildPipelineId: null,
    });
  });

  it('finds a node only in its own project, and nothing for a hash id it did not make', async () => {
    const node = await nodes.insertThirdPartyNode(AGENT_NODE);
    expect(await nodes.findByHashId('beta', node.nodeHashId)).toBeNull();
    expect(await nodes.findByHashId('alpha', 'notahash')).toBeNull();
    expect(await nodes.findByHashId('alpha', '')).toBeNull();
  });

  it('sets the status, and a DELETED node is gone from every read and cannot change again', async () => {
    const node = await nodes.insertThirdPartyNode(AGENT_NODE);
    expect(await nodes.setStatus('alpha', node.nodeId, 'ABNORMAL', 'system')).toBe(true);
    expect((await nodes.findByHashId('alpha', node.nodeHashId))?.nodeStatus).toBe('ABNORMAL');
    expect(await nodes.setStatus('beta', node.nodeId, 'NORMAL', 'system')).toBe(false);
    expect(await nodes.setStatus('alpha', node.nodeId, 'DELETED', 'alice')).toBe(true);
    expect(await nodes.findByHashId('alpha', node.nodeHashId)).toBeNull();
    expect(await nodes.findByHashIds('alpha', [node.nodeHashId])).toEqual([]);
    expect(await nodes.setStatus('alpha', node.nodeId, 'NORMAL', 'system')).toBe(false);
  });

  it('copies what an agent reports onto its node', async () => {
    const node = await nodes.insertThirdPartyNode(AGENT_NODE);
    expect(await nodes.updateAgentFacts('alpha', node.nodeId, { nodeIp: '10.0.0.9', agentVersion: '1.0.1', nodeStatus: 'ABNORMAL' })).toBe(true);
    expect(await nodes.findById(node.nodeId)).toMatchObject({ nodeIp: '10.0.0.9', agentVersion: '1.0.1', nodeStatus: 'ABNORMAL', nodeName: 'build-01' });
  });
});
