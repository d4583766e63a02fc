import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { BUILD_START, emitEvent } from '@bkci/contracts';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { BuildFormProperty, BuildNo, DEFAULT_CONCURRENCY_GROUP, FIX_VERSION, MAJOR_VERSION, MINOR_VERSION, Model, StartType, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineService } from '../pipelines/pipeline.service';
import { ProjectRepository } from '../projects/project.repository';
import { BuildParameter, resolveStartParams } from './build-params';
import { BuildQueueAdmission } from './build-queue-admission';
import { resolveConcurrencyGroup } from './concurrency-group';
import { buildRows, newPrefixedId } from './build-rows';
import { BuildVariable, MANUAL_BUILD_MSG, ParentVariable, PIPELINE_BUILD_MSG, TIMER_BUILD_MSG } from './build-variables';
import { BuildError, BuildErrorCode } from './build.errors';
import { BuildRepository } from './build.repository';
import { BuildHistoryEntity } from './entities/build-history.entity';
import { BuildSummaryEntity } from './entities/build-summary.entity';
import { unrunnableSteps } from './runnable-steps';
import { dependOnCycle } from './engine/jobs/depend-on';

/** BK-CI's BuildId: what starting a build answers. */
export interface BuildId {
  id: string;
  num: number;
  executeCount: number;
  projectId: string;
  pipelineId: string;
}

/** BK-CI BuildManualStartupInfo: what the console shows before a manual start. */
export interface BuildManualStartupInfo {
  canManualStartup: boolean;
  canElementSkip: boolean;
  /** The build message field, then the trigger params, each with the `value` a new build would start with. */
  properties: BuildFormProperty[];
  /** The recommended version's number, `currentBuildNo` being where the pipeline's counter is. */
  buildNo: BuildNo | null;
  useLatestParameters: boolean;
}

export interface StartBuildInput {
  /** The start values (param id → value); keys no param declares are ignored. */
  values: Record<string, unknown>;
  /** Sets the recommended version's build number (BK-CI `buildNo` query). */
  buildNo?: number;
  /** The version to run: default the latest; a draft runs as a debug build. */
  version?: number;
}

/** The build and step that start a sub-pipeline build (BK-CI SubPipelineStartUpService.callPipelineStartup). */
export interface ParentBuild {
  build: BuildHistoryEntity;
  pipelineName: string;
  taskId: string;
  /** BK-CI's run mode names: `syn` waits for the child, `asyn` does not. */
  runMode: 'syn' | 'asyn';
  /** Values for variables the child's params do not declare: BK-CI passes them on as variables all the same. */
  extraValues: Record<string, string>;
  /** Runs in the transaction that writes the child build, so the parent's step and the child are stored together. */
  inTransaction(tx: OutboxTransaction, child: BuildId): Promise<void>;
}

/** What started a build other than a user: a timer element of the trigger (its task id), or a step of a parent build. */
interface StartOrigin {
  timerTaskId?: string;
  parent?: ParentBuild;
}

/**
 * Starts builds (BK-CI PipelineBuildFacadeService.buildManualStartup → PipelineRuntimeService.startBuild):
 * everything is checked first, then the build's rows are written at QUEUE with its start event in
 * one transaction. The start event's consumer takes it on from there.
 */
@Injectable()
export class BuildStartService {
  constructor(
    private readonly builds: BuildRepository,
    private readonly pipelines: PipelineService,
    private readonly projects: ProjectRepository,
    private readonly outbox: OutboxService,
    private readonly queue: BuildQueueAdmission,
  ) {}

  async manualStart(caller: Caller, projectId: string, pipelineId: string, input: StartBuildInput): Promise<BuildId> {
    return this.start(caller, projectId, pipelineId, 'MANUAL', input);
  }

  /**
   * BK-CI PipelineTimerBuildListener.timerTrigger: a timer's build, as `userId`, with the timer's
   * start values; a release without an enabled timer of that id cannot be started so.
   */
  async timerStart(projectId: string, pipelineId: string, userId: string, taskId: string, values: Record<string, string>): Promise<BuildId> {
    const caller: Caller = { userId, issuer: 'process', appCode: null, admin: false };
    return this.start(caller, projectId, pipelineId, 'TIME_TRIGGER', { values }, { timerTaskId: taskId });
  }

