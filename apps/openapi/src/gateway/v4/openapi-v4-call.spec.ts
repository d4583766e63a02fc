import { resolveV4Call } from './openapi-v4-routes';

const q = (text: string) => new URLSearchParams(text);

describe('resolveV4Call', () => {
  it('names the mode and the project of the path, decoded', () => {
    expect(resolveV4Call('POST', '/api/apigw-app/v4/projects/demo/build_start', q('pipelineId=p1'))).toEqual({
      target: { app: 'process', path: '/api/user/builds/demo/p1' },
      api: 'POST /v4/projects/{projectId}/build_start',
      apigwType: 'apigw-app',
      projectId: 'demo',
    });
    expect(resolveV4Call('GET', '/api/apigw-user/v4/environment/projects/my%5Fproj/envs/list', q(''))).toMatchObject({ apigwType: 'apigw-user', projectId: 'my_proj' });
    expect(resolveV4Call('GET', '/api/apigw/v4/projects/demo/logs/init_logs', q('pipelineId=p&buildId=b'))).toMatchObject({ apigwType: 'apigw', projectId: 'demo' });
  });

  it('names no project for the store installs, which name theirs in the body', () => {
    expect(resolveV4Call('POST', '/api/apigw-app/v4/market/template_install_from_store', q(''))).toMatchObject({ apigwType: 'apigw-app', projectId: null });
  });

  it('is null for what is not a v4 call', () => {
    expect(resolveV4Call('GET', '/api/apigw-app/v3/projects/demo/build_status', q(''))).toBeNull();
    expect(resolveV4Call('GET', '/api/user/apps', q(''))).toBeNull();
  });
});
