import type { Container, JobControlOption, MatrixControlOption, MutexGroup, VMBuildContainer } from '@bkci/pipeline-model';
import { parse } from 'yaml';
import { ifFromVariables, RUN_WHEN_MATCH, SKIP_WHEN_MATCH } from '../common/conditions';
import * as D from '../common/defaults';
import { envToYaml } from '../common/env';
import { modelFormatError, pathOfTemplate } from '../common/template-ref';
import type { YamlMap } from '../types';
import { elementsToSteps } from './steps';

const JOB_IF_KEYWORDS: Record<string, string> = {
  PREVIOUS_STAGE_SUCCESS: 'SUCCESS',
  PREVIOUS_STAGE_FAILED: 'FAILURE',
  PREVIOUS_STAGE_CANCEL: 'CANCELED',
};

/** Containers → `jobs:` by jobId (BK-CI `ContainerTransfer.addYaml*Container`). */
export function containersToJobs(containers: Container[], path: string): YamlMap {
  const jobs: YamlMap = {};
  containers.forEach((container, index) => {
    const here = `${path}[${index}]`;
    if (container['@type'] === 'jobTemplate') {
      jobs.template = pathOfTemplate(container.template, `${here}.template`);
      return;
    }
    if (!container.jobId) throw modelFormatError(`${here}.jobId`, 'a job needs a jobId to be written as YAML');
    jobs[container.jobId] = containerToJob(container, here);
  });
  return jobs;
}

export function containerToJob(container: Container, path: string): YamlMap {
  const type = container['@type'];
  if (type !== 'vmBuild' && type !== 'normal') throw modelFormatError(`${path}.@type`, `a "${type}" container is not a job`);
  const job: YamlMap = {};
  if (container.name) job.name = container.name;
  job['runs-on'] = type === 'normal' ? D.AGENTLESS_POOL : runsOn(container as VMBuildContainer, path);
  const control = container.jobControlOption as JobControlOption | null | undefined;
  if (control) Object.assign(job, controlToYaml(control));
  if (type === 'vmBuild' && container.showBuildResource) job['show-runs-on'] = true;
  const env = type === 'vmBuild' ? envToYaml((container as VMBuildContainer).customEnv) : undefined;
  if (env) job.env = env;
  if (container.matrixGroupFlag && container.matrixControlOption) job.strategy = strategy(container.matrixControlOption as MatrixControlOption);
  const mutex = mutexToYaml(container.mutexGroup as MutexGroup | null | undefined);
  if (mutex) job.mutex = mutex;
  job.steps = elementsToSteps(container.elements, `${path}.elements`);
  return job;
}

function runsOn(container: VMBuildContainer, path: string): YamlMap {
  const dispatch = container.dispatchType;
  const runsOnYaml: YamlMap = {};
  const control = container.jobControlOption;
  if (dispatch?.buildType === 'DOCKER' || !dispatch) {
    runsOnYaml['pool-name'] = dispatch?.poolName ?? 'docker';
    const containerYaml: YamlMap = {};
    if (dispatch?.value) containerYaml.image = dispatch.value;
    if (dispatch?.credentialId) containerYaml.credentials = dispatch.credentialId;
    if (Object.keys(containerYaml).length > 0) runsOnYaml.container = containerYaml;
  } else if (dispatch.buildType === 'THIRD_PARTY_AGENT_ENV' || dispatch.buildType === 'THIRD_PARTY_AGENT_ID') {
    runsOnYaml['self-hosted'] = true;
    runsOnYaml[dispatch.buildType === 'THIRD_PARTY_AGENT_ENV' ? 'pool-name' : 'node-name'] = dispatch.value;
    if (dispatch.workspace) runsOnYaml.workspace = dispatch.workspace;
    const docker = dispatch.dockerInfo as YamlMap | undefined;
    if (docker) runsOnYaml.container = { image: docker.image, ...(docker.credentialId ? { credentials: docker.credentialId } : {}) };
    runsOnYaml['agent-selector'] = [container.baseOS.toLowerCase()];
    if (control?.singleNodeConcurrency != null) runsOnYaml['concurrency-limit-per-node'] = control.singleNodeConcurrency;
    if (control?.allNodeConcurrency != null) runsOnYaml['concurrency-limit-total'] = control.allNodeConcurrency;
  } else {
    throw modelFormatError(`${path}.dispatchType.buildType`, `"${dispatch.buildType}" has no v3.0 runs-on form`);
  }
  if (control?.prepareTimeout != null && control.prepareTimeout !== D.DEFAULT_JOB_PREPARE_TIMEOUT) runsOnYaml['queue-timeout-minutes'] = control.prepareTimeout;
  return runsOnYaml;
}

function controlToYaml(control: JobControlOption): YamlMap {
  const job: YamlMap = {};
  if (control.enable === false) job.enable = false;
  const condition = control.runCondition;
  if (condition === 'CUSTOM_CONDITION_MATCH') job.if = control.customCondition;
  else if (condition === 'CUSTOM_VARIABLE_MATCH') job.if = ifFromVariables(RUN_WHEN_MATCH, control.customVariables);
  else if (condition === 'CUSTOM_VARIABLE_MATCH_NOT_RUN') job.if = ifFromVariables(SKIP_WHEN_MATCH, control.customVariables);
  else if (JOB_IF_KEYWORDS[condition]) job.if = JOB_IF_KEYWORDS[condition];
  const timeout = D.joinTimeout(control.timeout, control.timeoutVar, D.DEFAULT_JOB_TIMEOUT_MINUTES);
  if (timeout !== undefined) job['timeout-minutes'] = timeout;
  if (control.continueWhenFailed) job['continue-on-error'] = true;
  const dependOn = control.dependOnType === 'ID' ? control.dependOnId : control.dependOnName?.split(',').filter(Boolean);
  if (dependOn && dependOn.length > 0) job['depend-on'] = dependOn;
  return job;
}

function mutexToYaml(mutex: MutexGroup | null | undefined): YamlMap | undefined {
  if (!mutex?.enable || !mutex.mutexGroupName) return undefined;
  const yaml: YamlMap = { label: mutex.mutexGroupName };
  if (!mutex.queueEnable) return yaml;
  yaml['queue-length'] = mutex.queue;
  const timeout = D.joinTimeout(mutex.timeout, mutex.timeoutVar, D.DEFAULT_MUTEX_TIMEOUT_MINUTES);
  if (timeout !== undefined) yaml['timeout-minutes'] = timeout;
  return yaml;
}

/** Matrix text back to data when it is YAML of a mapping or list; expressions stay text. */
function strategy(option: MatrixControlOption): YamlMap {
  const asData = (text: string): unknown => {
    const data: unknown = parse(text);
    return typeof data === 'object' && data !== null ? data : text;
  };
  const yaml: YamlMap = { matrix: asData(option.strategyStr ?? '') };
  if (option.includeCaseStr) yaml.include = asData(option.includeCaseStr);
  if (option.excludeCaseStr) yaml.exclude = asData(option.excludeCaseStr);
  if (option.fastKill) yaml['fast-kill'] = true;
  if (option.maxConcurrency != null && option.maxConcurrency !== D.DEFAULT_MATRIX_MAX_CONCURRENCY) yaml['max-parallel'] = option.maxConcurrency;
  return yaml;
}