  /**
   * BK-CI subPipelineStartup: a build of the pipeline's latest release started by a step of another
   * build, as its starter, with StartType PIPELINE, the parent's build and step in its history row and
   * BK-CI's BK_CI_PARENT_* variables.
   */
  async pipelineStart(caller: Caller, projectId: string, pipelineId: string, values: Record<string, string>, parent: ParentBuild): Promise<BuildId> {
    return this.start(caller, projectId, pipelineId, 'PIPELINE', { values }, { parent });
  }

  /**
   * BK-CI buildManualStartupInfo: whether the version can be started by hand, and its params with
   * the values of the pipeline's last build (constants and non-input params keep their defaults,
   * and so do sensitive ones, whose last value is not shown).
   */
  async startupInfo(projectId: string, pipelineId: string, version?: number): Promise<BuildManualStartupInfo> {
    const target = await this.pipelines.getVersion(projectId, pipelineId, version);
    const debug = target.status === 'COMMITTING';
    const trigger = target.model.stages[0].containers[0] as TriggerContainer;
    const manual = manualTrigger(trigger);
    const last = await this.builds.latestBuild(projectId, pipelineId, debug);
    const lastValues = new Map(((last?.buildParameters ?? []) as BuildParameter[]).map((p) => [p.key, p.value]));
    const params = (trigger.params ?? []).map((param): BuildFormProperty => {
      if (param.constant === true) return { ...param, readOnly: true, value: param.defaultValue };
      const remembered = param.required && !param.sensitive ? lastValues.get(param.id) : undefined;
      const value = remembered === undefined ? param.defaultValue : typeof param.defaultValue === 'boolean' ? remembered === 'true' : remembered;
      return { ...param, value };
    });
    const buildMsg = typeof manual?.buildMsg === 'string' ? manual.buildMsg : '';
    const message: BuildFormProperty = { id: BuildVariable.BUILD_MSG, required: true, type: 'STRING', defaultValue: buildMsg, value: buildMsg, propertyType: 'BUILD' };
    const summary = trigger.buildNo ? await this.builds.summary(pipelineId) : null;
    return {
      canManualStartup: debug || manual !== undefined,
      canElementSkip: manual?.canElementSkip === true,
      properties: debug ? params : [message, ...params],
      buildNo: trigger.buildNo ? { ...trigger.buildNo, currentBuildNo: summary?.buildNo ?? trigger.buildNo.buildNo } : null,
      useLatestParameters: manual?.useLatestParameters === true,
    };
  }

