import { YamlError, YamlErrorCode } from '../yaml-error';
import { yamlToModel } from './yaml-to-model';
import { thrownError } from '@bkci/testing';

const steps = (count: number) => `version: v3.0\nname: x\nsteps:\n${Array.from({ length: count }, (_, i) => `  - template: steps/s${i}.yml\n`).join('')}`;

describe('template references in a v3.0 file', () => {
  it('accepts as many as the v2 engine does (10)', () => {
    const result = yamlToModel(steps(10), { file: 'p.yml' });
    if (result.kind !== 'PIPELINE') throw new Error('expected a pipeline');
    expect(result.model.stages[1].containers[0].elements).toHaveLength(10);
  });

  it('refuses one more as TOO_MANY_TEMPLATES, at that reference', () => {
    const error = thrownError(YamlError, () => yamlToModel(steps(11), { file: 'p.yml' }));
    expect(error.code).toBe(YamlErrorCode.TOO_MANY_TEMPLATES);
    expect(error.message).toBe('p.yml:14:15: [p.yml]The number of referenced template files exceeds the threshold [10]');
  });

  it('refuses a file with 10,000 references the same way', () => {
    const error = thrownError(YamlError, () => yamlToModel(steps(10_000), { file: 'p.yml' }));
    expect(error.code).toBe(YamlErrorCode.TOO_MANY_TEMPLATES);
    expect(error.location).toEqual({ file: 'p.yml', line: 14, column: 15 });
  });

  it('counts stage, job and step templates and extends together, in every kind of file', () => {
    const pipeline = [
      'version: v3.0',
      'name: x',
      'stages:',
      ...Array.from({ length: 4 }, (_, i) => `  - template: stages/s${i}.yml`),
      '  - name: build',
      '    jobs:',
      '      template: jobs/build.yml',
      '      compile:',
      '        steps:',
      ...Array.from({ length: 6 }, (_, i) => `          - template: steps/s${i}.yml`),
      '',
    ].join('\n');
    expect(thrownError(YamlError, () => yamlToModel(pipeline, { file: 'p.yml' })).location).toEqual({ file: 'p.yml', line: 18, column: 23 });
    expect(yamlToModel(pipeline, { file: 'p.yml', limits: { maxTemplatesPerFile: 11 } }).kind).toBe('PIPELINE');

    const stageTemplate = `version: v3.0\nstages:\n${Array.from({ length: 11 }, (_, i) => `  - template: stages/s${i}.yml\n`).join('')}`;
    expect(thrownError(YamlError, () => yamlToModel(stageTemplate, { file: 't.yml', kind: 'STAGE' })).code).toBe(YamlErrorCode.TOO_MANY_TEMPLATES);
  });

  it('counts the template a pipeline extends', () => {
    const extended = [
      'version: v3.0',
      'name: x',
      'extends:',
      '  template:',
      '    template-id: t-1',
      '    version: v1',
      '',
    ].join('\n');
    expect(yamlToModel(extended, { file: 'p.yml', limits: { maxTemplatesPerFile: 1 } }).kind).toBe('PIPELINE');
    const error = thrownError(YamlError, () => yamlToModel(extended, { file: 'p.yml', limits: { maxTemplatesPerFile: 0 } }));
    expect(error.code).toBe(YamlErrorCode.TOO_MANY_TEMPLATES);
    expect(error.location).toEqual({ file: 'p.yml', line: 5, column: 5 });
  });
});
