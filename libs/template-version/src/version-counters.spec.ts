import { defaultModel, Model } from '@bkci/pipeline-model';
import { defaultVersionName, nextReleaseCounters, sameJson } from './version-counters';

function pipeline(script: string, params: unknown[] = [], manual = 'manual'): Model {
  const model = defaultModel('p');
  model.stages[0].containers[0] = { ...model.stages[0].containers[0], params: params as never, elements: [{ '@type': 'manualTrigger', id: 'T-1-1-1', name: manual }] };
  model.stages.push({ id: 'stage-2', containers: [{ '@type': 'vmBuild', id: '1', name: 'job', elements: [{ '@type': 'linuxScript', name: 's', script } as never] } as never] });
  return model;
}

describe('release counters', () => {
  const first = { model: pipeline('echo 1'), setting: { pipelineName: 'p' } };
  const firstCounters = nextReleaseCounters(null, first);

  it('start at 1 and name the release V1(P1.T1.1)', () => {
    expect(firstCounters).toEqual({ versionNum: 1, pipelineVersion: 1, triggerVersion: 1, settingVersionNum: 1 });
    expect(defaultVersionName(firstCounters)).toBe('V1(P1.T1.1)');
  });

  it('count a body change, a params change, a trigger change and a setting change apart', () => {
    const previous = { ...first, ...firstCounters };
    expect(nextReleaseCounters(previous, { ...first, model: pipeline('echo 2') })).toEqual({ versionNum: 2, pipelineVersion: 2, triggerVersion: 1, settingVersionNum: 1 });
    expect(nextReleaseCounters(previous, { ...first, model: pipeline('echo 1', [{ id: 'A' }]) })).toMatchObject({ pipelineVersion: 2, triggerVersion: 1 });
    expect(nextReleaseCounters(previous, { ...first, model: pipeline('echo 1', [], 'start') })).toMatchObject({ pipelineVersion: 1, triggerVersion: 2 });
    expect(nextReleaseCounters(previous, { ...first, setting: { pipelineName: 'q' } })).toMatchObject({ pipelineVersion: 1, triggerVersion: 1, settingVersionNum: 2 });
    expect(nextReleaseCounters(previous, first)).toEqual({ versionNum: 2, pipelineVersion: 1, triggerVersion: 1, settingVersionNum: 1 });
  });

  it('compares JSON regardless of key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});
