import { randomBytes } from 'node:crypto';
import type { BuildStatus, Container, Element, Model, Stage } from '@bkci/pipeline-model';
import type { BuildParameter } from './build-params';
import type { NewBuildRows } from './build.repository';
import { BuildContainerEntity } from './entities/build-container.entity';
import { BuildHistoryEntity } from './entities/build-history.entity';
import { BuildStageEntity } from './entities/build-stage.entity';
import { BuildTaskEntity } from './entities/build-task.entity';
import { BuildVarEntity } from './entities/build-var.entity';
import { initialCheckIn } from './engine/stage-check-in';

/** Engine atoms of the tasks BK-CI adds around a job's steps (VmOperateTaskGenerator). */
export const START_VM_TASK_ATOM = 'dispatchVMStartupTaskAtom';
export const SHUTDOWN_VM_TASK_ATOM = 'dispatchVMShutdownTaskAtom';
export const START_NORMAL_TASK_ATOM = 'dispatchBuildLessDockerStartupTaskAtom';
export const SHUTDOWN_NORMAL_TASK_ATOM = 'dispatchBuildLessDockerShutdownTaskAtom';

/** Steps the engine runs itself (BK-CI's non-empty taskAtom); every other step is a worker's. */
const ENGINE_ATOMS: Record<string, string> = {
  manualReviewUserTask: 'manualReviewTaskAtom',
  subPipelineCall: 'subPipelineCallAtom',
  qualityGateInTask: 'qualityGateInTaskAtom',
  qualityGateOutTask: 'qualityGateOutTaskAtom',
};

/** Steps that need a build machine in an agentless job (BK-CI calculateStartVMTaskSeq). */
const AGENTLESS_MACHINE_STEPS = new Set(['marketBuild', 'marketBuildLess']);

export interface BuildRowsInput {
  buildId: string;
  projectId: string;
  pipelineId: string;
  model: Model;
  version: number;
  versionName: string;
  buildNum: number;
  debug: boolean;
  startType: BuildHistoryEntity['startType'];
  userId: string;
  buildMsg: string;
  recommendVersion: string | null;
  concurrencyGroup: string | null;
  /** The startup params, as stored in the history row. */
  startParams: BuildParameter[];
  /** Every variable the build starts with (params and the BK_CI_* ones). */
  variables: BuildParameter[];
  now: Date;
  /** The build and step that started this one (a sub-pipeline call), if any. */
  parent?: { buildId: string; taskId: string } | null;
}

