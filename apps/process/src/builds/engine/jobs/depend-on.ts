import { BuildStatus, isCancel, isFailure, isSuccess, JobControlOption, Model } from '@bkci/pipeline-model';
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

/**
 * BK-CI DependOnUtils.initDependOn's cycle check, made when a build starts: the first two jobs of a
 * stage found depending on each other, directly or through others (a job naming itself counts),
 * as "stage: a -> b", or null. Such a build would wait for ever, so it is refused.
 */
export function dependOnCycle(model: Model, variables: Record<string, string>): string | null {
  for (const stage of model.stages.slice(1)) {
    const edges = new Map<string, string[]>();
    for (const job of stage.containers as { jobId?: string | null; jobControlOption?: JobControlOption | null }[]) {
      if (job.jobId) edges.set(job.jobId, dependOnJobIds(job.jobControlOption, variables));
    }
    const cycle = firstCycle(edges);
    if (cycle) return `stage "${stage.name ?? stage.id ?? ''}": job ${cycle[0]} depends on ${cycle[1]}, which depends on it`;
  }
  return null;
}

/** A depth-first walk (BK-CI's dsf): the edge that closes the first cycle found. */
function firstCycle(edges: Map<string, string[]>): [string, string] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (jobId: string): [string, string] | null => {
    state.set(jobId, 'visiting');
    for (const next of edges.get(jobId) ?? []) {
      if (state.get(next) === 'visiting') return [jobId, next];
      const found = state.has(next) ? null : visit(next);
      if (found) return found;
    }
    state.set(jobId, 'done');
    return null;
  };
  for (const jobId of edges.keys()) {
    const found = state.has(jobId) ? null : visit(jobId);
    if (found) return found;
  }
  return null;
}