  private async start(caller: Caller, projectId: string, pipelineId: string, startType: StartType, input: StartBuildInput, origin: StartOrigin = {}): Promise<BuildId> {
    const { timerTaskId, parent } = origin;
    const info = await this.pipelines.get(projectId, pipelineId);
    const target = await this.pipelines.getVersion(projectId, pipelineId, input.version);
    // BK-CI: a released version other than the latest may not run; a draft runs as a debug build.
    if (target.status === 'RELEASED' && target.version !== info.version) {
      throw new BuildError(BuildErrorCode.NOT_LATEST_RELEASE, `Version ${target.version} of pipeline ${pipelineId} is not its latest release (${info.version}); run that one`);
    }
    const debug = target.status === 'COMMITTING';
    const model = target.model;
    const trigger = model.stages[0].containers[0] as TriggerContainer;
    if (startType === 'MANUAL' && !debug && !manualTrigger(trigger)) {
      throw new BuildError(BuildErrorCode.MANUAL_START_DENIED, `Pipeline ${pipelineId} has no enabled manual trigger, so it cannot be started by hand`);
    }
    if (startType === 'TIME_TRIGGER' && (debug || !timerTrigger(trigger, timerTaskId))) {
      throw new BuildError(BuildErrorCode.TIMER_START_DENIED, `Pipeline ${pipelineId} has no enabled timer trigger ${timerTaskId ?? ''} in its latest release`);
    }
    const unrunnable = unrunnableSteps(model);
    if (unrunnable.length > 0) throw new BuildError(BuildErrorCode.STEP_NOT_RUNNABLE, `Pipeline ${pipelineId} cannot run: ${unrunnable.join('; ')}`, unrunnable);
    const startParams = resolveStartParams(trigger.params ?? [], input.values);
    const cycle = dependOnCycle(model, Object.fromEntries(startParams.map((param) => [param.key, param.value])));
    if (cycle) throw new BuildError(BuildErrorCode.DEPEND_ON_CYCLE, `Pipeline ${pipelineId} cannot run: ${cycle}`);
    const buildMsg = buildMessage(input.values[BuildVariable.BUILD_MSG], startType);
    const project = await this.projects.find(projectId);

    const setting = target.setting;
    if (setting.runLockType === 'LOCK') {
      throw new BuildError(BuildErrorCode.PIPELINE_LOCKED, 'Pipeline start failed: [Pipelining: pipelined locking]');
    }
    await this.builds.ensureSummary(projectId, pipelineId);
    const buildId = newPrefixedId('b-');
    const now = new Date();
    return this.outbox.transaction(async (tx) => {
      const { manager, emit } = tx;
      const summary = await this.builds.takeBuildNum(pipelineId, debug, manager);
      const buildNum = debug ? summary.debugBuildNum : summary.buildNum;
      const buildNo = trigger.buildNo ? await this.currentBuildNo(trigger.buildNo, summary, input.buildNo, manager) : null;
      const system: BuildParameter[] = [
        readOnly(BuildVariable.START_USER_ID, caller.userId, false),
        readOnly(BuildVariable.START_USER_NAME, caller.userId, false),
        readOnly(BuildVariable.PIPELINE_NAME, info.pipelineName, false),
        { key: BuildVariable.PROJECT_NAME_CN, value: project?.projectName ?? '', valueType: 'STRING', readOnly: false },
        readOnly(BuildVariable.BUILD_MSG, buildMsg),
        readOnly(BuildVariable.START_TYPE, startType),
        readOnly(BuildVariable.START_CHANNEL, 'BS'),
        readOnly(BuildVariable.IS_MOBILE, 'false'),
        readOnly(BuildVariable.PIPELINE_CREATE_USER, info.creator),
        readOnly(BuildVariable.PIPELINE_UPDATE_USER, info.updater),
        readOnly(BuildVariable.PIPELINE_VERSION, String(target.version)),
        readOnly(BuildVariable.PIPELINE_ID, pipelineId),
        readOnly(BuildVariable.PROJECT_NAME, projectId),
        readOnly(BuildVariable.BUILD_ID, buildId),
        readOnly(BuildVariable.BUILD_DEBUG, String(debug)),
        readOnly(BuildVariable.BUILD_NUM, String(buildNum)),
        // A SUCCESS_BUILD_INCREMENT number is given when the build really starts (BK-CI), so it may wait in a queue.
        ...(buildNo !== null && trigger.buildNo?.buildNoType !== 'SUCCESS_BUILD_INCREMENT' ? [readOnly(BuildVariable.BUILD_NO, String(buildNo))] : []),
        ...(parent ? parentVariables(parent, startParams) : []),
      ];
      const variables = mergeVariables(startParams, system);
      const concurrencyGroup =
        setting.runLockType === 'GROUP_LOCK' ? resolveConcurrencyGroup(setting.concurrencyGroup || DEFAULT_CONCURRENCY_GROUP, Object.fromEntries(variables.map((v) => [v.key, v.value]))) : null;
      await this.queue.admit({ emit, manager }, { projectId, pipelineId, userId: caller.userId, setting, concurrencyGroup });
      const rows = buildRows({
        buildId,
        projectId,
        pipelineId,
        model: model as Model,
        version: target.version,
        versionName: target.versionName,
        buildNum,
        debug,
        startType,
        userId: caller.userId,
        buildMsg,
        recommendVersion: recommendVersion(startParams, buildNo),
        concurrencyGroup,
        startParams,
        variables,
        now,
        parent: parent ? { buildId: parent.build.buildId, taskId: parent.taskId } : null,
      });
      await this.builds.insertBuild(rows, manager);
      emitEvent(emit, BUILD_START, {
        projectId,
        pipelineId,
        buildId,
        taskId: rows.history.firstTaskId,
        actionType: 'START',
        executeCount: 1,
        buildNoType: trigger.buildNo?.buildNoType ?? null,
        debug,
        userId: caller.userId,
      });
      const started = { id: buildId, num: buildNum, executeCount: 1, projectId, pipelineId };
      if (parent) await parent.inTransaction(tx, started);
      return started;
    });
  }

