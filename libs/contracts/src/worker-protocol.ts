/*
 * The build agent ↔ process contract (BK-CI's worker protocol): what process's
 * `/buildAgent/agent/thirdPartyAgent/startBuild|workerBuildFinish` and `/build/worker/*` routes take
 * and answer, as the agent reads and sends them. Field names are BK-CI's.
 */

/** `startBuild`'s answer: the job the agent now runs (BK-CI ThirdPartyBuildInfo), with the job's build token (ours). */
export interface ThirdPartyBuildInfo {
  projectId: string;
  buildId: string;
  vmSeqId: string;
  workspace: string;
  pipelineId: string;
  executeCount: number;
  containerHashId: string;
  jobId: string | null;
  /** Sent in X-DEVOPS-BUILD-TOKEN on every `/build/...` call of the job. */
  buildToken: string;
}

/** `workerBuildFinish`'s body (BK-CI ThirdPartyBuildWithStatus): the agent's worker for the job is gone. */
export interface WorkerBuildFinish {
  projectId: string;
  buildId: string;
  vmSeqId: string;
  success: boolean;
  message?: string;
  /** The run of the job it ran; a later run of the job is not ended by it. */
  executeCount?: number;
}

/** `PUT started`'s answer (BK-CI BuildVariables). */
export interface BuildVariables {
  buildId: string;
  vmSeqId: string;
  vmName: string;
  projectId: string;
  pipelineId: string;
  variables: Record<string, string>;
  buildEnvs: unknown[];
  containerId: string;
  containerHashId: string;
  jobId: string | null;
  variablesWithType: unknown[];
  timeoutMills: number;
  containerType: string;
}

/** `GET claim`'s answer (BK-CI BuildTask): END once the job is over, WAIT while nothing is ready, DO with a step. */
export interface BuildTask {
  buildId: string;
  vmSeqId: string;
  status: 'WAIT' | 'DO' | 'END';
  executeCount: number;
  taskId: string | null;
  elementId: string | null;
  stepId: string | null;
  elementName: string | null;
  elementVersion: string | null;
  type: string | null;
  /** The element's fields: a string as it is, anything else as JSON text. */
  params: Record<string, string> | null;
  buildVariable: Record<string, string> | null;
  containerType: string | null;
}

/** `POST complete`'s body (BK-CI BuildTaskResult). `buildResult` holds the variables the step sets. */
export interface BuildTaskResult {
  taskId: string;
  elementId?: string;
  containerId?: string;
  success: boolean;
  executeCount?: number;
  buildResult?: Record<string, unknown>;
  message?: string;
  type?: string;
  errorType?: string | null;
  errorCode?: number | null;
}

/** `POST heartbeat/v1`'s answer (BK-CI HeartBeatInfo): the steps the worker must kill. */
export interface HeartBeatInfo {
  projectId: string;
  buildId: string;
  vmSeqId: string;
  cancelTaskIds: string[];
}

/** The completion codes the agent reports for a step that did not succeed. */
export enum StepErrorCode {
  /** The script exited non-zero. */
  FAILED = 2199101,
  /** Killed at its timeout (the step's, or the job's time left). */
  TIMEOUT = 2199102,
  /** Killed because the build was stopped. */
  CANCELLED = 2199103,
  /** A step type the agent has no runner for. */
  NOT_RUNNABLE = 2199104,
}
