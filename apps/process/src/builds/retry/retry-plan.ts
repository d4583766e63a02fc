import { isCancel, isFailure, isSuccess } from '@bkci/pipeline-model';
import { isMachineTask } from '../build-detail';
import { BuildError, BuildErrorCode } from '../build.errors';
import type { BuildContainerEntity } from '../entities/build-container.entity';
import type { BuildStageEntity } from '../entities/build-stage.entity';
import type { BuildTaskEntity } from '../entities/build-task.entity';

/** What the caller asked (BK-CI retry's `taskId`, `failedContainer`, `skip`). */
export interface RetryRequest {
  /** A step's id or stepId, a job's id, or a stage's id; absent: the build from its first failed stage. */
  taskId?: string;
  failedContainer: boolean;
  skip: boolean;
}

/** The rows the next execution runs again (back to QUEUE) and the steps it marks skipped by hand. */
export interface RetryPlan {
  stageIds: string[];
  containerIds: string[];
  taskIds: string[];
  skipTaskIds: string[];
  /** A retry of the whole build starts its clock again (BK-CI rebuild sets START_TIME). */
  wholeBuild: boolean;
}

interface Rows {
  stages: BuildStageEntity[];
  containers: BuildContainerEntity[];
  tasks: BuildTaskEntity[];
}

/** The stage the retry starts at, and which of its jobs run again: all, the failed ones, or one (from one step on). */
interface Start {
  stage: BuildStageEntity;
  jobs: 'all' | 'failed' | { job: BuildContainerEntity; fromTask: BuildTaskEntity | null };
}

const failedOrCancelled = (status: BuildStageEntity['status']) => isFailure(status) || isCancel(status);

/**
 * BK-CI PipelineBuildRetryService + the retry paths of startBuild (StartBuildContext,
 * PipelineContainerService.prepareBuildContainerTasks), for a build that has ended: the stage the
 * retry starts at runs again — all its jobs, only its failed or cancelled ones (`failedContainer`),
 * or one job from one step on — and every later stage runs again whole (the finally stage always).
 * Stages before it keep their results. `skip` marks the named failed step (or, for a stage, its
 * failed steps) SKIP, and its job goes on after it. A job with no task (disabled) stays as it is.
 */
export function planRetry(rows: Rows, request: RetryRequest): RetryPlan {
  const start = startOf(rows, request);
  // BK-CI ignores `skip` without a step or stage to skip in.
  const skip = request.skip && request.taskId !== undefined;
  const plan: RetryPlan = { stageIds: [], containerIds: [], taskIds: [], skipTaskIds: [], wholeBuild: request.taskId === undefined };
  const tasksOf = (job: BuildContainerEntity) => rows.tasks.filter((task) => task.containerId === job.containerId);
  const rerun = (job: BuildContainerEntity, from: BuildTaskEntity | null, skipFailed: boolean) => {
    const tasks = tasksOf(job);
    if (tasks.length === 0) return;
    plan.containerIds.push(job.containerId);
    for (const task of tasks) {
      // From a step on: the steps before it keep their results; the job's machine steps run again.
      if (from && task.taskSeq < from.taskSeq && !isMachineTask(task.taskId)) continue;
      const skipped = skipFailed && !isMachineTask(task.taskId) && (from ? task.taskId === from.taskId : failedOrCancelled(task.status));
      (skipped ? plan.skipTaskIds : plan.taskIds).push(task.taskId);
    }
  };

  for (const stage of rows.stages.filter((s) => s.seq >= start.stage.seq)) {
    const jobs = rows.containers.filter((job) => job.stageId === stage.stageId);
    const first = stage.stageId === start.stage.stageId;
    if (!first || start.jobs === 'all') jobs.forEach((job) => rerun(job, null, first && skip));
    else if (start.jobs === 'failed') jobs.filter((job) => !isSuccess(job.status)).forEach((job) => rerun(job, null, skip));
    else rerun(start.jobs.job, start.jobs.fromTask, skip);
    if (first || jobs.some((job) => plan.containerIds.includes(job.containerId))) plan.stageIds.push(stage.stageId);
  }
  return plan;
}

function startOf(rows: Rows, request: RetryRequest): Start {
  const stageOf = (stageId: string) => rows.stages.find((stage) => stage.stageId === stageId && stage.seq > 0);
  const jobs: 'all' | 'failed' = request.failedContainer ? 'failed' : 'all';
  const { taskId } = request;
  if (taskId === undefined) {
    const running = rows.stages.filter((stage) => stage.seq > 0);
    // A build with no failed stage (it succeeded) runs again from its first stage.
    const stage = running.find((s) => failedOrCancelled(s.status)) ?? running[0];
    if (!stage) throw new BuildError(BuildErrorCode.RETRY_TARGET_NOT_FOUND, 'The build has no stage to run again');
    return { stage, jobs };
  }
  const stage = stageOf(taskId);
  if (stage) {
    if (!failedOrCancelled(stage.status)) throw new BuildError(BuildErrorCode.RETRY_STAGE_NOT_FAILED, `Stage ${taskId} ended ${stage.status}; only a failed or cancelled stage is retried`);
    return { stage, jobs };
  }
  const job = rows.containers.find((c) => c.containerId === taskId);
  const jobStage = job && stageOf(job.stageId);
  if (job && jobStage) return { stage: jobStage, jobs: { job, fromTask: null } };
  const task = rows.tasks.find((t) => (t.taskId === taskId || t.stepId === taskId) && !isMachineTask(t.taskId));
  const taskJob = task && rows.containers.find((c) => c.containerId === task.containerId);
  const taskStage = taskJob && stageOf(taskJob.stageId);
  if (!task || !taskJob || !taskStage) throw new BuildError(BuildErrorCode.RETRY_TARGET_NOT_FOUND, `The build has no stage, job or step ${taskId} to retry`);
  if (request.skip && !failedOrCancelled(task.status)) throw new BuildError(BuildErrorCode.RETRY_TASK_NOT_FAILED, `Step ${taskId} ended ${task.status}; only a failed or cancelled step is skipped`);
  return { stage: taskStage, jobs: { job: taskJob, fromTask: task } };
}
