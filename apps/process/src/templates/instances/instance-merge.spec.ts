import { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel } from '@bkci/testing';
import { TemplateErrorCode } from '../template.errors';
import { BUILD_NO_PARAM, InstanceRequest, instanceModel, mergeBuildNo, mergeParams, mergeTriggers } from './instance-merge';

const param = (id: string, defaultValue: unknown, extra: Partial<BuildFormProperty> = {}): BuildFormProperty => ({ id, type: 'STRING', required: true, defaultValue, ...extra });

const TEMPLATE_PARAMS = [
  param('input', 'template-input'),
  param('hidden', 'template-hidden', { required: false }),
  param('const', 'template-const', { constant: true }),
  param('offered', 'template-offered', { asInstanceInput: false }),
  param('BK_CI_MAJOR_VERSION', '1', { constant: true }),
];

const request = (param: BuildFormProperty[], paramIds: string[] = []): InstanceRequest => ({
  pipelineName: 'p',
  param,
  buildNo: null,
  triggerConfigs: [],
  overrideTemplateField: { paramIds },
});

describe('mergeParams (BK-CI TemplateInstanceUtil)', () => {
  it('takes the instance value only for params it lists as overridden', () => {
    const merged = mergeParams(TEMPLATE_PARAMS, request([param('input', 'mine', { required: false })], ['input']));
    expect(merged[0]).toEqual(param('input', 'mine', { required: false }));
    const notListed = mergeParams(TEMPLATE_PARAMS, request([param('input', 'mine')]));
    expect(notListed[0].defaultValue).toBe('template-input');
  });

  it('gives params the instance did not send from the template, required from asInstanceInput', () => {
    const merged = mergeParams(TEMPLATE_PARAMS, request([]));
    expect(merged.map((p) => [p.id, p.defaultValue, p.required])).toEqual([
      ['input', 'template-input', true],
      ['hidden', 'template-hidden', false],
      ['const', 'template-const', true],
      ['offered', 'template-offered', false],
      ['BK_CI_MAJOR_VERSION', '1', true],
    ]);
    expect(merged.every((p) => !('asInstanceInput' in p))).toBe(true);
  });

  it('refuses an instance that changes or lists a constant or a non-input param', () => {
    for (const attempt of [request([param('const', 'changed', { constant: true })]), request([], ['hidden']), request([param('hidden', 'x', { required: false })])]) {
      expect(() => mergeParams(TEMPLATE_PARAMS, attempt)).toThrow(expect.objectContaining({ code: TemplateErrorCode.OVERRIDE_CONST }));
    }
  });

  it('lets the version params through and drops params the template lacks', () => {
    const merged = mergeParams(TEMPLATE_PARAMS, request([param('BK_CI_MAJOR_VERSION', '2', { constant: true }), param('extra', 'x')], ['BK_CI_MAJOR_VERSION']));
    expect(merged.map((p) => p.id)).not.toContain('extra');
    expect(merged.find((p) => p.id === 'BK_CI_MAJOR_VERSION')?.defaultValue).toBe('1');
  });
});

describe('mergeBuildNo', () => {
  const template = { buildNo: 10, buildNoType: 'CONSISTENT' as const };
  it('follows BK-CI: none, the template’s, or the instance’s with its number only when overridden', () => {
    expect(mergeBuildNo(null, { ...request([]), buildNo: { buildNo: 3, buildNoType: 'CONSISTENT' } })).toBeNull();
    expect(mergeBuildNo(template, request([]))).toEqual(template);
    const own = { buildNo: 3, buildNoType: 'EVERY_BUILD_INCREMENT' as const };
    expect(mergeBuildNo(template, { ...request([]), buildNo: own })).toEqual({ buildNo: 10, buildNoType: 'EVERY_BUILD_INCREMENT' });
    expect(mergeBuildNo(template, { ...request([], [BUILD_NO_PARAM]), buildNo: own })).toEqual(own);
  });
});

describe('mergeTriggers and instanceModel', () => {
  const template = buildModel('tpl');
  const trigger = template.stages[0].containers[0] as TriggerContainer;
  trigger.elements = [
    { '@type': 'manualTrigger', id: 'T-1-1-1', stepId: 'manual', name: 'manual' },
    { '@type': 'timerTrigger', id: 'T-1-1-2', stepId: 'nightly', name: 'timer', advanceExpression: ['0 0 2 * * ?'] },
  ];
  trigger.params = TEMPLATE_PARAMS;

  it('changes only the listed triggers: enable, cron and start params', () => {
    const instance: InstanceRequest = {
      ...request([]),
      triggerConfigs: [
        { stepId: 'nightly', disabled: true, cron: ['0 0 4 * * ?'], variables: [{ key: 'input', value: 'night' }] },
        { stepId: 'manual', disabled: true },
      ],
      overrideTemplateField: { triggerStepIds: ['nightly'] },
    };
    const [manual, timer] = mergeTriggers(trigger, instance);
    expect(manual).toEqual(trigger.elements[0]);
    expect(timer).toMatchObject({ advanceExpression: ['0 0 4 * * ?'], startParams: '{"input":"night"}', additionalOptions: { enable: false } });
  });

  it('builds the instance model: template stages, merged params, the descriptor of overridden variables', () => {
    const model: Model = instanceModel(template, { ...request([param('input', 'mine')], ['input']), pipelineName: 'service-a' }, { templateId: 't1', version: 7, versionName: 'V1' });
    expect(model).toMatchObject({ name: 'service-a', instanceFromTemplate: true, templateId: 't1' });
    expect(model.stages.slice(1)).toEqual(template.stages.slice(1));
    expect((model.stages[0].containers[0] as TriggerContainer).params[0].defaultValue).toBe('mine');
    expect(model.template).toEqual({ templateRefType: 'ID', templateId: 't1', templateVersionName: 'V1', templateVariables: [{ key: 'input', value: 'mine' }] });
  });
});
