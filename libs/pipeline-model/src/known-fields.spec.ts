import { knownOverrideFields, knownParamFields, knownSettingFields, knownTriggerConfigFields } from './index';

describe('known fields', () => {
  it('keeps a param’s BuildFormProperty fields, its FORM_LIST columns’ too, and drops the console’s own', () => {
    const param = {
      id: 'ENV',
      type: 'STRING',
      required: true,
      defaultValue: 'dev',
      isRequiredParam: true,
      isFollowTemplate: false,
      fields: [{ id: 'col', type: 'STRING', required: false, defaultValue: '', isChange: true }],
    };
    expect(knownParamFields(param)).toEqual({
      id: 'ENV',
      type: 'STRING',
      required: true,
      defaultValue: 'dev',
      fields: [{ id: 'col', type: 'STRING', required: false, defaultValue: '' }],
    });
  });

  it('drops unknown fields of trigger configs and their variables, overrides and settings', () => {
    expect(knownTriggerConfigFields({ stepId: 's1', atomCode: 'timerTrigger', isFollowTemplate: true, variables: [{ key: 'a', value: 1, label: 'x' }] })).toEqual({
      stepId: 's1',
      variables: [{ key: 'a', value: 1 }],
    });
    expect(knownOverrideFields({ paramIds: ['ENV'], extra: 1 })).toEqual({ paramIds: ['ENV'] });
    expect(knownSettingFields({ pipelineName: 'n', desc: '', runLockType: 'MULTIPLE', hasPermission: true, labelNames: ['x'] })).toEqual({ pipelineName: 'n', desc: '', runLockType: 'MULTIPLE' });
  });

  it('leaves what is not an object for validation to refuse', () => {
    expect(knownParamFields('ENV')).toBe('ENV');
    expect(knownOverrideFields(null)).toBeNull();
    expect(knownSettingFields([1])).toEqual([1]);
  });
});
