import { BUILD_HEADERS, CallResult, GatewayClient, HttpMethod } from './http-client';

/** Process's answer to startBuild: the job this agent now runs (BK-CI's ThirdPartyBuildInfo, plus the job's token). */
export interface ThirdPartyBuildInfo {
  projectId: string;
  buildId: string;
  vmSeqId: string;
  workspace: string;
  pipelineId: string;
  executeCount?: number | null;
  containerHashId: string;
  jobId?: string | null;
  /** Sent in X-DEVOPS-BUILD-TOKEN on every /build call of the job; never logged. */
  buildToken: string;
}

/** `PUT started`'s answer (BK-CI's BuildVariables, the fields the agent reads). */
export interface BuildVariables {
  buildId: string;
  vmSeqId: string;
  projectId: string;
  pipelineId: string;
  variables?: Record<string, unknown> | null;
  containerId?: string;
  containerHashId?: string;
  jobId?: string | null;
  timeoutMills?: number | null;
}

/** `GET claim`'s answer (BK-CI's BuildTask). */
export interface BuildTask {
  status: 'WAIT' | 'DO' | 'END';
  taskId?: string | null;
  elementId?: string | null;
  stepId?: string | null;
  elementName?: string | null;
  type?: string | null;
  executeCount?: number | null;
  params?: Record<string, string> | null;
  buildVariable?: Record<string, unknown> | null;
}

/** `POST complete`'s body (BK-CI's BuildTaskResult). */
export interface BuildTaskResult {
  taskId: string;
  elementId: string;
  containerId: string;
  success: boolean;
  executeCount: number;
  buildResult: Record<string, string>;
  message: string;
  type: string;
  errorType: 'USER' | 'SYSTEM' | null;
  errorCode: number | null;
}

/** `POST heartbeat/v1`'s answer (BK-CI's HeartBeatInfo). */
export interface HeartBeatInfo {
  cancelTaskIds?: string[] | null;
}

/** One line sent to log (BK-CI's LogMessage). */
export interface LogMessage {
  message: string;
  timestamp: number;
  tag: string;
  jobId: string;
  containerHashId: string;
  stepId: string;
  executeCount: number;
  logType: 'LOG' | 'WARN' | 'ERROR' | 'DEBUG';
}

export type WorkerOp = 'started' | 'claim' | 'complete' | 'end' | 'heartbeat/v1';

/** A job's calls as the job (its token and BK-CI's worker headers): process's worker protocol, log, ticket. */
export class JobApi {
  private readonly headers: Record<string, string>;
  readonly executeCount: number;

  constructor(
    private readonly gateway: Pick<GatewayClient, 'call'>,
    private readonly build: ThirdPartyBuildInfo,
    private readonly timeoutMs: number,
  ) {
    this.executeCount = build.executeCount ?? 1;
    this.headers = {
      [BUILD_HEADERS.buildToken]: build.buildToken,
      [BUILD_HEADERS.projectId]: build.projectId,
      [BUILD_HEADERS.buildId]: build.buildId,
      [BUILD_HEADERS.vmSeqId]: build.vmSeqId,
    };
  }

  /** `/ms/process/api/build/worker/<op>?retryCount=&executeCount=&buildId=`, as BK-CI's worker calls it. */
  worker<T>(method: HttpMethod, op: WorkerOp, body: unknown, retryCount: number, signal?: AbortSignal): Promise<CallResult<T>> {
    const query = new URLSearchParams({ retryCount: String(retryCount), executeCount: String(this.executeCount), buildId: this.build.buildId });
    return this.call<T>(method, `/ms/process/api/build/worker/${op}?${query}`, body, signal);
  }

  /** Log's multi-line print; a retry sends the same batch id, so log stores the batch once. */
  printLogs(messages: LogMessage[], batchId: string, signal?: AbortSignal): Promise<CallResult<boolean>> {
    return this.gateway.call<boolean>({
      method: 'POST',
      path: '/ms/log/api/build/logs/multi',
      headers: { ...this.headers, 'x-devops-log-batch-id': batchId },
      body: messages,
      timeoutMs: this.timeoutMs,
      signal,
    });
  }

  /** Ticket's plaintext credential: its values by BK-CI key name. */
  credential(credentialId: string, signal?: AbortSignal): Promise<CallResult<Record<string, string>>> {
    return this.call('GET', `/ms/ticket/api/build/credentials/${encodeURIComponent(credentialId)}/detail`, undefined, signal);
  }

  private call<T>(method: HttpMethod, path: string, body: unknown, signal?: AbortSignal): Promise<CallResult<T>> {
    return this.gateway.call<T>({ method, path, headers: this.headers, body, timeoutMs: this.timeoutMs, signal });
  }
}
