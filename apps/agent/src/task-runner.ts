import type { StepErrorCode } from '@bkci/contracts';
import { join } from 'node:path';
import { CallResult, problem } from './http-client';
import { BuildTask, BuildTaskResult, BuildVariables, LogMessage, ThirdPartyBuildInfo } from './job-api';
import { MaskList } from './mask';
import { parseOutputCommand, resultKeys } from './output-commands';
import { RunningScript, runScript, ScriptExit } from './step-runner';
import { credentialIdsIn, substitute } from './substitution';

/** The completion codes the agent reports: the contract's StepErrorCode (its values checked against it, the library itself not bundled). */
export const STEP_ERROR = {
  failed: 2199101,
  timeout: 2199102,
  cancelled: 2199103,
  notRunnable: 2199104,
} as const satisfies Record<string, StepErrorCode>;

/** The only step type this agent runs; any other is completed as not runnable. */
export const LINUX_SCRIPT = 'linuxScript';

/** BK-CI's worker marks a line of stderr (and its own error lines) so the console shows it red. */
const ERROR_FLAG = '##[error]';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What one task needs from its job. */
export interface TaskContext {
  build: ThirdPartyBuildInfo;
  variables: BuildVariables;
  /** `<workDir>/<pipelineId>`: the step's working directory and WORKSPACE. */
  workspaceDir: string;
  executeCount: number;
  masks: MaskList;
  /** Ticket's credential, read once per job per id (the job caches it). */
  credential(credentialId: string): Promise<CallResult<Record<string, string>>>;
  print(message: Omit<LogMessage, 'timestamp' | 'jobId' | 'containerHashId' | 'executeCount'>): void;
  killGraceMs: number;
}

/** A claimed task (`claim` answered DO) being run; `cancel` kills its script if one is running. */
export class TaskRun {
  private script: RunningScript | null = null;
  private cancelled = false;

  constructor(
    private readonly task: BuildTask,
    private readonly context: TaskContext,
  ) {}

  get taskId(): string {
    return this.task.taskId ?? '';
  }

  cancel(): void {
    this.cancelled = true;
    this.script?.cancel();
  }

  async run(): Promise<BuildTaskResult> {
    const task = this.task;
    const type = task.type ?? '';
    const name = task.elementName || this.taskId;
    this.line(`[${name}]`);
    if (type !== LINUX_SCRIPT) return this.failed(STEP_ERROR.notRunnable, `The step type "${type}" cannot run on this agent (it runs ${LINUX_SCRIPT} only)`);
    if (this.cancelled) return this.failed(STEP_ERROR.cancelled, 'The step was cancelled');

    const variables = { ...stringValues(this.context.variables.variables), ...stringValues(task.buildVariable) };
    const params = task.params ?? {};
    const settings: Record<string, Record<string, string>> = {};
    for (const credentialId of credentialIdsIn(params.script ?? '')) {
      const read = await this.context.credential(credentialId);
      if (read.outcome !== 'ok') return this.failed(STEP_ERROR.failed, `The credential ${credentialId} cannot be read: ${describeProblem(read)}`);
      // A copy of the strings: the evaluator reads plain objects of this realm only (fetch's JSON may come from another, as under Jest).
      settings[credentialId] = stringValues(read.data);
    }
    const script = substitute(params.script ?? '', { variables, settings });
    const timeoutMs = stepTimeoutMs(params.additionalOptions, this.context.variables.timeoutMills);
    if (this.cancelled) return this.failed(STEP_ERROR.cancelled, 'The step was cancelled');

    const buildResult: Record<string, string> = {};
    this.script = runScript(
      {
        script,
        scriptDir: join(this.context.workspaceDir, '.bkci-tmp'),
        cwd: this.context.workspaceDir,
        env: this.env(variables),
        timeoutMs,
        onLine: (stream, line) => {
          const command = parseOutputCommand(line);
          if (command) for (const key of resultKeys(command, task.stepId, this.jobId())) buildResult[key] = command.value;
          if (stream === 'stderr') this.line(ERROR_FLAG + line, 'ERROR');
          else this.line(line);
        },
      },
      this.context.killGraceMs,
    );
    const exit = await this.script.done;
    this.script = null;
    return this.finished(exit, params.continueNoneZero === 'true', timeoutMs, buildResult);
  }

