import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { BUILD_CANCEL, emitEvent } from '@bkci/contracts';
import { DomainError } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { BuildStatus, SubPipelineCallElement } from '@bkci/pipeline-model';
import { PipelineErrorCode } from '../../pipelines/pipeline.errors';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildStartService } from '../build-start.service';
import { BuildVariable } from '../build-variables';
import { BuildRepository } from '../build.repository';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { emitContainerEvent } from './container-event';
import { EngineAtomRunner, fitReason } from './engine-extensions';
import { substituteVariables } from './run-conditions';
import { buildEnded } from './stage-status';
import { emitStepStatus } from './status-events';

export const SUB_PIPELINE_CALL_ATOM = 'subPipelineCallAtom';
const SUB_PIPELINE_CALL_TYPE = 'subPipelineCall';

/** BK-CI ProcessMessageCode: the step names no pipeline, the pipeline does not exist (ERROR_BUILD_TASK_SUBPIPELINEID_*), the caller may not run it, the calls go round in a circle. */
const NO_SUB_PIPELINE_ID = 2101001;
const SUB_PIPELINE_NOT_FOUND = 2101002;
const USER_NEED_PIPELINE_EXECUTE = 2101008;
const SUB_PIPELINE_CYCLE_CALL = 2101165;

type CallElement = Partial<SubPipelineCallElement>;

/** A reason the step cannot start its child build: the step fails with it. */
class CallRefused extends DomainError {
  constructor(code: number, message: string) {
    super(code, 400, message);
  }
}

/**
 * BK-CI SubPipelineCallAtom with SubPipelineStartUpService.callPipelineStartup and SubPipelineStatusService:
 * the step starts a build of another pipeline of the project (its latest release, StartType PIPELINE,
 * as the parent build's starter, who must be allowed to execute it) with the step's parameters,
 * variables put in. Asynchronous, the step SUCCEEDs once the child is started; synchronous, it waits
 * CALL_WAITING until the child ends and then takes the child's status (STAGE_SUCCESS counting as
 * SUCCEED). BK-CI's built-in step brings no variables of the child back. A step that cannot start
 * its child FAILs with the reason. A parent build that ends while a synchronous child still runs cancels it.
 */
@Injectable()
export class SubPipelineCallAtom implements EngineAtomRunner {
  readonly atom = SUB_PIPELINE_CALL_ATOM;

  constructor(
    private readonly builds: BuildRepository,
    private readonly starts: BuildStartService,
    private readonly pipelines: PipelineService,
    private readonly permissions: PermissionChecker,
    private readonly outbox: OutboxService,
  ) {}

