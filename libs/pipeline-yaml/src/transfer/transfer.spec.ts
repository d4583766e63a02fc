import type { JobTemplateModel, Model, StageTemplateModel, StepTemplateModel, VariableTemplateModel } from '@bkci/pipeline-model';
import { readYamlFixture } from '../../../../test/fixtures/yaml';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { mergeYaml, modelToYaml, yamlToModel } from './index';
import type { TransferResult } from './types';
import { REALISTIC_PIPELINE_YAML, jobTemplate, stageTemplate, stepTemplate, variableTemplate } from '../../../../test/fixtures/yaml/transfer.fixtures';
import { thrownError } from '@bkci/testing';

const file = 'p.yml';

function modelOf(result: TransferResult): unknown {
  return result.model;
}

function roundTrip(result: TransferResult): TransferResult {
  const setting = result.kind === 'PIPELINE' ? result.setting : undefined;
  return yamlToModel(modelToYaml(result.model, { setting }), { file, kind: result.kind });
}

describe('Model → YAML → Model', () => {
  it('is stable for a realistic pipeline with its setting', () => {
    const first = yamlToModel(REALISTIC_PIPELINE_YAML, { file });
    if (first.kind !== 'PIPELINE') throw new Error('expected a pipeline');
    const model: Model = first.model;
    expect(model.stages.map((stage) => stage.name ?? stage.template?.templatePath)).toEqual(['stage-1', 'build', 'approve', 'stages/smoke.yml', 'Finally']);
    const again = yamlToModel(modelToYaml(model, { setting: first.setting }), { file });
    expect(again).toEqual(first);
  });

  it.each([
    ['STAGE', stageTemplate],
    ['JOB', jobTemplate],
    ['STEP', stepTemplate],
    ['VARIABLE', variableTemplate],
  ] as const)('is stable for a %s template model', (kind, model: StageTemplateModel | JobTemplateModel | StepTemplateModel | VariableTemplateModel) => {
    const back = yamlToModel(modelToYaml(model), { file });
    expect(back.kind).toBe(kind);
    expect(modelOf(back)).toEqual(model);
  });

  it('is stable for a PIPELINE template model (an ordinary pipeline)', () => {
    const first = yamlToModel(REALISTIC_PIPELINE_YAML, { file, kind: 'PIPELINE' });
    expect(roundTrip(first)).toEqual(first);
  });
});

describe('YAML → Model → YAML → Model', () => {
  it.each(['v3/valid.yml', 'v3/complex.yml'])('is stable for %s', (name) => {
    const first = yamlToModel(readYamlFixture(name), { file: name });
    expect(first.kind).toBe('PIPELINE');
    expect(roundTrip(first)).toEqual(first);
  });

  it('reads v3/valid.yml as BK-CI does', () => {
    const result = yamlToModel(readYamlFixture('v3/valid.yml'), { file });
    if (result.kind !== 'PIPELINE') throw new Error('expected a pipeline');
    expect(result.model.stages).toHaveLength(2);
    const [trigger, stage] = result.model.stages;
    expect(trigger.containers[0].elements.map((e) => e['@type'])).toEqual(['manualTrigger', 'codeGitWebHookTrigger']);
    expect(trigger.containers[0].elements[1]).toMatchObject({ branchName: 'main', repositoryType: 'NAME', repositoryName: 'shop/web', eventType: 'PUSH' });
    expect(stage.containers[0]).toMatchObject({ '@type': 'vmBuild', jobId: 'compile', name: 'compile the site', dispatchType: { buildType: 'DOCKER' } });
    expect(stage.containers[0].elements[0]).toMatchObject({ '@type': 'linuxScript', name: 'install', script: 'npm ci', version: '1.*' });
  });

  it('reads extends of v3/complex.yml into Model.template and the setting', () => {
    const result = yamlToModel(readYamlFixture('v3/complex.yml'), { file });
    if (result.kind !== 'PIPELINE') throw new Error('expected a pipeline');
    expect(result.model.template).toEqual({ templateRefType: 'ID', templateId: 'release-template', templateVersionName: 'v7' });
    expect(result.model.overrideTemplateField?.settingGroups).toEqual(['CONCURRENCY', 'CUSTOM_BUILD_NUM', 'NOTICES']);
    expect(result.setting).toMatchObject({
      runLockType: 'GROUP_LOCK',
      concurrencyGroup: '${{ci.pipeline_id}}-release',
      maxQueueSize: 3,
      waitQueueTimeMinute: 5,
      buildNumRule: '${{DATE:"yyyyMMdd"}}.${{BUILD_NO_OF_DAY}}',
      failIfVariableInvalid: true,
      labels: ['api'],
    });
    expect(result.setting.failSubscriptionList).toHaveLength(1);
    expect(result.setting.failSubscriptionList?.[0]).toMatchObject({ types: ['EMAIL', 'RTX'], users: '${{ci.actor}}' });
  });
});

