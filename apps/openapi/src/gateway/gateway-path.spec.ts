import { isUnder, MalformedPath, parseGatewayPath } from './gateway-path';

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
