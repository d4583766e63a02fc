import type { BuildStatus, Container, Model } from '@bkci/pipeline-model';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { matrixChildren, modelContainerAt } from './matrix-children';
import { matrixProgress } from './matrix-group.control';

const matrixJob: Container = {
  '@type': 'vmBuild',
  id: '2',
  jobId: 'build',
  name: 'build on ${{ matrix.os }}',
  baseOS: 'LINUX',
  matrixGroupFlag: true,
  matrixControlOption: { strategyStr: 'os: [a, b]', maxConcurrency: 2, fastKill: true },
  customEnv: [{ key: 'TOOL', value: 'make' }],
  dispatchType: { buildType: 'THIRD_PARTY_AGENT_ENV', value: 'pool-${{ matrix.os }}' },
  jobControlOption: { enable: true, timeout: 30, runCondition: 'STAGE_RUNNING', dependOnType: 'NAME', dependOnName: 'setup' },
  elements: [
    { '@type': 'linuxScript', id: 'e-one', name: 'one', script: 'echo ${{ matrix.os }}' },
    { '@type': 'linuxScript', id: 'e-off', name: 'disabled', script: 'true', additionalOptions: { enable: false } },
    { '@type': 'linuxScript', id: 'e-two', name: 'two', stepId: 'two', script: 'true' },
  ],
};

function parentRow(): BuildContainerEntity {
  const { elements: _elements, ...conditions } = matrixJob;
  return {
    buildId: 'b-1',
    projectId: 'p',
    pipelineId: 'pl',
    stageId: 'stage-2',
    containerId: '2',
    containerType: 'vmBuild',
    containerHashId: 'c-parent',
    jobId: 'build',
    seq: 2,
    status: 'QUEUE',
    executeCount: 1,
    startTime: null,
    endTime: null,
    conditions,
    matrixGroupFlag: true,
    matrixGroupId: null,
    statusReason: null,
  };
}

describe('matrix children', () => {
  const { containers, tasks } = matrixChildren({ parent: parentRow(), container: matrixJob, cases: [{ 'matrix.os': 'a' }, { 'matrix.os': 'b' }], userId: 'alice' });

  it('numbers the children as BK-CI: seq parent*1000+i from 1, jobId parent.i from 0, fresh hash ids', () => {
    expect(containers.map((c) => [c.containerId, c.seq, c.jobId, c.matrixGroupId, c.matrixGroupFlag, c.status, c.stageId])).toEqual([
      ['2001', 2001, 'build.0', '2', false, 'QUEUE', 'stage-2'],
      ['2002', 2002, 'build.1', '2', false, 'QUEUE', 'stage-2'],
    ]);
    expect(containers[0].containerHashId).toMatch(/^c-[0-9a-f]{32}$/);
    expect(containers[0].containerHashId).not.toBe(containers[1].containerHashId);
  });

  it("puts each case in the child's configuration: matrix values in customEnv, name and dispatch replaced, no dependencies, no matrix option", () => {
    const config = containers[1].conditions as Record<string, unknown>;
    expect(config).toMatchObject({
      name: 'build on b',
      matrixContext: { 'matrix.os': 'b' },
      customEnv: [
        { key: 'TOOL', value: 'make' },
        { key: 'matrix.os', value: 'b' },
      ],
      dispatchType: { buildType: 'THIRD_PARTY_AGENT_ENV', value: 'pool-b' },
      jobControlOption: { enable: true, timeout: 30, dependOnType: null, dependOnName: null },
      matrixGroupFlag: false,
      matrixGroupId: '2',
    });
    expect(config).not.toHaveProperty('matrixControlOption');
    expect(config).not.toHaveProperty('elements');
  });

  it('gives each child its own copy of the enabled steps under fresh ids, wrapped in its machine tasks', () => {
    const of = (containerId: string) => tasks.filter((t) => t.containerId === containerId);
    expect(of('2001').map((t) => [t.taskSeq, t.taskName, t.stepId, t.jobId, t.status])).toEqual([
      [2, 'one', null, 'build.0', 'QUEUE'],
      [4, 'two', 'two', 'build.0', 'QUEUE'],
      [1, 'Prepare_Job#2001', null, 'build.0', 'QUEUE'],
      [2001000, 'Wait_Finish_Job#2001(VM)', null, 'build.0', 'QUEUE'],
      [2001001, 'Clean_Job#2001(VM)', null, 'build.0', 'QUEUE'],
    ]);
    expect(of('2002').slice(2).map((t) => t.taskId)).toEqual(['startVM-2002', 'end-2002000', 'stopVM-2002001']);
    const stepIds = tasks.filter((t) => t.taskType === 'linuxScript').map((t) => t.taskId);
    expect(stepIds).toHaveLength(4);
    expect(new Set(stepIds).size).toBe(4);
    for (const id of stepIds) expect(id).toMatch(/^e-[0-9a-f]{32}$/);
    expect(of('2001')[0].taskParams).toMatchObject({ id: of('2001')[0].taskId, script: 'echo ${{ matrix.os }}' });
  });

  it('finds the matrix job in the model by its seq id', () => {
    const model = { stages: [{ containers: [{ '@type': 'trigger' }] }, { containers: [{ '@type': 'vmBuild', name: 'x' }, matrixJob] }] } as unknown as Model;
    expect(modelContainerAt(model, '2')).toBe(matrixJob);
    expect(modelContainerAt(model, '3')).toBeNull();
  });
});

describe('matrix progress', () => {
  const child = (status: BuildStatus, continueWhenFailed = false): BuildContainerEntity => ({ ...parentRow(), status, matrixGroupFlag: false, conditions: { jobControlOption: { continueWhenFailed } } });

  it('counts running and waiting children and has no outcome while any is unfinished', () => {
    const progress = matrixProgress([child('SUCCEED'), child('PREPARE_ENV'), child('QUEUE'), child('QUEUE')]);
    expect([progress.total, progress.finished, progress.running, progress.waiting.length, progress.outcome]).toEqual([4, 1, 1, 2, null]);
  });

  it("ends as BK-CI's judgeGroupContainers: a failure, else a cancel, else SUCCEED", () => {
    expect(matrixProgress([child('SUCCEED'), child('FAILED'), child('CANCELED')]).outcome).toBe('FAILED');
    expect(matrixProgress([child('SUCCEED'), child('EXEC_TIMEOUT')]).outcome).toBe('FAILED');
    expect(matrixProgress([child('SUCCEED'), child('CANCELED'), child('SKIP')]).outcome).toBe('CANCELED');
    expect(matrixProgress([child('SUCCEED'), child('FAILED', true), child('SKIP')])).toMatchObject({ outcome: 'SUCCEED', failed: 0 });
  });
});
