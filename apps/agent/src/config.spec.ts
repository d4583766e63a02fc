import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readAgentConfig, validateAgentConfig } from './config';

const VALID = { gateway: 'http://ci.example.com:8080/', projectId: 'demo', agentId: 'a1b2c3', secretKey: 's3cr3t', workDir: '/var/bkci/workspace' };

function problemsOf(value: unknown): string {
  try {
    validateAgentConfig(value, '/opt/agent', 'agent.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('agent config', () => {
  it('takes the five keys, trims the gateway slash and ignores unknown keys', () => {
    expect(validateAgentConfig({ ...VALID, colour: 'blue' }, '/opt/agent', 'agent.json')).toEqual({
      gateway: 'http://ci.example.com:8080',
      projectId: 'demo',
      agentId: 'a1b2c3',
      secretKey: 's3cr3t',
      workDir: '/var/bkci/workspace',
      installDir: '/opt/agent',
    });
  });

  it('takes a relative workDir from the folder of the config file', () => {
    expect(validateAgentConfig({ ...VALID, workDir: 'workspace' }, '/opt/agent', 'agent.json').workDir).toBe('/opt/agent/workspace');
  });

  it('names every missing key at once; "" and null count as missing', () => {
    expect(problemsOf({ gateway: 'https://ci', projectId: '', agentId: null, workDir: '  ' })).toBe(
      'agent.json: "projectId" is missing; "agentId" is missing; "secretKey" is missing; "workDir" is missing',
    );
  });

  it('refuses wrong types and a gateway that is not an http(s) URL', () => {
    expect(problemsOf({ ...VALID, projectId: 42, agentId: ['x'] })).toBe('agent.json: "projectId" must be a string, not number; "agentId" must be a string, not an array');
    expect(problemsOf({ ...VALID, gateway: 'ftp://ci.example.com' })).toBe('agent.json: "gateway" must be an http:// or https:// URL, got "ftp://ci.example.com"');
    expect(problemsOf({ ...VALID, gateway: 'ci.example.com' })).toBe('agent.json: "gateway" must be an http:// or https:// URL, got "ci.example.com"');
  });

  it('refuses anything but an object', () => {
    expect(problemsOf([VALID])).toBe('agent.json: expected a JSON object with the keys gateway, projectId, agentId, secretKey, workDir');
    expect(problemsOf('text')).toBe('agent.json: expected a JSON object with the keys gateway, projectId, agentId, secretKey, workDir');
  });

  describe('from a file', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bkci-agent-config-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the file, with its folder as the install folder', () => {
      const file = join(dir, 'agent.json');
      writeFileSync(file, JSON.stringify({ ...VALID, workDir: 'ws' }));
      expect(readAgentConfig(file)).toEqual({ ...VALID, gateway: 'http://ci.example.com:8080', workDir: join(dir, 'ws'), installDir: dir });
    });

    it('says when the file is missing or not JSON, without echoing its content', () => {
      expect(() => readAgentConfig(join(dir, 'none.json'))).toThrow(new ConfigError(`cannot read the config file ${join(dir, 'none.json')}: ENOENT`));
      const file = join(dir, 'agent.json');
      writeFileSync(file, '{"secretKey": "s3cr3t" x}');
      const message = (() => {
        try {
          readAgentConfig(file);
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      })();
      // Node 20's parser names the position; later ones do not, and their own message quotes the text.
      expect([`the config file ${file} is not valid JSON (at character 23)`, `the config file ${file} is not valid JSON`]).toContain(message);
    });
  });
});
