import { join } from 'node:path';
import { FileSystemTemplateResolver } from '../resolver/file-system-template-resolver';
import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { readFileSync } from 'node:fs';
import { expandPipelineYaml } from './expand-pipeline';

const FIXTURES = join(__dirname, '../../../../../shared/fixtures/bkci-yaml');
const fixtureResolver = new FileSystemTemplateResolver(join(FIXTURES, 'templates'));
const noTemplates = new InMemoryTemplateResolver({});

/** BK-CI's YamlTemplateTest.variablesSubTest expectations, in YAML keys. */
const EXPECTED_VARIABLES_SUB = {
  USERNAME: {
    value: '1,2,3',
    readonly: null,
    'allow-modify-at-startup': true,
    props: {
      label: '我是预定义下拉可选值的字段',
      type: 'selector',
      options: [
        { id: 1, label: null, description: null },
        { id: 2, label: '二', description: null },
        { id: 3, label: null, description: 'xxx' },
        { id: 'VARIABLES', label: null, description: null },
        { id: 'xxxxx', label: null, description: null },
      ],
      datasource: null,
      description: '这是个允许多选的下拉选择字段',
      multiple: true,
      required: null,
    },
  },
  cyc_USERNAME1: {
    value: 'CYC_VARIABLES',
    readonly: null,
    'allow-modify-at-startup': null,
    props: {
      label: '我是通过url获取下拉可选值的字段',
      type: 'selector',
      options: null,
      datasource: {
        url: 'sss',
        'data-path': '222',
        'param-id': '',
        'param-name': '123',
        'has-add-item': true,
        'item-text': '123123',
        'item-target-url': '777',
      },
      description: null,
      multiple: null,
      required: true,
    },
  },
  cyc_USERNAME2: { value: 'CYC_VARIABLES2', readonly: null, 'allow-modify-at-startup': null, props: null },
  RES_REPOA_VAR1_USERNAME: { value: 'RES_VARIABLE', readonly: null, 'allow-modify-at-startup': null, props: null },
  RES_REPOA_VAR2_USERNAME: { value: 'aaa', readonly: null, 'allow-modify-at-startup': null, props: null },
};

async function expandText(content: string) {
  return expandPipelineYaml({ file: 'pipeline.yml', content }, { resolver: noTemplates });
}

async function variableError(content: string): Promise<YamlError> {
  const error = await expandText(content).catch((e: unknown) => e);
  if (!(error instanceof YamlError)) throw new Error(`expected a YamlError, got ${String(error)}`);
  return error;
}

describe('variables templates (samples/variablesSub)', () => {
  const content = readFileSync(join(FIXTURES, 'samples/variablesSub/variablesSub.yml'), 'utf8');

  it.each([false, true])('gives BK-CI’s variables, legacy parameter expressions: %s', async (legacy) => {
    const result = await expandPipelineYaml({ file: 'variablesSub.yml', content }, { resolver: fixtureResolver, legacyParameters: legacy });
    expect(result.variables).toEqual(EXPECTED_VARIABLES_SUB);
  });
});

describe('variable props validation', () => {
  it('refuses options and a datasource together', async () => {
    const error = await variableError(
      'variables:\n  test:\n    value: xxx\n    props:\n      type: selector\n      datasource:\n        url: xxx\n      options:\n      - id: xxx\n',
    );
    expect(error.code).toBe(YamlErrorCode.VARIABLE_INVALID);
    expect(error.message).toContain('options and datasource cannot coexist');
  });

  it('refuses a selector value that is not among the options', async () => {
    const error = await variableError('variables:\n  test:\n    value: xxxx, xxx\n    props:\n      type: selector\n      options:\n      - id: xxxx\n');
    expect(error.code).toBe(YamlErrorCode.VARIABLE_INVALID);
    expect(error.message).toContain('variable test format error: value xxxx, xxx not in variable options');
  });

  it('accepts selector values that are all among the options', async () => {
    const result = await expandText('variables:\n  test:\n    value: a,b\n    props:\n      type: checkbox\n      options:\n      - id: a\n      - id: b\n');
    expect((result.variables as Record<string, { value: string }>).test.value).toBe('a,b');
  });

  it('refuses a boolean variable whose value is not true or false', async () => {
    const error = await variableError('variables:\n  flag:\n    value: maybe\n    props:\n      type: boolean\n');
    expect(error.code).toBe(YamlErrorCode.VARIABLE_INVALID);
  });
});
