import { readYamlFixture, YAML_TEMPLATES } from '../../../../test/fixtures/yaml';
import { FileSystemTemplateResolver } from '../resolver/file-system-template-resolver';
import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { expandPipelineYaml } from './expand-pipeline';

const fixtureResolver = new FileSystemTemplateResolver(YAML_TEMPLATES);
const noTemplates = new InMemoryTemplateResolver({});

/**
 * What samples/variables.yml declares, variable by variable: a scalar becomes a plain value; a
 * mapping keeps what it sets and reads the rest as null; templates (nested, remote) add theirs.
 */
const EXPECTED_VARIABLES = {
  REGION: { value: 'gz', readonly: false, 'allow-modify-at-startup': false },
  TARGETS: {
    value: 'web,api',
    readonly: null,
    'allow-modify-at-startup': true,
    props: {
      label: 'Targets to deploy',
      type: 'checkbox',
      options: [
        { id: 'web', label: 'Web site', description: null },
        { id: 'api', label: null, description: 'the public API' },
        { id: 3, label: null, description: null },
      ],
      datasource: null,
      description: null,
      multiple: true,
      required: null,
    },
  },
  CHANNEL: { value: 'beta', readonly: true, 'allow-modify-at-startup': null, props: null },
  VERSION_SOURCE: {
    value: 'latest',
    readonly: null,
    'allow-modify-at-startup': null,
    props: {
      label: 'Version to ship',
      type: 'selector',
      options: null,
      datasource: {
        url: 'https://example.invalid/versions',
        'data-path': 'data.items',
        'param-id': 'id',
        'param-name': 'name',
        'has-add-item': false,
        'item-text': 'add a version',
        'item-target-url': 'https://example.invalid/versions/new',
      },
      description: null,
      multiple: null,
      required: true,
    },
  },
  DEBUG: {
    value: 'false',
    readonly: null,
    'allow-modify-at-startup': true,
    props: { label: null, type: 'boolean', options: null, datasource: null, description: 'print more', multiple: null, required: null },
  },
  REMOTE_FLAG: { value: 'true', readonly: false, 'allow-modify-at-startup': false },
  REMOTE_OWNER: { value: 'platform', readonly: null, 'allow-modify-at-startup': null, props: null },
};

async function expandText(content: string) {
  return expandPipelineYaml({ file: 'pipeline.yml', content }, { resolver: noTemplates });
}

async function variableError(content: string): Promise<YamlError> {
  const error = await expandText(content).catch((e: unknown) => e);
  if (!(error instanceof YamlError)) throw new Error(`expected a YamlError, got ${String(error)}`);
  return error;
}

describe('variables templates (samples/variables.yml)', () => {
  const content = readYamlFixture('samples/variables.yml');

  it.each([false, true])('gives each declared variable, in order, legacy parameter expressions: %s', async (legacy) => {
    const result = await expandPipelineYaml({ file: 'variables.yml', content }, { resolver: fixtureResolver, legacyParameters: legacy });
    expect(result.variables).toEqual(EXPECTED_VARIABLES);
    expect(Object.keys(result.variables as object)).toEqual(Object.keys(EXPECTED_VARIABLES));
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
