import type * as Contract from '@bkci/contracts';
import { BUILD_HEADERS, CallResult, GatewayClient, HttpMethod } from './http-client';

/*
 * The worker protocol's shapes come from the contract process serves (@bkci/contracts, types only:
 * nothing of the library is bundled). The agent reads answers defensively: beyond the fields it
 * cannot work without, any may be missing.
 */

/** Process's answer to startBuild: the job this agent now runs, with the job's token (sent in X-DEVOPS-BUILD-TOKEN, never logged). */
export type ThirdPartyBuildInfo = Pick<Contract.ThirdPartyBuildInfo, 'projectId' | 'buildId' | 'vmSeqId' | 'workspace' | 'pipelineId' | 'containerHashId' | 'buildToken'> &
  Partial<Pick<Contract.ThirdPartyBuildInfo, 'executeCount' | 'jobId'>>;

/** `PUT started`'s answer, the fields the agent reads. */
export type BuildVariables = Pick<Contract.BuildVariables, 'buildId' | 'vmSeqId' | 'projectId' | 'pipelineId'> &
  Partial<Pick<Contract.BuildVariables, 'variables' | 'containerId' | 'containerHashId' | 'jobId' | 'timeoutMills'>>;

/** `GET claim`'s answer. */
export type BuildTask = Pick<Contract.BuildTask, 'status'> & Partial<Pick<Contract.BuildTask, 'taskId' | 'elementId' | 'stepId' | 'elementName' | 'type' | 'executeCount' | 'params' | 'buildVariable'>>;

/** `POST complete`'s body, every field filled. */
export type BuildTaskResult = Required<Pick<Contract.BuildTaskResult, 'taskId' | 'elementId' | 'containerId' | 'success' | 'executeCount' | 'message' | 'type' | 'errorType' | 'errorCode'>> & {
  buildResult: Record<string, string>;
};

/** `POST heartbeat/v1`'s answer. */
export type HeartBeatInfo = Partial<Pick<Contract.HeartBeatInfo, 'cancelTaskIds'>>;

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
