import { defaultModel } from '@bkci/pipeline-model';
import { buildRows } from './build-rows';
import { modelWithRuntime } from './build-detail';

describe('modelWithRuntime', () => {
  it('writes each row’s state into the model, matching steps to tasks in order, a disabled step SKIP', () => {
    const model = defaultModel('detail');
    model.stages.push({
      id: 'x',
      containers: [
        {
          '@type': 'vmBuild',
          baseOS: 'LINUX',
          name: 'job',
          elements: [
            { '@type': 'linuxScript', name: 'off', scriptType: 'SHELL', script: 'true', additionalOptions: { enable: false } as never },
            { '@type': 'linuxScript', name: 'on', scriptType: 'SHELL', script: 'make' },
          ],
        },
      ],
    });
    const rows = buildRows({
      buildId: 'b-1', projectId: 'p', pipelineId: 'pl', model, version: 1, versionName: 'V1', buildNum: 1, debug: false, startType: 'MANUAL',
      userId: 'u', buildMsg: 'Manual', recommendVersion: null, concurrencyGroup: null, startParams: [], variables: [], now: new Date(0),
    });
    const started = new Date(5000);
    rows.stages[1].status = 'RUNNING';
    rows.stages[1].startTime = started;
    rows.tasks.find((t) => t.taskId === 'startVM-1')!.status = 'RUNNING';
    const detail = modelWithRuntime(model, rows.stages, rows.containers, rows.tasks);

    expect(detail.stages.map((s) => [s.id, s.status, s.startEpoch])).toEqual([['stage-1', 'QUEUE', null], ['stage-2', 'RUNNING', 5000]]);
    const job = detail.stages[1].containers[0];
    expect([job.id, job.status, job.startVMStatus, job.containerHashId]).toEqual(['1', 'QUEUE', 'RUNNING', rows.containers[1].containerHashId]);
    const stepTask = rows.tasks.find((t) => t.taskName === 'on')!;
    expect(job.elements.map((e) => [e.name, e.status, e.id])).toEqual([
      ['off', 'SKIP', undefined],
      ['on', 'QUEUE', stepTask.taskId],
    ]);
    // The stored model is left as it was.
    expect(model.stages[1].id).toBe('x');
  });
});