/** `prefix` + 32 hex, BK-CI's id shape for build ids (`b-`) and generated container/element ids. */
export function newPrefixedId(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

const enabled = (options: { enable?: boolean | null } | null | undefined) => options?.enable !== false;
const elementEnabled = (element: Element) => enabled(element.additionalOptions);
const containerEnabled = (container: Container) =>
  enabled((container as { jobControlOption?: { enable?: boolean | null } | null }).jobControlOption) && container.elements.some(elementEnabled);

/**
 * The rows BK-CI's startBuild writes for a new build, all at QUEUE: stage ids `stage-{n}` and
 * container seq ids from 0 as BK-CI numbers them on save; a disabled stage or job is SKIP with no
 * tasks, a disabled step gets no task (BK-CI PipelineContainerService). A VM job's steps are
 * wrapped in `startVM-{seq}` (before the first step) and `end-{seq*1000+n-1}`, `stopVM-{seq*1000+n}`.
 * A matrix job gets no tasks (BK-CI adds none for it): its children are written when it starts.
 */
export function buildRows(input: BuildRowsInput): NewBuildRows {
  const { buildId, projectId, pipelineId, now } = input;
  const stages: BuildStageEntity[] = [];
  const containers: BuildContainerEntity[] = [];
  const tasks: BuildTaskEntity[] = [];
  const usedIds = new Set<string>();
  const uniqueId = (id: string | null | undefined, prefix: string) => {
    const chosen = id && !usedIds.has(id) ? id : newPrefixedId(prefix);
    usedIds.add(chosen);
    return chosen;
  };
  let containerSeq = 0;

  input.model.stages.forEach((stage, stageIndex) => {
    const stageId = `stage-${stageIndex + 1}`;
    const stageOn = stageIndex === 0 || enabled(stage.stageControlOption);
    stages.push(stageRow(input, stage, stageId, stageIndex, stageOn ? 'QUEUE' : 'SKIP'));
    for (const container of stage.containers) {
      const seq = containerSeq++;
      const containerId = String(seq);
      const containerHashId = uniqueId(container.containerHashId, 'c-');
      const jobOn = stageOn && (container['@type'] === 'trigger' || containerEnabled(container));
      const { elements: _elements, ...conditions } = container;
      containers.push({
        buildId,
        projectId,
        pipelineId,
        stageId,
        containerId,
        containerType: container['@type'],
        containerHashId,
        jobId: container.jobId ?? null,
        seq,
        status: jobOn ? 'QUEUE' : 'SKIP',
        executeCount: 1,
        startTime: null,
        endTime: null,
        conditions,
        matrixGroupFlag: container.matrixGroupFlag === true,
        matrixGroupId: null,
        statusReason: null,
      });
      // A matrix's own job runs nothing: its children get the steps when it starts (matrix/matrix-start.check.ts).
      if (!jobOn || container.matrixGroupFlag === true) continue;
      const job = { buildId, projectId, pipelineId, stageId, containerId, containerHashId, seq, userId: input.userId, executeCount: 1 };
      tasks.push(...jobTaskRows(container, job, (element) => uniqueId(element.id, 'e-')));
    }
  });

  const triggerTasks = tasks.filter((t) => t.containerId === '0');
  const firstTaskId = triggerTasks.find((t) => t.taskType === firstTaskType(input.startType))?.taskId ?? triggerTasks[0]?.taskId ?? '';
  const history: BuildHistoryEntity = {
    buildId,
    projectId,
    pipelineId,
    buildNum: input.buildNum,
    version: input.version,
    versionName: input.versionName,
    status: 'QUEUE',
    startType: input.startType,
    channel: 'BS',
    startUser: input.userId,
    triggerUser: input.userId,
    queueTime: now,
    startTime: null,
    endTime: null,
    executeCount: 1,
    firstTaskId,
    concurrencyGroup: input.concurrencyGroup,
    buildParameters: input.startParams,
    buildMsg: input.buildMsg,
    buildNumAlias: null,
    recommendVersion: input.recommendVersion,
    parentBuildId: input.parent?.buildId ?? null,
    parentTaskId: input.parent?.taskId ?? null,
    debug: input.debug,
    errorType: null,
    errorCode: null,
    errorMsg: null,
    revision: 1,
  };
  const vars: BuildVarEntity[] = input.variables.map((variable) => ({
    buildId,
    projectId,
    pipelineId,
    key: variable.key,
    value: variable.value,
    varType: variable.valueType ?? null,
    readOnly: variable.readOnly,
  }));
  return { history, stages, containers, tasks, vars };
}

/** Who a job's task rows belong to. */
export interface JobRowIds {
  buildId: string;
  projectId: string;
  pipelineId: string;
  stageId: string;
  containerId: string;
  containerHashId: string;
  /** The job's seq (its containerId as a number): the end marker and stop-machine task are numbered from it. */
  seq: number;
  userId: string;
  executeCount: number;
}

/**
 * One job's task rows at QUEUE (BK-CI prepareBuildContainerTasks / prepareMatrixBuildContainer): a
 * task per enabled step, its id chosen by `taskIdOf`, `taskSeq` counting the disabled ones too, and
 * for a job that needs a machine the VM tasks around them.
 */
export function jobTaskRows(container: Container, job: JobRowIds, taskIdOf: (element: Element) => string): BuildTaskEntity[] {
  const tasks: BuildTaskEntity[] = [];
  const task: TaskMaker = (fields) => ({
    buildId: job.buildId,
    projectId: job.projectId,
    pipelineId: job.pipelineId,
    stageId: job.stageId,
    containerId: job.containerId,
    containerHashId: job.containerHashId,
    containerType: container['@type'],
    jobId: container.jobId ?? null,
    status: 'QUEUE',
    executeCount: job.executeCount,
    starter: job.userId,
    approver: null,
    subBuildId: null,
    startTime: null,
    endTime: null,
    errorType: null,
    errorCode: null,
    errorMsg: null,
    statusReason: null,
    retryCount: 0,
    ...fields,
  });
  let taskSeq = 0;
  let startVMTaskSeq = -1;
  for (const element of container.elements) {
    taskSeq++;
    if (!elementEnabled(element)) continue;
    if (startVMTaskSeq < 0 && needsMachine(container, element)) {
      startVMTaskSeq = taskSeq;
      taskSeq++;
    }
    const taskId = taskIdOf(element);
    tasks.push(
      task({
        taskId,
        taskSeq,
        taskName: element.name ?? element['@type'],
        taskType: element['@type'],
        taskAtom: ENGINE_ATOMS[element['@type']] ?? '',
        atomCode: typeof element.atomCode === 'string' && element.atomCode !== '' ? element.atomCode : element['@type'],
        taskParams: { ...element, id: taskId },
        additionalOptions: element.additionalOptions ?? null,
        stepId: element.stepId ?? null,
      }),
    );
  }
  if (startVMTaskSeq > 0) tasks.push(...machineTasks(container, job.containerId, job.seq, startVMTaskSeq, task));
  return tasks;
}

function stageRow(input: BuildRowsInput, stage: Stage, stageId: string, seq: number, status: BuildStatus): BuildStageEntity {
  return {
    buildId: input.buildId,
    projectId: input.projectId,
    pipelineId: input.pipelineId,
    stageId,
    seq,
    status,
    executeCount: 1,
    startTime: null,
    endTime: null,
    conditions: { stageControlOption: stage.stageControlOption ?? null, finally: stage.finally === true, fastKill: stage.fastKill === true },
    checkIn: initialCheckIn(stage.checkIn),
    checkOut: stage.checkOut ?? null,
    stageIdForUser: stage.stageIdForUser ?? null,
  };
}

function needsMachine(container: Container, element: Element): boolean {
  if (container['@type'] === 'vmBuild') return true;
  return container['@type'] === 'normal' && AGENTLESS_MACHINE_STEPS.has(element['@type']);
}

type TaskMaker = (fields: Pick<BuildTaskEntity, 'taskId' | 'taskSeq' | 'taskName' | 'taskType' | 'taskAtom' | 'atomCode' | 'taskParams' | 'additionalOptions' | 'stepId'>) => BuildTaskEntity;

/** BK-CI VmOperateTaskGenerator: the job's start-machine task, its end marker and its stop-machine task. */
function machineTasks(container: Container, containerId: string, seq: number, startVMTaskSeq: number, task: TaskMaker): BuildTaskEntity[] {
  const vm = container['@type'] === 'vmBuild';
  const taskType = vm ? 'VM' : 'NORMAL';
  const { elements: _elements, ...config } = container;
  const jobControl = (container as { jobControlOption?: { timeout?: number | null; timeoutVar?: string | null } | null }).jobControlOption;
  const buildType = (container as { dispatchType?: { buildType?: string } | null }).dispatchType?.buildType ?? 'DOCKER';
  const baseOS = (container as { baseOS?: string }).baseOS;
  const endSeq = seq * 1000 + startVMTaskSeq - 1;
  const stopSeq = seq * 1000 + startVMTaskSeq;
  const finishOptions = (taskName: string) => ({
    continueWhenFailed: true,
    timeout: 1,
    runCondition: 'PARENT_TASK_FINISH',
    elementPostInfo: { parentElementId: `startVM-${containerId}`, postCondition: '', postEntryParam: '', parentElementName: taskName, parentElementJobIndex: startVMTaskSeq },
  });
  const waitName = `Wait_Finish_Job#${containerId}(${taskType})`;
  const cleanName = `Clean_Job#${containerId}(${taskType})`;
  return [
    task({
      taskId: `startVM-${containerId}`,
      taskSeq: startVMTaskSeq,
      taskName: vm ? `Prepare_Job#${containerId}` : `Prepare_Job#${containerId}(N)`,
      taskType,
      taskAtom: vm ? START_VM_TASK_ATOM : START_NORMAL_TASK_ATOM,
      atomCode: vm ? `${START_VM_TASK_ATOM}-${buildType}-${baseOS}` : START_NORMAL_TASK_ATOM,
      taskParams: { ...config, elements: [] },
      additionalOptions: { runCondition: 'PRE_TASK_FAILED_BUT_CANCEL', timeout: jobControl?.timeout ?? null, timeoutVar: jobControl?.timeoutVar ?? null },
      stepId: null,
    }),
    task({
      taskId: `end-${endSeq}`,
      taskSeq: endSeq,
      taskName: waitName,
      taskType,
      taskAtom: '',
      atomCode: `${SHUTDOWN_VM_TASK_ATOM}-END`,
      taskParams: {},
      additionalOptions: finishOptions(waitName),
      stepId: null,
    }),
    task({
      taskId: `stopVM-${stopSeq}`,
      taskSeq: stopSeq,
      taskName: cleanName,
      taskType,
      taskAtom: vm ? SHUTDOWN_VM_TASK_ATOM : SHUTDOWN_NORMAL_TASK_ATOM,
      atomCode: `${SHUTDOWN_VM_TASK_ATOM}-FINISH`,
      taskParams: { ...config, elements: [] },
      additionalOptions: finishOptions(cleanName),
      stepId: null,
    }),
  ];
}

/** BK-CI findFirstTaskIdByStartType: the trigger element a build of this start type begins at. */
function firstTaskType(startType: BuildHistoryEntity['startType']): string {
  return startType === 'TIME_TRIGGER' ? 'timerTrigger' : 'manualTrigger';
}
