import type { BuildStatus } from '@bkci/pipeline-model';
import { BuildErrorCode } from '../build.errors';
import type { BuildContainerEntity } from '../entities/build-container.entity';
import type { BuildStageEntity } from '../entities/build-stage.entity';
import type { BuildTaskEntity } from '../entities/build-task.entity';
import { planRetry, RetryRequest } from './retry-plan';

const stage = (seq: number, status: BuildStatus, finallyStage = false) => ({ stageId: `stage-${seq + 1}`, seq, status, conditions: { finally: finallyStage } }) as BuildStageEntity;
const job = (containerId: string, stageSeq: number, status: BuildStatus) => ({ containerId, seq: Number(containerId), stageId: `stage-${stageSeq + 1}`, status }) as BuildContainerEntity;
const task = (taskId: string, containerId: string, taskSeq: number, status: BuildStatus, stepId: string | null = null) => ({ taskId, containerId, taskSeq, status, stepId }) as BuildTaskEntity;
const vmTasks = (containerId: string, steps: Array<[string, BuildStatus]>) => [
  task(`startVM-${containerId}`, containerId, 1, 'SUCCEED'),
  ...steps.map(([id, status], index) => task(id, containerId, index + 2, status, `${id}-step`)),
  task(`end-${containerId}000`, containerId, 1000, 'SUCCEED'),
  task(`stopVM-${containerId}001`, containerId, 1001, 'SUCCEED'),
];

/** trigger | build: 1 SUCCEED, 2 FAILED (a ok, b failed, c unexec) | publish: 3 never ran | disabled stage: 4 without tasks | finally: 5 SUCCEED */
const rows = {
  stages: [stage(0, 'SUCCEED'), stage(1, 'FAILED'), stage(2, 'QUEUE'), stage(3, 'SKIP'), stage(4, 'SUCCEED', true)],
  containers: [job('0', 0, 'SUCCEED'), job('1', 1, 'SUCCEED'), job('2', 1, 'FAILED'), job('3', 2, 'QUEUE'), job('4', 3, 'SKIP'), job('5', 4, 'SUCCEED')],
  tasks: [
    task('e-trigger', '0', 1, 'SUCCEED'),
    ...vmTasks('1', [['e-steady', 'SUCCEED']]),
    ...vmTasks('2', [
      ['e-a', 'SUCCEED'],
      ['e-b', 'FAILED'],
      ['e-c', 'UNEXEC'],
    ]),
    ...vmTasks('3', [['e-publish', 'QUEUE']]),
    ...vmTasks('5', [['e-clean', 'SUCCEED']]),
  ],
};
const all = (containerId: string) => rows.tasks.filter((t) => t.containerId === containerId).map((t) => t.taskId);
const plan = (request: Partial<RetryRequest>) => planRetry(rows, { failedContainer: false, skip: false, ...request });

describe('planRetry', () => {
  it('runs the whole build again from its first failed stage: every job of it and of the stages after, the disabled one left alone', () => {
    expect(plan({})).toEqual({
      stageIds: ['stage-2', 'stage-3', 'stage-5'],
      containerIds: ['1', '2', '3', '5'],
      taskIds: [...all('1'), ...all('2'), ...all('3'), ...all('5')],
      skipTaskIds: [],
      wholeBuild: true,
    });
  });

  it('runs a build that succeeded again from its first stage', () => {
    const succeeded = { ...rows, stages: rows.stages.map((s) => ({ ...s, status: 'SUCCEED' as BuildStatus })) };
    expect(planRetry(succeeded, { failedContainer: false, skip: false }).stageIds).toEqual(['stage-2', 'stage-3', 'stage-5']);
  });

  it('runs only the failed jobs of the failed stage with failedContainer, the later stages whole', () => {
    expect(plan({ failedContainer: true })).toMatchObject({ stageIds: ['stage-2', 'stage-3', 'stage-5'], containerIds: ['2', '3', '5'] });
  });

  it('runs one step again: the steps before it keep their results, the job’s machine steps and the steps after it run', () => {
    expect(plan({ taskId: 'e-b' })).toEqual({
      stageIds: ['stage-2', 'stage-3', 'stage-5'],
      containerIds: ['2', '3', '5'],
      taskIds: ['startVM-2', 'e-b', 'e-c', 'end-2000', 'stopVM-2001', ...all('3'), ...all('5')],
      skipTaskIds: [],
      wholeBuild: false,
    });
    expect(plan({ taskId: 'e-b-step' }).taskIds).toEqual(plan({ taskId: 'e-b' }).taskIds);
  });

  it('skips a failed step: it is SKIP and the rest of its job runs', () => {
    const skipped = plan({ taskId: 'e-b', skip: true });
    expect(skipped.skipTaskIds).toEqual(['e-b']);
    expect(skipped.taskIds.slice(0, 4)).toEqual(['startVM-2', 'e-c', 'end-2000', 'stopVM-2001']);
    expect(() => plan({ taskId: 'e-a', skip: true })).toThrow(expect.objectContaining({ code: BuildErrorCode.RETRY_TASK_NOT_FAILED }));
  });

  it('runs a failed stage again by its id, skipping its failed steps with skip, and ignores skip without a taskId', () => {
    expect(plan({ taskId: 'stage-2', skip: true })).toMatchObject({ containerIds: ['1', '2', '3', '5'], skipTaskIds: ['e-b'] });
    expect(plan({ skip: true }).skipTaskIds).toEqual([]);
    expect(() => plan({ taskId: 'stage-5' })).toThrow(expect.objectContaining({ code: BuildErrorCode.RETRY_STAGE_NOT_FAILED }));
  });

  it('runs one job again by its id, and refuses what the build does not have', () => {
    expect(plan({ taskId: '1' })).toMatchObject({ stageIds: ['stage-2', 'stage-3', 'stage-5'], containerIds: ['1', '3', '5'] });
    for (const taskId of ['e-nothing', 'e-trigger', '0', 'stage-1', 'startVM-2']) {
      expect(() => plan({ taskId })).toThrow(expect.objectContaining({ code: BuildErrorCode.RETRY_TARGET_NOT_FOUND }));
    }
  });
});
