import { describeV4Calls, resolveV4Call } from './openapi-v4-routes';
import { V4ParameterMissing } from './v4-route';

const q = (text: string) => new URLSearchParams(text);
/** Where a v4 call is served. */
const resolveV4 = (method: string, path: string, query: URLSearchParams) => resolveV4Call(method, path, query)?.target ?? null;

describe('resolveV4', () => {
  it('maps template calls onto process’s V1 resources, moving ids from the query into the path', () => {
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/templates', q('templateType=CUSTOMIZE&page=2'))).toEqual({
      app: 'process',
      path: '/api/user/templates/projects/demo/templates?templateType=CUSTOMIZE&page=2&pageSize=20',
    });
    expect(resolveV4('GET', '/api/apigw-app/v4/projects/demo/templates/template_detail', q('templateId=t1&version=3'))).toEqual({
      app: 'process',
      path: '/api/user/templates/projects/demo/templates/t1?version=3',
    });
    expect(resolveV4('PUT', '/api/apigw/v4/projects/demo/templates', q('templateId=t1&versionName=v2'))?.path).toBe('/api/user/templates/projects/demo/templates/t1?versionName=v2');
    expect(resolveV4('DELETE', '/api/apigw-user/v4/projects/demo/templates/template_version', q('templateId=t1&version=4'))?.path).toBe('/api/user/templates/projects/demo/templates/t1/versions/4');
    expect(resolveV4('POST', '/api/apigw-user/v4/projects/demo/templates/templateInstances', q('templateId=t1&version=4&useTemplateSettings=true'))?.path).toBe(
      '/api/user/templateInstances/projects/demo/templates/t1?version=4&useTemplateSettings=true',
    );
  });

  it('sends the store installs, which name their projects in the body, to process’s store routes', () => {
    expect(resolveV4('POST', '/api/apigw-user/v4/market/template_install_from_store', q(''))).toEqual({ app: 'process', path: '/api/user/pipeline/template/v2/market/install' });
    expect(resolveV4('POST', '/api/apigw-user/v4/market/template_install_from_store_new', q(''))).toEqual({ app: 'process', path: '/api/user/pipeline/template/v2/market/install/new' });
    expect(resolveV4('POST', '/api/apigw-user/v4/market/constructor', q(''))).toBeNull();
  });

  it('updates instances to a release named in the query, and keeps versionName and sorting for process', () => {
    expect(resolveV4('PUT', '/api/apigw-app/v4/projects/demo/templates/templateInstances/update', q('templateId=t1&versionName=v2&useTemplateSettings=true'))).toEqual({
      app: 'process',
      path: '/api/user/templateInstances/projects/demo/templates/t1?versionName=v2&useTemplateSettings=true',
    });
    expect(() => resolveV4('PUT', '/api/apigw-app/v4/projects/demo/templates/templateInstances/update', q('templateId=t1'))).toThrow('versionName');
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/templates/template_detail', q('templateId=t1&versionName=v2'))?.path).toBe('/api/user/templates/projects/demo/templates/t1?versionName=v2');
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/templates/templateInstances', q('templateId=t1&sortType=VERSION&desc=false'))?.path).toBe(
      '/api/user/templateInstances/projects/demo/templates/t1?sortType=VERSION&desc=false&pageSize=20',
    );
  });

  it('maps pipeline CRUD and the list onto process’s user pipeline routes, the pipelineId moving into the path', () => {
    expect(resolveV4('POST', '/api/apigw-user/v4/projects/demo/pipelines/pipeline', q(''))).toEqual({ app: 'process', path: '/api/user/pipelines/demo' });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect(resolveV4(method, '/api/apigw-app/v4/projects/demo/pipelines/pipeline', q('pipelineId=p%2F1'))).toEqual({ app: 'process', path: '/api/user/pipelines/demo/p%2F1' });
      expect(() => resolveV4(method, '/api/apigw-app/v4/projects/demo/pipelines/pipeline', q(''))).toThrow(new V4ParameterMissing('Query parameter pipelineId is required'));
    }
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/pipelines/pipeline_list', q('page=2&pageSize=5&filterByPipelineName=a'))).toEqual({
      app: 'process',
      path: '/api/user/pipelines/demo?page=2&pageSize=5&filterByPipelineName=a',
    });
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/pipelines/pipeline_status', q('pipelineId=p1'))).toEqual({ app: 'process', path: '/api/user/pipelines/demo/p1/status' });
    expect(() => resolveV4('GET', '/api/apigw-user/v4/projects/demo/pipelines/pipeline_status', q(''))).toThrow(new V4ParameterMissing('Query parameter pipelineId is required'));
  });

  it('maps the version calls that save and release a YAML draft and read a version', () => {
    expect(resolveV4('POST', '/api/apigw-user/v4/projects/demo/version/save_draft', q(''))).toEqual({ app: 'process', path: '/api/user/version/projects/demo/saveDraft' });
    expect(resolveV4('POST', '/api/apigw-user/v4/projects/demo/version/release_version', q('pipelineId=p1&version=3'))).toEqual({
      app: 'process',
      path: '/api/user/version/projects/demo/pipelines/p1/releaseVersion/3',
    });
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/version/get_version', q('pipelineId=p1&version=2'))).toEqual({
      app: 'process',
      path: '/api/user/version/projects/demo/pipelines/p1/versions/2',
    });
    expect(() => resolveV4('POST', '/api/apigw-user/v4/projects/demo/version/release_version', q('pipelineId=p1'))).toThrow('version');
    expect(resolveV4('GET', '/api/apigw-app/v4/projects/demo/version/pipeline_detail', q('pipelineId=p1'))).toEqual({
      app: 'process',
      path: '/api/user/version/projects/demo/pipelines/p1/detail',
    });
  });

  it('creates a pipeline from a template through process’s pipeline version route', () => {
    expect(resolveV4('POST', '/api/apigw/v4/projects/demo/version/create_with_template', q(''))).toEqual({ app: 'process', path: '/api/user/version/projects/demo/createPipelineWithTemplate' });
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/version/create_with_template', q(''))).toBeNull();
  });

  it('maps credential calls onto ticket’s user resources', () => {
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/credentials/credential_list', q('page=1&pageSize=10'))).toEqual({ app: 'ticket', path: '/api/user/credentials/demo?page=1&pageSize=10' });
    expect(resolveV4('POST', '/api/apigw-app/v4/projects/demo/credentials/credential', q(''))).toEqual({ app: 'ticket', path: '/api/user/credentials/demo' });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect(resolveV4(method, '/api/apigw/v4/projects/demo/credentials/credential', q('credentialId=git_token'))).toEqual({ app: 'ticket', path: '/api/user/credentials/demo/git_token' });
    }
    expect(() => resolveV4('GET', '/api/apigw-user/v4/projects/demo/credentials/credential', q(''))).toThrow('credentialId');
  });

  it('maps log calls onto log’s user routes of the build, renaming v4’s job filters to the user routes’ names', () => {
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/logs/init_logs', q('pipelineId=p-1&buildId=b-1&containerHashId=c-1&jobId=job_1&debug=true'))).toEqual({
      app: 'log',
      path: '/api/user/logs/demo/p-1/b-1/?jobId=c-1&userJobId=job_1&debug=true',
    });
    expect(resolveV4('GET', '/api/apigw-app/v4/projects/demo/logs/more_logs', q('pipelineId=p-1&buildId=b-1&start=1&end=9'))?.path).toBe('/api/user/logs/demo/p-1/b-1/more?start=1&end=9');
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/logs/after_line_logs', q('pipelineId=p-1&buildId=b-1&start=5'))?.path).toBe('/api/user/logs/demo/p-1/b-1/after?start=5');
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/logs/download_logs', q('pipelineId=p-1&buildId=b-1'))?.path).toBe('/api/user/logs/demo/p-1/b-1/download');
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/logs/log_mode', q('pipelineId=p-1&buildId=b-1&tag=t'))?.path).toBe('/api/user/logs/demo/p-1/b-1/mode?tag=t');
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/logs/last_line_num', q('pipelineId=p-1&buildId=b-1'))?.path).toBe('/api/user/logs/demo/p-1/b-1/last_line_num');
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/logs/last_line_num', q('pipelineId=../x&buildId=b-1'))?.path).toBe('/api/user/logs/demo/..%2Fx/b-1/last_line_num');
    expect(() => resolveV4('GET', '/api/apigw/v4/projects/demo/logs/init_logs', q('pipelineId=p-1'))).toThrow('buildId');
    expect(resolveV4('POST', '/api/apigw/v4/projects/demo/logs/init_logs', q('pipelineId=p-1&buildId=b-1'))).toBeNull();
  });

  it('maps third-party agent node calls onto environment’s agent routes, by node or else by agent', () => {
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/environment/third_part_agent_nodes', q(''))).toEqual({ app: 'environment', path: '/api/user/environment/thirdPartyAgent/projects/demo/nodes' });
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/environment/third_part_agent_node_status', q('nodeHashId=abcdefgh&agentHashId=zyxwvuts'))).toEqual({
      app: 'environment',
      path: '/api/user/environment/thirdPartyAgent/projects/demo/nodes/abcdefgh/status',
    });
    expect(resolveV4('GET', '/api/apigw/v4/projects/demo/environment/third_part_agent_node_status', q('agentHashId=zyxwvuts'))?.path).toBe('/api/user/environment/thirdPartyAgent/projects/demo/agents/zyxwvuts/nodeStatus');
    expect(resolveV4('GET', '/api/apigw-app/v4/projects/demo/environment/third_part_agent_node_detail', q('nodeHashId=abcdefgh&nodeName=n'))?.path).toBe(
      '/api/user/environment/thirdPartyAgent/projects/demo/nodes/abcdefgh/thirdPartyAgentDetail',
    );
    expect(resolveV4('GET', '/api/apigw-app/v4/projects/demo/environment/third_part_agent_node_detail', q('agentHashId=../x'))?.path).toBe('/api/user/environment/thirdPartyAgent/projects/demo/agents/..%2Fx/detail');
    expect(() => resolveV4('GET', '/api/apigw/v4/projects/demo/environment/third_part_agent_node_detail', q('nodeName=n'))).toThrow('nodeHashId or agentHashId');
    expect(resolveV4('POST', '/api/apigw/v4/projects/demo/environment/third_part_agent_nodes', q(''))).toBeNull();
  });

  it('maps the build calls onto process’s user build routes, the ids moving from the query into the path', () => {
    const v4 = (method: string, call: string, query: string) => resolveV4(method, `/api/apigw-user/v4/projects/demo/${call}`, q(query));
    expect(v4('POST', 'build_start', 'pipelineId=p-1&buildNo=7&branch=main')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1?buildNo=7&branch=main' });
    expect(v4('POST', 'build_stop', 'pipelineId=p-1&buildId=b-1')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1/b-1', method: 'DELETE' });
    expect(v4('GET', 'build_status', 'buildId=b-1&pipelineId=p-1')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1/b-1/status' });
    expect(v4('GET', 'build_detail', 'pipelineId=p-1&buildId=b-1&executeCount=2')).toEqual({ app: 'process', path: '/api/user/builds/projects/demo/pipelines/p-1/builds/b-1/record?executeCount=2' });
    expect(v4('GET', 'build_histories', 'pipelineId=p-1&page=2&pageSize=5')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1/history?page=2&pageSize=5' });
    expect(v4('POST', 'build_variables', 'pipelineId=p-1&buildId=b-1')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1/b-1/variables' });
    expect(v4('GET', 'build_manual_startup_info', 'pipelineId=p-1&version=3')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1/manualStartupInfo?version=3' });
    expect(v4('POST', 'manual_start_build_stage', 'pipelineId=p-1&buildId=b-1&stageId=stage-2&cancel=true')).toEqual({
      app: 'process',
      path: '/api/user/builds/projects/demo/pipelines/p-1/builds/b-1/stages/stage-2/manualStart?cancel=true',
    });
    expect(v4('POST', 'manual_review', 'pipelineId=p-1&buildId=b-1&elementId=e-1')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1/b-1/e-1/review' });
    expect(v4('POST', 'build_retry', 'pipelineId=p-1&buildId=b-1&taskId=e-1&skip=true')).toEqual({ app: 'process', path: '/api/user/builds/demo/p-1/b-1/retry?taskId=e-1&skip=true' });
    expect(resolveV4('GET', '/api/apigw-app/v4/projects/demo/build_status', q('pipelineId=..%2Fx&buildId=b-1'))?.path).toBe('/api/user/builds/demo/..%2Fx/b-1/status');
  });

  it('refuses build calls missing the pipelineId or buildId, and leaves the calls the engine cannot serve yet unmapped', () => {
    for (const [method, call] of [
      ['POST', 'build_start'],
      ['POST', 'build_stop'],
      ['GET', 'build_status'],
      ['GET', 'build_detail'],
      ['GET', 'build_histories'],
      ['POST', 'build_variables'],
      ['GET', 'build_manual_startup_info'],
    ]) {
      expect(() => resolveV4(method, `/api/apigw-user/v4/projects/demo/${call}`, q('buildId=b-1'))).toThrow(new V4ParameterMissing('Query parameter pipelineId is required'));
    }
    for (const call of ['build_stop', 'build_variables', 'build_retry']) {
      expect(() => resolveV4('POST', `/api/apigw-user/v4/projects/demo/${call}`, q('pipelineId=p-1'))).toThrow(new V4ParameterMissing('Query parameter buildId is required'));
    }
    expect(() => resolveV4('GET', '/api/apigw-user/v4/projects/demo/build_status', q('pipelineId=p-1'))).toThrow(new V4ParameterMissing('Query parameter buildId is required'));
    expect(() => resolveV4('POST', '/api/apigw-user/v4/projects/demo/manual_start_build_stage', q('pipelineId=p-1&buildId=b-1'))).toThrow(new V4ParameterMissing('Query parameter stageId is required'));
    expect(() => resolveV4('POST', '/api/apigw-user/v4/projects/demo/manual_review', q('pipelineId=p-1&buildId=b-1&stepId=review'))).toThrow(new V4ParameterMissing('Query parameter elementId is required'));
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/build_start', q('pipelineId=p-1'))).toBeNull();
    expect(resolveV4('DELETE', '/api/apigw-user/v4/projects/demo/build_stop', q('pipelineId=p-1&buildId=b-1'))).toBeNull();
  });

  it('escapes what it moves into a path', () => {
    expect(resolveV4('DELETE', '/api/apigw-user/v4/projects/demo/templates', q('templateId=../../x'))?.path).toBe('/api/user/templates/projects/demo/templates/..%2F..%2Fx');
  });

  it('leaves other paths alone and refuses a call without its id', () => {
    expect(resolveV4('GET', '/api/user/tokens', q(''))).toBeNull();
    expect(resolveV4('PATCH', '/api/apigw-user/v4/projects/demo/templates', q(''))).toBeNull();
    expect(() => resolveV4('DELETE', '/api/apigw-user/v4/projects/demo/templates', q(''))).toThrow(V4ParameterMissing);
  });

  it('maps the environment calls onto environment’s user routes, moving hash ids from the query into the path', () => {
    const v4 = (method: string, call: string, query = '') => resolveV4(method, `/api/apigw-user/v4/environment/projects/demo/${call}`, q(query));
    expect(v4('GET', 'envs/list', 'envType=BUILD')).toEqual({ app: 'environment', path: '/api/user/environment/demo?envType=BUILD' });
    expect(v4('POST', 'envs')).toEqual({ app: 'environment', path: '/api/user/environment/demo' });
    expect(v4('DELETE', 'envs', 'envHashId=abcdefgh')?.path).toBe('/api/user/environment/demo/abcdefgh');
    expect(v4('POST', 'env_add_nodes', 'envHashId=abcdefgh')?.path).toBe('/api/user/environment/demo/abcdefgh/addNodes');
    expect(v4('POST', 'env_delete_nodes', 'envHashId=abcdefgh')?.path).toBe('/api/user/environment/demo/abcdefgh/deleteNodes');
    expect(v4('POST', 'nodes_delete')?.path).toBe('/api/user/envnode/demo/deleteNodes');
    expect(v4('GET', 'envs/abcdefgh/nodes_list', 'page=2&pageSize=5')?.path).toBe('/api/user/environment/demo/abcdefgh/listNodesNew?page=2&pageSize=5');
    expect(v4('POST', 'envNames_to_envInfo')?.path).toBe('/api/user/environment/demo/listRawByEnvNames');
    expect(v4('POST', 'envHashIds_to_envInfo')?.path).toBe('/api/user/environment/demo/listRawByEnvHashIds');
    expect(v4('POST', 'nodeHashIds_to_nodes')?.path).toBe('/api/user/envnode/demo/listRawByHashIds');
    expect(v4('POST', 'envHashIds_to_nodes')?.path).toBe('/api/user/environment/demo/listNodesByEnvHashIds');
    expect(v4('POST', 'share_envs', 'envHashId=abcdefgh')?.path).toBe('/api/user/environment/demo/abcdefgh/share');
    expect(v4('POST', 'fetch_nodes', 'nodeStatus=NORMAL')?.path).toBe('/api/user/envnode/demo/fetchNodes?nodeStatus=NORMAL');
    expect(v4('PUT', 'enable_env_node', 'envName=pool&nodeHashId=abcdefgh&enable=false')?.path).toBe('/api/user/environment/demo/enable_node?envName=pool&nodeHashId=abcdefgh&enableNode=false');
  });

  it('refuses environment calls missing the hash id or flag they need', () => {
    for (const [method, call] of [
      ['DELETE', 'envs'],
      ['POST', 'env_add_nodes'],
      ['POST', 'env_delete_nodes'],
      ['POST', 'share_envs'],
      ['PUT', 'enable_env_node'],
    ]) {
      expect(() => resolveV4(method, `/api/apigw-user/v4/environment/projects/demo/${call}`, q(''))).toThrow(V4ParameterMissing);
    }
  });

  it('caps pageSize at 100 on every call that forwards it, as BK-CI’s ApigwParamUtil.standardSize', () => {
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/pipelines/pipeline_list', q('page=2&pageSize=500&filterByPipelineName=a'))?.path).toBe(
      '/api/user/pipelines/demo?page=2&pageSize=100&filterByPipelineName=a',
    );
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/build_histories', q('pipelineId=p1&pageSize=%2B101'))?.path).toBe('/api/user/builds/demo/p1/history?pageSize=100');
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/credentials/credential_list', q('pageSize=100'))?.path).toBe('/api/user/credentials/demo?pageSize=100');
    expect(resolveV4('GET', '/api/apigw-user/v4/environment/projects/demo/envs/e1/nodes_list', q('pageSize=1000'))?.path).toBe('/api/user/environment/demo/e1/listNodesNew?pageSize=100');
    expect(resolveV4('POST', '/api/apigw-user/v4/environment/projects/demo/fetch_nodes', q('page=1&pageSize=2000'))?.path).toBe('/api/user/envnode/demo/fetchNodes?page=1&pageSize=100');
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/logs/more_logs', q('pipelineId=p1&buildId=b1&pageSize=300'))?.path).toContain('pageSize=100');
  });

  it('pages the lists BK-CI pages by 20 when no pageSize is named, and leaves other values to the route behind', () => {
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/pipelines/pipeline_list', q(''))?.path).toBe('/api/user/pipelines/demo?pageSize=20');
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/build_histories', q('pipelineId=p1&pageSize='))?.path).toBe('/api/user/builds/demo/p1/history?pageSize=20');
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/templates/all_templates', q('page=1'))?.path).toBe('/api/user/templates/projects/demo/templates?page=1&pageSize=20');
    expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/credentials/credential_list', q(''))?.path).toBe('/api/user/credentials/demo?pageSize=20');
    expect(resolveV4('GET', '/api/apigw-user/v4/environment/projects/demo/envs/list', q(''))).toEqual({ app: 'environment', path: '/api/user/environment/demo' });
    for (const pageSize of ['0', '-5', 'ten', '99.5', '7']) {
      expect(resolveV4('GET', '/api/apigw-user/v4/projects/demo/pipelines/pipeline_list', q(`pageSize=${pageSize}`))?.path).toBe(`/api/user/pipelines/demo?pageSize=${pageSize}`);
    }
  });

  it('names each call by its method and path with the ids replaced, the same for every project, id and mode', () => {
    const api = (method: string, path: string, query = '') => resolveV4Call(method, path, q(query))?.api;
    expect(api('POST', '/api/apigw-user/v4/projects/demo/build_start', 'pipelineId=p-1')).toBe('POST /v4/projects/{projectId}/build_start');
    expect(api('POST', '/api/apigw-app/v4/projects/other/build_start', 'pipelineId=p-2')).toBe('POST /v4/projects/{projectId}/build_start');
    expect(api('GET', '/api/apigw/v4/projects/demo/templates/')).toBe('GET /v4/projects/{projectId}/templates');
    expect(api('GET', '/api/apigw/v4/projects/demo/templates')).toBe('GET /v4/projects/{projectId}/templates');
    expect(api('GET', '/api/apigw-user/v4/environment/projects/envs/envs/envs/nodes_list')).toBe('GET /v4/environment/projects/{projectId}/envs/{envHashId}/nodes_list');
    expect(api('POST', '/api/apigw-user/v4/market/template_install_from_store')).toBe('POST /v4/market/template_install_from_store');
    expect(resolveV4Call('GET', '/api/apigw-user/v4/projects/demo/nothing_here', q(''))).toBeNull();
  });

  it('describes each call for the API documentation, with the user route it is served by', () => {
    const calls = describeV4Calls();
    expect(calls.find((call) => call.path === '/projects/{projectId}/build_start')).toEqual({
      method: 'POST',
      path: '/projects/{projectId}/build_start',
      summary: 'Start a build of a pipeline',
      query: { pipelineId: true },
      servedBy: { app: 'process', method: 'POST', path: '/api/user/builds/{projectId}/{pipelineId}' },
    });
    expect(calls.find((call) => call.path === '/projects/{projectId}/build_stop')?.servedBy).toEqual({ app: 'process', method: 'DELETE', path: '/api/user/builds/{projectId}/{pipelineId}/{buildId}' });
    expect(calls.find((call) => call.path === '/environment/projects/{projectId}/envs/{envHashId}/nodes_list')?.servedBy.path).toBe('/api/user/environment/{projectId}/{envHashId}/listNodesNew');
    expect(calls.find((call) => call.path === '/projects/{projectId}/logs/init_logs')?.servedBy.path).toBe('/api/user/logs/{projectId}/{pipelineId}/{buildId}');
    expect(new Set(calls.map((call) => `${call.method} ${call.path}`)).size).toBe(calls.length);
  });
});
