import type { Container, DispatchType, JobControlOption, JobRunCondition, MatrixControlOption, MutexGroup, VMBaseOS } from '@bkci/pipeline-model';
import { stringify } from 'yaml';
import type { YamlPath } from '../../parse';
import { parseIf, RUN_WHEN_MATCH } from '../common/conditions';
import * as D from '../common/defaults';
import { envToModel } from '../common/env';
import { templateFromPath } from '../common/template-ref';
import type { YamlMap } from '../types';
import { asBool, asInt, asMap, asString, ReadContext } from './context';
import { stepsToElements } from './steps';

/** `if:` keywords of a finally job (the only place BK-CI reads them for jobs). */
const FINALLY_IF: Record<string, JobRunCondition> = {
  SUCCESS: 'PREVIOUS_STAGE_SUCCESS',
  FAILURE: 'PREVIOUS_STAGE_FAILED',
  CANCELED: 'PREVIOUS_STAGE_CANCEL',
  CANCELLED: 'PREVIOUS_STAGE_CANCEL',
};

const LINUX_POOLS = new Set(['docker', 'linux']);

/** `jobs:` by id → containers, in key order; the key `template` is a job-template reference. */
export function jobsToContainers(ctx: ReadContext, jobs: unknown, path: YamlPath, finalStage: boolean): Container[] {
  return Object.entries(asMap(jobs)).map(([jobId, job], index) => {
    if (jobId === 'template') {
      ctx.templateReference([...path, 'template']);
      return { '@type': 'jobTemplate', elements: [], template: templateFromPath(String(job)) };
    }
    return jobToContainer(ctx, jobId, asMap(job), [...path, jobId], index, finalStage);
  });
}

export function jobToContainer(ctx: ReadContext, jobId: string, job: YamlMap, path: YamlPath, index: number, finalStage: boolean): Container {
  ctx.refuseKeys(job, ['services'], path);
  const runsOn: YamlMap = typeof job['runs-on'] === 'string' ? { 'pool-name': job['runs-on'] } : asMap(job['runs-on']);
  const agentless = runsOn['pool-name'] === D.AGENTLESS_POOL;
  const common = {
    jobId,
    name: asString(job.name) ?? `Job-${index + 1}`,
    elements: stepsToElements(ctx, job.steps, [...path, 'steps'], agentless),
    jobControlOption: jobControlOption(job, runsOn, finalStage),
    matrixGroupFlag: job.strategy !== undefined,
    ...(job.mutex !== undefined && { mutexGroup: mutexGroup(asMap(job.mutex)) }),
    ...(job.strategy !== undefined && { matrixControlOption: matrix(asMap(job.strategy)) }),
  };
  if (agentless) return { '@type': 'normal', ...common };
  ctx.refuseKeys(runsOn, ['lock-resource-with', 'hw-spec', 'needs', 'xcode'], [...path, 'runs-on']);
  const { dispatchType, baseOS } = dispatch(ctx, runsOn, [...path, 'runs-on']);
  const customEnv = envToModel(job.env);
  return {
    '@type': 'vmBuild',
    ...common,
    baseOS,
    vmNames: [],
    maxQueueMinutes: D.DEFAULT_JOB_MAX_QUEUE_MINUTES,
    maxRunningMinutes: common.jobControlOption.timeout ?? D.DEFAULT_JOB_TIMEOUT_MINUTES,
    dispatchType,
    showBuildResource: asBool(job['show-runs-on']) ?? false,
    ...(customEnv && { customEnv }),
  };
}

