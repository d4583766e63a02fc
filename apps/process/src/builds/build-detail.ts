import type { Model } from '@bkci/pipeline-model';
import { BuildContainerEntity } from './entities/build-container.entity';
import { BuildStageEntity } from './entities/build-stage.entity';
import { BuildTaskEntity } from './entities/build-task.entity';
import { matrixGroupView } from './matrix/matrix-detail';

/** Tasks the engine adds around a job's steps (they have no element in the model). */
export function isMachineTask(taskId: string): boolean {
  return taskId.startsWith('startVM-') || taskId.startsWith('stopVM-') || taskId.startsWith('end-');
}

/** What the detail reads of each row: the runtime rows, or an earlier execution's record of them. */
export type RuntimeStage = Pick<BuildStageEntity, 'seq' | 'status' | 'startTime' | 'endTime' | 'executeCount' | 'checkIn'>;
export type RuntimeContainer = Pick<BuildContainerEntity, 'containerId' | 'containerHashId' | 'status' | 'startTime' | 'executeCount' | 'statusReason'>;
/** A step's runtime fields; an earlier execution's record has no `taskParams` (what the engine steps wrote there). */
export type RuntimeTask = Pick<BuildTaskEntity, 'taskId' | 'containerId' | 'taskSeq' | 'status' | 'startTime' | 'executeCount' | 'statusReason'> & Partial<Pick<BuildTaskEntity, 'taskParams'>>;

/** The runtime rows themselves (the latest execution), not an earlier execution's record of them: only they hold a matrix's children. */
function isLiveJob(job: RuntimeContainer): job is BuildContainerEntity {
  return 'matrixGroupFlag' in job;
}

function isLiveStep(task: RuntimeTask): task is BuildTaskEntity {
  return 'taskAtom' in task;
}

/**
 * The version's model with the build's runtime state written into it, as BK-CI's build detail
 * shows it: ids as the build numbered them, each stage's, job's and step's status, start time
 * (`startEpoch`, epoch ms) and execute count, a job's machine state in `startVMStatus`. A step
 * the build did not take (disabled) is SKIP, as BK-CI records it. A stage's check-in is the build's:
 * its review's status and each group's reviewers (variables put in) and decision. Ours beside
 * BK-CI's fields: `statusReason` on a job and a step, why the engine left it where it is (waiting
 * for an agent, skipped by its condition, not run after a failure, timed out). A matrix job shows
 * its children under it (`groupContainers`, matrix/matrix-detail.ts).
 */
export function modelWithRuntime(model: Model, stages: RuntimeStage[], containers: RuntimeContainer[], tasks: RuntimeTask[]): Model {
  const copy = structuredClone(model);
  let seq = 0;
  copy.stages.forEach((stage, index) => {
    const row = stages.find((s) => s.seq === index);
    Object.assign(stage, { id: `stage-${index + 1}`, status: row?.status ?? null, startEpoch: row?.startTime?.getTime() ?? null, executeCount: row?.executeCount ?? null });
    if (row?.checkIn) stage.checkIn = row.checkIn;
    for (const container of stage.containers) {
      const containerId = String(seq++);
      const job = containers.find((c) => c.containerId === containerId);
      const jobTasks = tasks.filter((t) => t.containerId === containerId).sort((a, b) => a.taskSeq - b.taskSeq);
      const startVM = jobTasks.find((t) => t.taskId.startsWith('startVM-'));
      Object.assign(container, {
        id: containerId,
        containerId,
        containerHashId: job?.containerHashId ?? container.containerHashId,
        status: job?.status ?? null,
        startEpoch: job?.startTime?.getTime() ?? null,
        executeCount: job?.executeCount ?? null,
        statusReason: job?.statusReason ?? null,
        ...(startVM ? { startVMStatus: startVM.status } : {}),
        ...(job && isLiveJob(job) && job.matrixGroupFlag ? matrixGroupView(job, containers.filter(isLiveJob), tasks.filter(isLiveStep)) : {}),
      });
      const steps = jobTasks.filter((t) => !isMachineTask(t.taskId));
      let next = 0;
      for (const element of container.elements) {
        if (element.additionalOptions?.enable === false || job?.status === 'SKIP') {
          Object.assign(element, { status: 'SKIP' });
          continue;
        }
        const task = steps[next++];
        if (task) Object.assign(element, { id: task.taskId, status: task.status, startEpoch: task.startTime?.getTime() ?? null, executeCount: task.executeCount, statusReason: task.statusReason, ...engineAtomFields(task) });
      }
    }
  });
  return copy;
}

/** What BK-CI's record shows of an engine step's run: a review's reviewers (variables put in), a sub-pipeline call's child build. */
function engineAtomFields(task: RuntimeTask): Record<string, unknown> {
  const params = (task.taskParams ?? {}) as { actualReviewUsers?: unknown; subPipelineBuildInfo?: unknown };
  return {
    ...(params.actualReviewUsers !== undefined && { actualReviewUsers: params.actualReviewUsers }),
    ...(params.subPipelineBuildInfo !== undefined && { subPipelineBuildInfo: params.subPipelineBuildInfo }),
  };
}