  /**
   * BK-CI setUpTriggerContainer: CONSISTENT keeps the number (a given one replaces it),
   * EVERY_BUILD_INCREMENT adds one at every start, SUCCESS_BUILD_INCREMENT adds one when a build
   * succeeds (not here). The pipeline's counters row is held by this transaction, so this is safe.
   */
  private async currentBuildNo(config: BuildNo, summary: BuildSummaryEntity, given: number | undefined, manager: OutboxTransaction['manager']): Promise<number> {
    // BK-CI's counters row starts at the model's number when the pipeline is made; ours is made at the first build.
    const stored = given ?? summary.buildNo;
    if (config.buildNoType === 'EVERY_BUILD_INCREMENT') {
      const next = (stored ?? config.buildNo) + 1;
      await this.builds.setBuildNo(summary.pipelineId, next, manager);
      return next;
    }
    const current = stored ?? config.buildNo;
    if (given !== undefined || summary.buildNo === null) await this.builds.setBuildNo(summary.pipelineId, current, manager);
    return current;
  }
}

/** The version's enabled manual trigger, if it has one. */
function manualTrigger(trigger: TriggerContainer) {
  return trigger.elements.find((e) => e['@type'] === 'manualTrigger' && e.additionalOptions?.enable !== false);
}

/** The version's enabled timer trigger of that id, if it has one. */
function timerTrigger(trigger: TriggerContainer, taskId: string | undefined) {
  return trigger.elements.find((e) => e['@type'] === 'timerTrigger' && e.id === taskId && e.additionalOptions?.enable !== false);
}

function readOnly(key: string, value: string, isReadOnly = true): BuildParameter {
  return { key, value, readOnly: isReadOnly };
}

/** BK-CI BuildMsgUtils: the start's own message, else the start type's default. */
function buildMessage(given: unknown, startType: StartType): string {
  if (startType === 'TIME_TRIGGER') return TIMER_BUILD_MSG;
  if (typeof given === 'string' && given.trim() !== '') return given.trim().slice(0, 255);
  return startType === 'PIPELINE' ? PIPELINE_BUILD_MSG : MANUAL_BUILD_MSG;
}

/**
 * BK-CI subPipelineStartup's variables of a child build: who and what started it, then the values
 * given for names its params do not declare.
 */
function parentVariables(parent: ParentBuild, startParams: BuildParameter[]): BuildParameter[] {
  const { build } = parent;
  const declared = new Set(startParams.map((param) => param.key));
  return [
    { key: ParentVariable.START_PIPELINE_USER_ID, value: build.startUser, readOnly: false },
    { key: ParentVariable.PROJECT_ID, value: build.projectId, readOnly: false },
    { key: ParentVariable.PIPELINE_ID, value: build.pipelineId, readOnly: false },
    { key: ParentVariable.PIPELINE_NAME, value: parent.pipelineName, readOnly: false },
    { key: ParentVariable.BUILD_ID, value: build.buildId, readOnly: false },
    { key: ParentVariable.BUILD_NUM, value: String(build.buildNum), readOnly: false },
    { key: ParentVariable.BUILD_TASK_ID, value: parent.taskId, readOnly: false },
    { key: ParentVariable.EXECUTE_COUNT, value: String(build.executeCount), readOnly: true },
    { key: ParentVariable.SUB_RUN_MODE, value: parent.runMode, readOnly: true },
    ...Object.entries(parent.extraValues)
      .filter(([key]) => !declared.has(key))
      .map(([key, value]) => ({ key, value, readOnly: false })),
  ];
}

/** The engine's variables win over a param of the same name, as BK-CI's map puts them last. */
function mergeVariables(params: BuildParameter[], system: BuildParameter[]): BuildParameter[] {
  const byKey = new Map<string, BuildParameter>();
  for (const variable of [...params, ...system]) byKey.set(variable.key, variable);
  return [...byKey.values()];
}

/** `Major.Minor.Fix.BuildNo` when the pipeline has a recommended version. */
function recommendVersion(params: BuildParameter[], buildNo: number | null): string | null {
  if (buildNo === null) return null;
  const part = (key: string) => params.find((param) => param.key === key)?.value ?? '0';
  return `${part(MAJOR_VERSION)}.${part(MINOR_VERSION)}.${part(FIX_VERSION)}.${buildNo}`;
}
