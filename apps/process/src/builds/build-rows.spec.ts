import { defaultModel, Model } from '@bkci/pipeline-model';
import { buildRows, BuildRowsInput } from './build-rows';

function input(model: Model): BuildRowsInput {
  return {
    buildId: 'b-1',
    projectId: 'p',
    pipelineId: 'pl',
    model,
    version: 3,
    versionName: 'V3',
    buildNum: 9,
    debug: false,
    startType: 'MANUAL',
    userId: 'alice',
    buildMsg: 'Manual',
    recommendVersion: null,
    concurrencyGroup: null,
    startParams: [],
    variables: [{ key: 'BK_CI_BUILD_NUM', value: '9', readOnly: true }],
    now: new Date(0),
  };
}

describe('buildRows', () => {
  it('lays an agentless job out as BK-CI: engine steps run in place, a store step needs a machine, ids renumbered', () => {
    const model = defaultModel('agentless');
    model.stages.push({
      id: 'whatever',
      containers: [
        {
          '@type': 'normal',
          id: '7',
          name: 'review',
          elements: [
            { '@type': 'manualReviewUserTask', id: 'e-review', name: 'approve', reviewUsers: ['bob'] },
            { '@type': 'marketBuildLess', id: 'e-store', name: 'notify', atomCode: 'sendmsg', version: '1.*', data: {} },
            { '@type': 'manualReviewUserTask', id: 'e-review', name: 'again', reviewUsers: ['bob'] },
          ],
        },
      ],
    });
    const rows = buildRows(input(model));
    expect(rows.stages.map((s) => [s.stageId, s.seq, s.status])).toEqual([
      ['stage-1', 0, 'QUEUE'],
      ['stage-2', 1, 'QUEUE'],
    ]);
    expect(rows.containers.map((c) => [c.containerId, c.containerType, c.seq])).toEqual([
      ['0', 'trigger', 0],
      ['1', 'normal', 1],
    ]);
    const tasks = rows.tasks.filter((t) => t.containerId === '1');
    expect(tasks.map((t) => [t.taskSeq, t.taskType, t.taskAtom, t.atomCode])).toEqual([
      [1, 'manualReviewUserTask', 'manualReviewTaskAtom', 'manualReviewUserTask'],
      [3, 'marketBuildLess', '', 'sendmsg'],
      [4, 'manualReviewUserTask', 'manualReviewTaskAtom', 'manualReviewUserTask'],
      [2, 'NORMAL', 'dispatchBuildLessDockerStartupTaskAtom', 'dispatchBuildLessDockerStartupTaskAtom'],
      [1001, 'NORMAL', '', 'dispatchVMShutdownTaskAtom-END'],
      [1002, 'NORMAL', 'dispatchBuildLessDockerShutdownTaskAtom', 'dispatchVMShutdownTaskAtom-FINISH'],
    ]);
    expect(tasks.map((t) => t.taskId).slice(0, 2)).toEqual(['e-review', 'e-store']);
    // The repeated element id gets a fresh one: a build's task ids are unique.
    expect(tasks[2].taskId).toMatch(/^e-[0-9a-f]{32}$/);
    expect(tasks.slice(3).map((t) => t.taskId)).toEqual(['startVM-1', 'end-1001', 'stopVM-1002']);
    expect(rows.history).toMatchObject({ buildId: 'b-1', status: 'QUEUE', buildNum: 9, version: 3, firstTaskId: 'T-1-1-1', revision: 1, executeCount: 1 });
    expect(rows.vars).toEqual([{ buildId: 'b-1', projectId: 'p', pipelineId: 'pl', key: 'BK_CI_BUILD_NUM', value: '9', varType: null, readOnly: true }]);
  });

  it('gives an agentless job of engine steps only no machine tasks', () => {
    const model = defaultModel('review-only');
    model.stages.push({ id: 's', containers: [{ '@type': 'normal', name: 'r', elements: [{ '@type': 'manualReviewUserTask', id: 'e-r', name: 'ok', reviewUsers: ['bob'] }] }] });
    expect(buildRows(input(model)).tasks.map((t) => t.taskId)).toEqual(['T-1-1-1', 'e-r']);
  });

  it('gives a matrix job no tasks: its children get the steps when it starts', () => {
    const model = defaultModel('matrix');
    model.stages.push({
      id: 's',
      containers: [
        { '@type': 'vmBuild', name: 'm', baseOS: 'LINUX', matrixGroupFlag: true, matrixControlOption: { strategyStr: 'os: [a]' }, elements: [{ '@type': 'linuxScript', id: 'e-m', name: 'run', script: 'true' }] },
      ],
    });
    const rows = buildRows(input(model));
    expect(rows.containers.map((c) => [c.containerId, c.status, c.matrixGroupFlag])).toEqual([
      ['0', 'QUEUE', false],
      ['1', 'QUEUE', true],
    ]);
    expect(rows.tasks.map((t) => t.taskId)).toEqual(['T-1-1-1']);
  });
});
