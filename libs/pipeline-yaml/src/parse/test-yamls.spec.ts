import { readYamlFixture } from '../../../../test/fixtures/yaml';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { checkPipelineYaml, listPipelineYamlProblems } from './validate-v3-schema';

/** The v3.0 check over the project's v3 documents (test/fixtures/yaml/v3) and merge fixtures. */
function checkError(name: string): YamlError {
  try {
    checkPipelineYaml(readYamlFixture(name), name);
  } catch (error) {
    if (error instanceof YamlError) return error;
    throw error;
  }
  throw new Error(`${name} passed the check`);
}

describe('v3.0 check of the project v3 documents', () => {
  it.each([
    'v3/valid.yml',
    'v3/complex.yml',
    'v3/triggers.yml',
    'v3/extends-variables.yml',
    'merge/pipeline/old.yml',
    'merge/pipeline/new.yml',
    'merge/pipeline/out.yml',
  ])('%s passes', (name) => {
    const { version, parsed } = checkPipelineYaml(readYamlFixture(name), name);
    expect(version).toBe('v3.0');
    expect(parsed.data).toMatchObject({ version: 'v3.0' });
    expect(listPipelineYamlProblems(readYamlFixture(name), name)).toEqual([]);
  });

  it('invalid-syntax.yml: SYNTAX at line 17, where the unclosed quote opens', () => {
    const error = checkError('v3/invalid-syntax.yml');
    expect(error.code).toBe(YamlErrorCode.SYNTAX);
    expect(error.location).toEqual({ file: 'v3/invalid-syntax.yml', line: 17, column: 23 });
    expect(error.message).toMatch(/^v3\/invalid-syntax\.yml:17:23: Missing closing "quote/);
  });

  it('no-version.yml: MISSING_VERSION', () => {
    const error = checkError('v3/no-version.yml');
    expect(error.code).toBe(YamlErrorCode.MISSING_VERSION);
    expect(error.message).toContain('yaml version(null) not valid, only support v3.0');
  });

  it('unsupported-version.yml: UNSUPPORTED_VERSION at the version value on line 1', () => {
    const error = checkError('v3/unsupported-version.yml');
    expect(error.code).toBe(YamlErrorCode.UNSUPPORTED_VERSION);
    expect(error.message).toBe('v3/unsupported-version.yml:1:10: yaml version(v9.9) not valid, only support v3.0');
  });

  it('an empty text fails (BK-CI: exception for an empty yaml)', () => {
    expect(() => checkPipelineYaml('', 'empty.yml')).toThrow(YamlError);
  });

  it('the v2.0 samples are not v3.0 documents', () => {
    const problems = listPipelineYamlProblems(readYamlFixture('samples/stages.yml'), 'stages.yml');
    expect(problems).toHaveLength(1);
    expect([YamlErrorCode.MISSING_VERSION, YamlErrorCode.UNSUPPORTED_VERSION]).toContain(problems[0].code);
  });
});