describe('mergeYaml after editing a Model', () => {
  it('keeps the comments of the user file', () => {
    const old = [
      '# build pipeline',
      'version: v3.0',
      'name: demo',
      'stages:',
      '  - name: build # the only stage',
      '    jobs:',
      '      compile:',
      '        runs-on:',
      '          pool-name: docker',
      '        steps:',
      '          # say hello',
      '          - name: hello',
      '            run: echo hi',
      '',
    ].join('\n');
    const result = yamlToModel(old, { file });
    if (result.kind !== 'PIPELINE') throw new Error('expected a pipeline');
    result.model.stages[1].containers[0].elements[0].script = 'echo bye';
    const merged = mergeYaml(old, modelToYaml(result.model, { setting: result.setting }));
    expect(merged).toContain('# build pipeline');
    expect(merged).toContain('# the only stage');
    expect(merged).toContain('# say hello');
    expect(merged).toContain('run: echo bye');
    expect(yamlToModel(merged, { file })).toEqual(result);
  });
});

describe('errors', () => {
  it('reports invalid YAML as SYNTAX with a line', () => {
    const error = thrownError(YamlError, () => yamlToModel('version: v3.0\nname: [a\nstages: x\n', { file }));
    expect(error.code).toBe(YamlErrorCode.SYNTAX);
    expect(error.location).toMatchObject({ file, line: expect.any(Number) });
  });

  it('reports a schema violation as SCHEMA at its line', () => {
    const error = thrownError(YamlError, () => yamlToModel('version: v3.0\nname: a\nstages:\n  - name: s\n    jobs:\n      j:\n        steps:\n          - run: x\n            retry-times: 9\n', { file }));
    expect(error.code).toBe(YamlErrorCode.SCHEMA);
    expect(error.location?.line).toBe(9);
  });

  it('reports a Model problem as MODEL_INVALID naming its JSON path', () => {
    const text = [
      'version: v3.0',
      'name: a',
      'stages:',
      '  - name: s',
      '    jobs:',
      '      j:',
      '        runs-on: agentless',
      '        steps:',
      '          - uses: notify@1.*',
      '          - uses: notify@1.*',
      '          - run: echo needs a machine',
    ].join('\n');
    const error = thrownError(YamlError, () => yamlToModel(text, { file }));
    expect(error.code).toBe(YamlErrorCode.MODEL_INVALID);
    expect(error.message).toContain('stages[1].containers[0].elements[2].@type');
  });

  it('names the template model path in a template problem', () => {
    const text = 'version: v3.0\njobs:\n  j:\n    runs-on: agentless\n    steps:\n      - run: echo hi\n';
    const error = thrownError(YamlError, () => yamlToModel(text, { file }));
    expect(error.code).toBe(YamlErrorCode.MODEL_INVALID);
    expect(error.message).toContain('containers[0].elements[0].@type');
  });

  it('refuses what the transfer cannot carry as FORMAT at its place', () => {
    const error = thrownError(YamlError, () => yamlToModel('version: v3.0\nname: a\non:\n  issue:\n    action: [open]\n', { file }));
    expect(error.code).toBe(YamlErrorCode.FORMAT);
    expect(error.location).toMatchObject({ line: 4, column: 3 });
  });
});