  async start(build: BuildHistoryEntity, _job: BuildContainerEntity, task: BuildTaskEntity): Promise<'continue' | 'wait'> {
    const element = task.taskParams as CallElement;
    const variables = await this.builds.variables(build.buildId);
    const asynchronous = element.asynchronous === true;
    const now = new Date();
    try {
      const childPipelineId = await this.callablePipeline(build, element, variables);
      const values = Object.fromEntries(Object.entries(element.parameters ?? {}).map(([key, value]) => [key, substituteVariables(String(value ?? ''), variables)]));
      const starter: Caller = { userId: build.startUser, issuer: 'process', appCode: null, admin: false };
      await this.starts.pipelineStart(starter, build.projectId, childPipelineId, values, {
        build,
        pipelineName: variables[BuildVariable.PIPELINE_NAME] ?? build.pipelineId,
        taskId: task.taskId,
        runMode: asynchronous ? 'asyn' : 'syn',
        extraValues: values,
        inTransaction: async (tx, child) => {
          const status: BuildStatus = asynchronous ? 'SUCCEED' : 'CALL_WAITING';
          const change = {
            startTime: now,
            ...(asynchronous && { endTime: now }),
            subBuildId: child.id,
            statusReason: asynchronous ? `started build #${child.num} (${child.id}) of pipeline ${childPipelineId}` : `waiting for build #${child.num} (${child.id}) of pipeline ${childPipelineId} to end`,
            taskParams: { ...task.taskParams, subPipelineBuildInfo: { projectId: child.projectId, pipelineId: child.pipelineId, buildId: child.id } },
          };
          // The step changed under the job's lock: undo the child too, the event is retried.
          if (!(await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, status, change, tx.manager))) throw new Error(`Step ${task.taskId} of build ${build.buildId} changed while its sub-pipeline started`);
          emitStepStatus(tx.emit, build, task, 'STARTED', 'RUNNING', now);
          if (asynchronous) emitStepStatus(tx.emit, build, task, 'FINISHED', 'SUCCEED', now);
        },
      });
      return asynchronous ? 'continue' : 'wait';
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.outbox.transaction(async ({ manager, emit }) => {
        const change = { startTime: now, endTime: now, statusReason: fitReason(`the sub-pipeline did not start: ${error.message}`), errorType: 'USER', errorCode: error.code, errorMsg: error.message };
        if (await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, 'FAILED', change, manager)) emitStepStatus(emit, build, task, 'FINISHED', 'FAILED', now);
      });
      return 'continue';
    }
  }

  /**
   * A build ended (BUILD_STATUS_CHANGED FINISHED): a synchronous step waiting for it, as its child,
   * takes its status and its job is walked on (BK-CI tryFinish); its own synchronous children still
   * running are cancelled (BK-CI's forced tryFinish).
   */
  async buildFinished(buildId: string): Promise<void> {
    const build = await this.builds.buildById(buildId);
    if (!build) return;
    if (build.parentBuildId && build.parentTaskId) await this.wakeParent(build, build.parentBuildId, build.parentTaskId);
    await this.cancelChildren(build);
  }

  private async wakeParent(child: BuildHistoryEntity, parentBuildId: string, parentTaskId: string): Promise<void> {
    const parent = await this.builds.buildById(parentBuildId);
    const task = await this.builds.task(parentBuildId, parentTaskId);
    if (!parent || !task || task.status !== 'CALL_WAITING' || task.subBuildId !== child.buildId) return;
    const job = await this.builds.container(parentBuildId, task.containerId);
    if (!job) return;
    // BK-CI: a child that ended STAGE_SUCCESS (a rejected stage review) counts as a success; any other end is the step's.
    const status: BuildStatus = child.status === 'STAGE_SUCCESS' ? 'SUCCEED' : child.status;
    const now = new Date();
    await this.outbox.transaction(async (tx) => {
      const change = {
        endTime: now,
        statusReason: `build #${child.buildNum} (${child.buildId}) of pipeline ${child.pipelineId} ended ${child.status}`,
        ...(status !== 'SUCCEED' && { errorType: child.errorType ?? 'USER', errorCode: child.errorCode, errorMsg: child.errorMsg ?? `the sub-pipeline build ended ${child.status}` }),
      };
      if (!(await this.builds.swapTaskStatus(parentBuildId, parentTaskId, 'CALL_WAITING', status, change, tx.manager))) return;
      emitStepStatus(tx.emit, parent, task, 'FINISHED', status, now);
      emitContainerEvent(tx, job, 'REFRESH');
    });
  }

  private async cancelChildren(build: BuildHistoryEntity): Promise<void> {
    const calls = (await this.builds.tasks(build.buildId)).filter((task) => task.taskType === SUB_PIPELINE_CALL_TYPE && task.subBuildId && (task.taskParams as CallElement).asynchronous !== true);
    for (const call of calls) {
      const child = await this.builds.buildById(call.subBuildId!);
      if (!child || buildEnded(child)) continue;
      await this.outbox.transaction(async ({ emit }) => {
        emitEvent(emit, BUILD_CANCEL, { projectId: child.projectId, pipelineId: child.pipelineId, buildId: child.buildId, userId: build.startUser });
      });
    }
  }

  /** The pipeline the step calls, once BK-CI's checks pass: named, existing, executable by the starter, not calling back round. */
  private async callablePipeline(build: BuildHistoryEntity, element: CallElement, variables: Record<string, string>): Promise<string> {
    if (element.subPipelineType === 'NAME') throw new CallRefused(NO_SUB_PIPELINE_ID, 'calling a sub-pipeline by its name is not supported here; name it by its id');
    const pipelineId = substituteVariables(element.subPipelineId ?? '', variables).trim();
    if (pipelineId === '') throw new CallRefused(NO_SUB_PIPELINE_ID, 'the step names no sub-pipeline (subPipelineId is empty)');
    await this.pipelines.get(build.projectId, pipelineId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === PipelineErrorCode.PIPELINE_NOT_FOUND) throw new CallRefused(SUB_PIPELINE_NOT_FOUND, `pipeline ${pipelineId} does not exist in project ${build.projectId}`);
      throw error;
    });
    if (!(await this.permissions.isAllowed(build.startUser, build.projectId, 'pipeline_execute', pipelineId))) {
      throw new CallRefused(USER_NEED_PIPELINE_EXECUTE, `${build.startUser}, who started the build, may not execute pipeline ${pipelineId}`);
    }
    const loop = await this.callsBack(build.projectId, pipelineId, new Set([build.pipelineId]));
    if (loop) throw new CallRefused(SUB_PIPELINE_CYCLE_CALL, `calling pipeline ${pipelineId} would go round in a circle: it leads back to pipeline ${loop}`);
    return pipelineId;
  }

  /** BK-CI checkSub: the first pipeline on `path` that `pipelineId`'s latest release calls again, directly or through its own sub-pipeline steps; null when none. */
  private async callsBack(projectId: string, pipelineId: string, path: Set<string>): Promise<string | null> {
    if (path.has(pipelineId)) return pipelineId;
    const version = await this.pipelines.getVersion(projectId, pipelineId).catch(() => null);
    if (!version) return null;
    const next = new Set([...path, pipelineId]);
    for (const stage of version.model.stages.slice(1)) {
      for (const element of stage.containers.flatMap((container) => container.elements)) {
        const callee = element['@type'] === SUB_PIPELINE_CALL_TYPE ? (element as CallElement).subPipelineId : undefined;
        const loop = typeof callee === 'string' && callee !== '' ? await this.callsBack(projectId, callee, next) : null;
        if (loop) return loop;
      }
    }
    return null;
  }
}