  private finished(exit: ScriptExit, continueNoneZero: boolean, timeoutMs: number | null, buildResult: Record<string, string>): BuildTaskResult {
    if (exit.ended === 'cancelled') return this.failed(STEP_ERROR.cancelled, 'The step was cancelled', buildResult);
    if (exit.ended === 'timeout') return this.failed(STEP_ERROR.timeout, `The step timed out after ${Math.round((timeoutMs ?? 0) / 1000)} s`, buildResult);
    if (exit.error !== null) return this.failed(STEP_ERROR.failed, `bash could not start: ${exit.error}`, buildResult);
    if (exit.exitCode === 0) return this.result(true, '', null, buildResult);
    const message = exit.exitCode === null ? `Script killed by ${exit.signal}` : `Script command execution failed with exit code(${exit.exitCode})`;
    if (continueNoneZero && exit.exitCode !== null) {
      this.line(`${message}, continued (continueNoneZero)`, 'WARN');
      return this.result(true, message, null, buildResult);
    }
    return this.failed(STEP_ERROR.failed, message, buildResult);
  }

  private failed(errorCode: number, message: string, buildResult: Record<string, string> = {}): BuildTaskResult {
    this.line(ERROR_FLAG + message, 'ERROR');
    return this.result(false, message, errorCode, buildResult);
  }

  private result(success: boolean, message: string, errorCode: number | null, buildResult: Record<string, string>): BuildTaskResult {
    return {
      taskId: this.taskId,
      elementId: this.task.elementId ?? this.taskId,
      containerId: this.context.variables.containerId ?? '',
      success,
      executeCount: this.task.executeCount ?? this.context.executeCount,
      buildResult,
      message,
      type: this.task.type ?? '',
      errorType: errorCode === null ? null : 'USER',
      errorCode,
    };
  }

  /** The agent's env, every variable whose name is a valid env name, and the job's facts (BK-CI's names). */
  private env(variables: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(variables)) if (ENV_NAME.test(key)) env[key] = value;
    const { build } = this.context;
    return {
      ...env,
      BK_CI_PROJECT_NAME: build.projectId,
      BK_CI_PIPELINE_ID: build.pipelineId,
      BK_CI_BUILD_ID: build.buildId,
      BK_CI_BUILD_TASK_ID: this.taskId,
      WORKSPACE: this.context.workspaceDir,
    };
  }

  private jobId(): string | null {
    return this.context.variables.jobId ?? this.context.build.jobId ?? null;
  }

  private line(message: string, logType: LogMessage['logType'] = 'LOG'): void {
    this.context.print({ message, tag: this.taskId, stepId: this.task.stepId ?? '', logType });
  }
}

/**
 * The step's own limit (`additionalOptions.timeout`, minutes, in the element's JSON text), never
 * beyond the job's (`timeoutMills`); null when neither sets one.
 */
export function stepTimeoutMs(additionalOptions: string | undefined, jobTimeoutMills: number | null | undefined): number | null {
  let stepMs: number | null = null;
  try {
    const minutes = Number((JSON.parse(additionalOptions ?? 'null') as { timeout?: unknown } | null)?.timeout);
    if (Number.isFinite(minutes) && minutes > 0) stepMs = minutes * 60_000;
  } catch {
    // Not JSON: the element has no options the agent can read.
  }
  const jobMs = typeof jobTimeoutMills === 'number' && jobTimeoutMills > 0 ? jobTimeoutMills : null;
  if (stepMs === null) return jobMs;
  return jobMs === null ? stepMs : Math.min(stepMs, jobMs);
}

function stringValues(values: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === null || value === undefined) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

function describeProblem(result: Exclude<CallResult<unknown>, { outcome: 'ok' }>): string {
  const fields = problem(result);
  return String(fields.message ?? fields.reason ?? result.outcome);
}
