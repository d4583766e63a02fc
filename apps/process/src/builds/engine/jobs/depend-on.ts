import { BuildStatus, isCancel, isFailure, isSuccess, JobControlOption } from '@bkci/pipeline-model';
import { substituteVariables } from '../run-conditions';

/**
 * BK-CI DependOnUtils.getDependOnJobIds: the job ids a job depends on. ID: the `dependOnId` list;
 * NAME: `dependOnName` split on `,` and `;`, each with the build's variables put in (a YAML
 * `depend-on: [a, b]` is NAME "a,b"); no type, none. Blank names are dropped.
 */
export function dependOnJobIds(option: JobControlOption | null | undefined, variables: Record<string, string>): string[] {
  let names: string[] = [];
  if (option?.dependOnType === 'ID') names = option.dependOnId ?? [];
  if (option?.dependOnType === 'NAME') names = (option.dependOnName ?? '').split(/[,;]/).map((name) => substituteVariables(name, variables));
  return names.map((name) => name.trim()).filter((name) => name !== '');
}

/** A job it depends on, as the check reads it from the stage's jobs. */
export interface Dependency {
  jobId: string;
  status: BuildStatus;
}

export type DependOnDecision = { kind: 'go' } | { kind: 'wait'; waitingFor: string[] } | { kind: 'skip'; reason: string };

/**
 * BK-CI DependOnControl.checkJobStatusByDepRel, in the jobs' order: the first one skipped, or
 * failed or cancelled, skips the job (BK-CI ends it SKIP either way: CheckDependOnContainerCmd);
 * all succeeded, it goes; otherwise it waits for those not finished.
 */
export function dependOnDecision(dependencies: Dependency[]): DependOnDecision {
  for (const { jobId, status } of dependencies) {
    if (status === 'SKIP') return { kind: 'skip', reason: `skipped: job ${jobId} it depends on was skipped` };
    if (isFailure(status) || isCancel(status)) return { kind: 'skip', reason: `skipped: job ${jobId} it depends on ended ${status}` };
  }
  const waitingFor = dependencies.filter(({ status }) => !isSuccess(status)).map(({ jobId }) => jobId);
  return waitingFor.length === 0 ? { kind: 'go' } : { kind: 'wait', waitingFor };
}
