import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bkciGoldenFolder } from '../../../../test/fixtures/bkci-golden';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { checkPipelineYaml, listPipelineYamlProblems } from './validate-v3-schema';

/** BK-CI's `CodeSchemaCheckTest` over its own resources (BKCI_YAML_FIXTURES), with the verdicts it asserts. */
const FIXTURES = bkciGoldenFolder();
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function checkError(name: string): YamlError {
  try {
    checkPipelineYaml(read(name), name);
  } catch (error) {
    if (error instanceof YamlError) return error;
    throw error;
  }
  throw new Error(`${name} passed the check`);
}

describe('v3.0 check of BK-CI test-yamls (golden files)', () => {
  it.each([
    'test-yamls/valid-v3.yml',
    'test-yamls/complex-valid.yml',
    'TransferYaml/base-3/new.yml',
    'TransferYaml/base-3/old.yml',
    'TransferYaml/base-3/out.yml',
    'TapdTrigger.yml',
    'Extend.yaml',
  ])('%s passes', (name) => {
    const { version, parsed } = checkPipelineYaml(read(name), name);
    expect(version).toBe('v3.0');
    expect(parsed.data).toMatchObject({ version: 'v3.0' });
    expect(listPipelineYamlProblems(read(name), name)).toEqual([]);
  });

  it('invalid-syntax.yml: SYNTAX at line 22, where the unclosed quote opens', () => {
    const error = checkError('test-yamls/invalid-syntax.yml');
    expect(error.code).toBe(YamlErrorCode.SYNTAX);
    expect(error.location).toEqual({ file: 'test-yamls/invalid-syntax.yml', line: 22, column: 23 });
    expect(error.message).toMatch(/^test-yamls\/invalid-syntax\.yml:22:23: Missing closing "quote/);
  });

  it('no-version.yml: MISSING_VERSION', () => {
    const error = checkError('test-yamls/no-version.yml');
    expect(error.code).toBe(YamlErrorCode.MISSING_VERSION);
    expect(error.message).toContain('yaml version(null) not valid, only support v3.0');
  });

  it('unsupported-version.yml: UNSUPPORTED_VERSION at the version value on line 1', () => {
    const error = checkError('test-yamls/unsupported-version.yml');
    expect(error.code).toBe(YamlErrorCode.UNSUPPORTED_VERSION);
    expect(error.message).toBe('test-yamls/unsupported-version.yml:1:10: yaml version(v1.0) not valid, only support v3.0');
  });

  it('an empty text fails (BK-CI: exception for an empty yaml)', () => {
    expect(() => checkPipelineYaml('', 'empty.yml')).toThrow(YamlError);
  });

  it('the v2.0 samples are not v3.0 documents', () => {
    const error = listPipelineYamlProblems(read('samples/stages/stages.yml'), 'stages.yml');
    expect(error).toHaveLength(1);
    expect([YamlErrorCode.MISSING_VERSION, YamlErrorCode.UNSUPPORTED_VERSION]).toContain(error[0].code);
  });
});
