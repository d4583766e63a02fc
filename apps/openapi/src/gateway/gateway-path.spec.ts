import { fromPublicForm, isUnder, MalformedPath, parseGatewayPath, unservedApiVersion } from './gateway-path';

describe('parseGatewayPath', () => {
  it('splits /ms/<app>/<rest>?<query>', () => {
    expect(parseGatewayPath('/ms/process/api/user/projects?page=2')).toEqual({ app: 'process', rest: '/api/user/projects', canonical: '/api/user/projects', search: '?page=2' });
    expect(parseGatewayPath('/ms/ticket')).toEqual({ app: 'ticket', rest: '/', canonical: '/', search: '' });
  });

  it('leaves paths outside /ms/<app> alone', () => {
    for (const url of ['/api/health', '/ms', '/MS/process/api', '//ms/process/api', '/ms/Process/api', '/ms/process/..']) expect(parseGatewayPath(url)).toBeNull();
  });

  it.each([
    ['/ms/process/API/service/x', '/api/service/x'],
    ['/ms/process//api///service/x', '/api/service/x'],
    ['/ms/process/api/./service/x', '/api/service/x'],
    ['/ms/process/api/%2e/service/x', '/api/service/x'],
    ['/ms/process/api/user/../service/x', '/api/service/x'],
    ['/ms/process/api%2Fservice/x', '/api/service/x'],
    ['/ms/process/api/user/..%2Fservice/x', '/api/service/x'],
    ['/ms/process/api/%73ervice/x', '/api/service/x'],
    ['/ms/process/api\\service/x', '/api/service/x'],
  ])('reads %s as %s for its checks', (url, canonical) => {
    expect(parseGatewayPath(url)?.canonical).toBe(canonical);
    expect(isUnder(canonical, '/api/service')).toBe(true);
  });

  it('forwards the path as sent, dot segments resolved and // collapsed', () => {
    expect(parseGatewayPath('/ms/process/api//user/./projects/a%2Fb/')?.rest).toBe('/api/user/projects/a%2Fb/');
  });

  it('refuses a malformed %-escape', () => {
    expect(() => parseGatewayPath('/ms/process/api/user/%E0%A4%A')).toThrow(MalformedPath);
    expect(() => parseGatewayPath('/ms/process/api/%zz')).toThrow('malformed %-escape');
  });
});

describe('isUnder', () => {
  it('matches the prefix and what is below it, not a longer name', () => {
    expect(isUnder('/api/service', '/api/service')).toBe(true);
    expect(isUnder('/api/service/', '/api/service')).toBe(true);
    expect(isUnder('/api/services/x', '/api/service')).toBe(false);
    expect(isUnder('/api/user/service/x', '/api/service')).toBe(false);
  });
});

describe('fromPublicForm', () => {
  it.each([
    ['/v4/apigw-app/projects/p1/build_start?pipelineId=x', '/ms/openapi/api/apigw-app/v4/projects/p1/build_start?pipelineId=x'],
    ['/v3/apigw-user/projects/p1/pipelines', '/ms/openapi/api/apigw-user/v3/projects/p1/pipelines'],
    ['/prod/v4/apigw-user/projects/p1/build_histories?pipelineId=x&page=1', '/ms/openapi/api/apigw-user/v4/projects/p1/build_histories?pipelineId=x&page=1'],
    ['/prod/v3/apigw/projects/p1', '/ms/openapi/api/apigw/v3/projects/p1'],
    ['/prod/v2/apigw-app/projects', '/ms/openapi/api/apigw-app/v2/projects'],
    ['/prod/apigw-user/v4/projects/p1/pipelines/pipeline_list', '/ms/openapi/api/apigw-user/v4/projects/p1/pipelines/pipeline_list'],
    ['/prod/apigw/v4/projects/p1/templates', '/ms/openapi/api/apigw/v4/projects/p1/templates'],
  ])('reads %s as %s', (url, gateway) => {
    expect(fromPublicForm(url)).toBe(gateway);
  });

  it('passes the query on as sent', () => {
    expect(fromPublicForm('/v4/apigw-user/projects/p1/x?a=%2F%20b&c=<d>&&e')).toBe('/ms/openapi/api/apigw-user/v4/projects/p1/x?a=%2F%20b&c=<d>&&e');
  });

  it('keeps %-escapes in the path for the gateway to check', () => {
    expect(fromPublicForm('/v4/apigw-user/projects/p%2F1/x')).toBe('/ms/openapi/api/apigw-user/v4/projects/p%2F1/x');
    expect(() => parseGatewayPath(fromPublicForm('/v4/apigw-user/projects/%zz') ?? '')).toThrow(MalformedPath);
  });

  it('resolves dot segments and collapses // before matching, so a call cannot climb out of the form', () => {
    expect(fromPublicForm('/v4//apigw-user/./projects//p1')).toBe('/ms/openapi/api/apigw-user/v4/projects/p1');
    expect(fromPublicForm('/v4/apigw-user/../../ms/process/api/user/projects')).toBeNull();
    expect(fromPublicForm('/prod/v4/apigw-user/%2e%2e/%2e%2e/process/api/service/x')).toBeNull();
    expect(fromPublicForm('/v4/apigw-user/../apigw-app/projects/p1')).toBe('/ms/openapi/api/apigw-app/v4/projects/p1');
  });

  it('leaves other URLs alone', () => {
    for (const url of [
      '/ms/openapi/api/apigw-user/v4/projects/p1',
      '/v4/apigw/projects/p1',
      '/v2/apigw-user/projects/p1',
      '/v4/apigw-user',
      '/V4/apigw-user/projects/p1',
      '/prod/v5/apigw-user/projects',
      '/prod/apigw-users/v4/projects',
      '//v4/apigw-user/projects/p1',
      '/prod',
      '/api/health',
    ]) expect(fromPublicForm(url)).toBeNull();
  });
});

describe('unservedApiVersion', () => {
  it('lets v4 calls and the gateway\'s other paths through', () => {
    for (const canonical of ['/api/apigw-user/v4/projects/p1', '/api/apigw/v4', '/api/op/users/u/tokens', '/api/apigw-users/v3']) expect(unservedApiVersion(canonical)).toBeNull();
  });

  it('says that only v4 is served, for any other version or none', () => {
    expect(unservedApiVersion('/api/apigw-user/v3/projects/p1')).toBe("This gateway serves BK-CI's OpenAPI v4 only (/apigw-user/v4/...); v3 is not served");
    expect(unservedApiVersion('/api/apigw-app/v2/projects')).toContain('v2 is not served');
    expect(unservedApiVersion('/api/apigw/projects/p1')).toContain('a call that names no version is not served');
    expect(unservedApiVersion('/api/apigw-user')).toContain('OpenAPI v4 only');
  });
});
