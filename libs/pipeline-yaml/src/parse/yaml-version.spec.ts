import { YamlError, YamlErrorCode } from '../yaml-error';
import { parseYamlDocument } from './parse-yaml-document';
import { detectVersion, VersionContext } from './yaml-version';

function versionError(text: string, context: VersionContext): YamlError {
  try {
    detectVersion(parseYamlDocument(text, 'v.yml'), context);
  } catch (error) {
    if (error instanceof YamlError) return error;
    throw error;
  }
  throw new Error('expected a YamlError');
}

describe('detectVersion', () => {
  it('reads v3.0 in both contexts and v2.0 where the template engine accepts it', () => {
    expect(detectVersion(parseYamlDocument('version: v3.0\n', 'v.yml'), 'v3')).toBe('v3.0');
    expect(detectVersion(parseYamlDocument('version: v3.0\n', 'v.yml'), 'any')).toBe('v3.0');
    expect(detectVersion(parseYamlDocument('version: v2.0\n', 'v.yml'), 'any')).toBe('v2.0');
  });

  it('falls back to v2.0 when version is missing outside v3 contexts (Jackson defaultImpl)', () => {
    expect(detectVersion(parseYamlDocument('name: x\n', 'v.yml'), 'any')).toBe('v2.0');
    expect(detectVersion(parseYamlDocument('version:\nname: x\n', 'v.yml'))).toBe('v2.0');
  });

  it('requires a version in v3 contexts: MISSING_VERSION', () => {
    const error = versionError('name: x\nsteps: []\n', 'v3');
    expect(error.code).toBe(YamlErrorCode.MISSING_VERSION);
    expect(error.message).toContain('yaml version(null) not valid, only support v3.0');
    expect(error.location).toEqual({ file: 'v.yml', line: 1, column: 1 });
  });

  it.each<[string, VersionContext, string]>([
    ['version: v4.0\n', 'v3', 'v4.0'],
    ['version: v4.0\n', 'any', 'v4.0'],
    ['version: v1.0\n', 'any', 'v1.0'],
    ['version: v2.0\n', 'v3', 'v2.0'],
    ['version: 3.0\n', 'v3', '3'],
    ['version: [v3.0]\n', 'any', '["v3.0"]'],
  ])('rejects %j in context %s as UNSUPPORTED_VERSION, pointing at the value', (text, context, shown) => {
    const error = versionError(`name: x\n${text}`, context);
    expect(error.code).toBe(YamlErrorCode.UNSUPPORTED_VERSION);
    expect(error.message).toContain(`yaml version(${shown}) not valid`);
    expect(error.location).toEqual({ file: 'v.yml', line: 2, column: 10 });
  });

  it('rejects documents that are not mappings as FORMAT', () => {
    expect(versionError('', 'v3').code).toBe(YamlErrorCode.FORMAT);
    expect(versionError('- a\n- b\n', 'any').message).toContain('not a list');
    expect(versionError('just text\n', 'v3').message).toContain('not a string');
  });
});