/** BK-CI's DispatchTransfer: docker/linux pools run in a container; `self-hosted` picks an agent pool or node. */
function dispatch(ctx: ReadContext, runsOn: YamlMap, path: YamlPath): { dispatchType: DispatchType; baseOS: VMBaseOS } {
  const container = asMap(runsOn.container);
  const image = asString(container.image);
  if (runsOn['self-hosted'] === true) {
    const nodeName = asString(runsOn['node-name']);
    const dispatchType: DispatchType = nodeName
      ? { buildType: 'THIRD_PARTY_AGENT_ID', value: nodeName, agentType: 'NAME' }
      : { buildType: 'THIRD_PARTY_AGENT_ENV', value: asString(runsOn['pool-name']) ?? '', agentType: 'NAME' };
    const workspace = asString(runsOn.workspace);
    if (workspace !== undefined) dispatchType.workspace = workspace;
    if (image !== undefined) dispatchType.dockerInfo = { image, credentialId: asString(container.credentials) ?? null };
    return { dispatchType, baseOS: baseOsOf(runsOn['agent-selector']) };
  }
  const pool = asString(runsOn['pool-name']) ?? 'docker';
  if (!LINUX_POOLS.has(pool)) ctx.fail([...path, 'pool-name'], `pool "${pool}" is neither docker, linux, agentless nor self-hosted`);
  const dispatchType: DispatchType = { buildType: 'DOCKER', value: image ?? '' };
  if (pool !== 'docker') dispatchType.poolName = pool;
  const credentialId = asString(container.credentials);
  if (credentialId !== undefined) dispatchType.credentialId = credentialId;
  return { dispatchType, baseOS: 'LINUX' };
}

function baseOsOf(agentSelector: unknown): VMBaseOS {
  const selector = Array.isArray(agentSelector) ? agentSelector.map(String) : [];
  if (selector.includes('windows')) return 'WINDOWS';
  if (selector.includes('macos')) return 'MACOS';
  return 'LINUX';
}

function jobControlOption(job: YamlMap, runsOn: YamlMap, finalStage: boolean): JobControlOption {
  const condition = parseIf(job.if);
  let runCondition: JobRunCondition = 'STAGE_RUNNING';
  if (finalStage) runCondition = FINALLY_IF[condition?.expression ?? ''] ?? 'STAGE_RUNNING';
  else if (condition?.expression !== undefined) runCondition = 'CUSTOM_CONDITION_MATCH';
  else if (condition) runCondition = condition.mode === RUN_WHEN_MATCH ? 'CUSTOM_VARIABLE_MATCH' : 'CUSTOM_VARIABLE_MATCH_NOT_RUN';
  const options: JobControlOption = {
    enable: asBool(job.enable) ?? true,
    ...D.splitTimeout(job['timeout-minutes'], D.DEFAULT_JOB_TIMEOUT_MINUTES),
    runCondition,
    dependOnType: 'NAME',
    prepareTimeout: asInt(runsOn['queue-timeout-minutes']) ?? D.DEFAULT_JOB_PREPARE_TIMEOUT,
    continueWhenFailed: asBool(job['continue-on-error']) ?? false,
  };
  if (runCondition === 'CUSTOM_CONDITION_MATCH') options.customCondition = condition?.expression;
  if (!finalStage && condition?.customVariables) options.customVariables = condition.customVariables;
  if (Array.isArray(job['depend-on'])) options.dependOnName = job['depend-on'].map(String).join(',');
  const perNode = asInt(runsOn['concurrency-limit-per-node']);
  const total = asInt(runsOn['concurrency-limit-total']);
  if (perNode !== undefined) options.singleNodeConcurrency = perNode;
  if (total !== undefined) options.allNodeConcurrency = total;
  return options;
}

function mutexGroup(mutex: YamlMap): MutexGroup {
  const queueLength = asInt(mutex['queue-length']);
  return {
    enable: true,
    mutexGroupName: asString(mutex.label),
    queueEnable: queueLength !== undefined,
    queue: queueLength ?? D.DEFAULT_MUTEX_QUEUE_LENGTH,
    ...D.splitTimeout(mutex['timeout-minutes'], D.DEFAULT_MUTEX_TIMEOUT_MINUTES),
  };
}

/** The Model keeps the matrix and its include/exclude cases as text (YAML for what was written as data). */
function matrix(strategy: YamlMap): MatrixControlOption {
  const asText = (value: unknown): string | undefined => (value === undefined ? undefined : typeof value === 'string' ? value : stringify(value));
  const option: MatrixControlOption = {
    strategyStr: asText(strategy.matrix),
    fastKill: asBool(strategy['fast-kill']) ?? false,
    maxConcurrency: asInt(strategy['max-parallel']) ?? D.DEFAULT_MATRIX_MAX_CONCURRENCY,
  };
  const include = asText(strategy.include);
  const exclude = asText(strategy.exclude);
  if (include !== undefined) option.includeCaseStr = include;
  if (exclude !== undefined) option.excludeCaseStr = exclude;
  return option;
}
