import { isPlainObject, kotlinToString } from '@bkci/expressions';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { bool, formatError, int, isNil, record, str, stringList, YamlMap } from './coerce';
import type { ExpandedPipeline } from './expanded-pipeline';
import type { ExpandedStage } from './expand-stages';

/** BK-CI's trigger when a pipeline has no `on:` (ScriptYmlUtils.formatTriggerOn). */
const DEFAULT_TRIGGER_ON = {
  push: { branches: ['*'] },
  tag: { tags: ['*'] },
  mr: { 'target-branches': ['*'], action: ['open', 'reopen', 'push-update'] },
};

/** Stage labels by name → BK-CI's fixed ids (StageLabel). */
const STAGE_LABEL_IDS: Record<string, string> = {
  Build: '28ee946a59f64949a74f3dee40a1bda4',
  Approve: '5168be68b9764edb91aa5b866e51a1a8',
  Deploy: '53b4d3f38e3e425cb1aaa97aa1b37857',
  Test: 'd0a06f6986fa4670af65ccad7bb49d3a',
};

/** The job BK-CI wraps a steps-only pipeline in; BK-CI gives it a random id, we a fixed one. */
const STEPS_ONLY_JOB_ID = 'job_1';
/** BK-CI's Job default, which only that wrapping job gets (other jobs keep what they declare). */
const STEPS_ONLY_JOB_TIMEOUT_MINUTES = 480;

/**
 * An expanded pipeline in BK-CI's normalised form (ScriptYmlUtils.normalizeGitCiYaml →
 * ScriptBuildYaml): stages → jobs (a list, each with its id) → steps, runs-on and trigger defaults
 * filled in, stage labels as ids. Top-level keys that are null are left out.
 */
export function normalizePipeline(pipeline: ExpandedPipeline, file: string): YamlMap {
  const out = record([
    ['version', pipeline.version],
    ['name', pipeline.name !== null && pipeline.name.trim() !== '' ? pipeline.name : file],
    ['label', stringList(file, 'label', pipeline.label) ?? []],
    ['triggerOn', pipeline.triggerOn ?? DEFAULT_TRIGGER_ON],
    ['variables', pipeline.variables === null ? null : Object.fromEntries(pipeline.variables)],
    ['stages', normalizeStages(pipeline, file)],
    ['resource', pipeline.resources],
    ['notices', pipeline.notices],
    ['finally', normalizeJobs(file, pipeline.finally)],
    ['concurrency', pipeline.concurrency],
  ]);
  for (const key of Object.keys(out)) if (out[key] === null) delete out[key];
  return out;
}

function normalizeStages(pipeline: ExpandedPipeline, file: string): YamlMap[] {
  if (pipeline.steps !== null) {
    const job = record([
      ['id', STEPS_ONLY_JOB_ID],
      ['name', 'job1'],
      ['runs-on', normalizeRunsOn(file, null)],
      ['steps', normalizeSteps(file, pipeline.steps)],
      ['timeout-minutes', STEPS_ONLY_JOB_TIMEOUT_MINUTES],
      ['continue-on-error', false],
    ]);
    return [stageOf([job])];
  }
  if (pipeline.jobs !== null) return [stageOf(normalizeJobs(file, pipeline.jobs))];
  return (pipeline.stages ?? []).map((stage) => normalizeStage(file, stage));
}

function stageOf(jobs: YamlMap[]): YamlMap {
  return record([
    ['name', 'stage_1'],
    ['label', []],
    ['fast-kill', false],
    ['jobs', jobs],
  ]);
}

function normalizeStage(file: string, stage: ExpandedStage): YamlMap {
  return record([
    ['name', stage.name],
    ['label', stageLabels(file, stage.label)],
    ['if', stage.if],
    ['fast-kill', stage['fast-kill'] ?? false],
    ['jobs', normalizeJobs(file, stage.jobs)],
    ['if-modify', stage['if-modify']],
    ['check-in', stage['check-in']],
    ['check-out', stage['check-out']],
  ]);
}

function stageLabels(file: string, value: unknown): string[] {
  if (isNil(value)) return [];
  const names = Array.isArray(value) ? value.map((v) => kotlinToString(v)) : [kotlinToString(value)];
  return names.map((name) => {
    const id = Object.prototype.hasOwnProperty.call(STAGE_LABEL_IDS, name) ? STAGE_LABEL_IDS[name] : undefined;
    if (id === undefined) formatError(file, `stage label ${name} is not one of ${Object.keys(STAGE_LABEL_IDS).join(', ')}`);
    return id;
  });
}

function normalizeJobs(file: string, jobs: Map<string, YamlMap> | null): YamlMap[] {
  return [...(jobs ?? new Map<string, YamlMap>())].map(([id, job]) =>
    record([
      ['id', id],
      ['name', job.name],
      ['mutex', job.mutex],
      ['runs-on', normalizeRunsOn(file, job['runs-on'])],
      ['services', Object.entries((job.services as YamlMap | null) ?? {}).map(([serviceId, service]) => ({ serviceId, ...(service as YamlMap) }))],
      ['if', job.if],
      ['steps', normalizeSteps(file, (job.steps as YamlMap[] | null) ?? [])],
      ['if-modify', job['if-modify']],
      ['timeout-minutes', job['timeout-minutes']],
      ['env', job.env],
      ['continue-on-error', job['continue-on-error']],
      ['strategy', job.strategy],
      ['depend-on', job['depend-on']],
    ]),
  );
}

/** runs-on: a pool name (string or list), or a mapping over BK-CI's defaults (pool `docker`). */
function normalizeRunsOn(file: string, value: unknown): YamlMap {
  if (typeof value === 'string' || Array.isArray(value)) return runsOn({ 'pool-name': kotlinToString(value) }, file);
  if (isNil(value)) return runsOn({}, file);
  if (!isPlainObject(value)) formatError(file, 'runs-on must be a pool name or a mapping');
  return runsOn(value, file);
}

function runsOn(value: YamlMap, file: string): YamlMap {
  const needs = value.needs;
  if (!isNil(needs) && !isPlainObject(needs)) formatError(file, 'runs-on.needs must be a mapping');
  return record([
    ['self-hosted', bool(value['self-hosted']) ?? false],
    ['pool-name', str(value['pool-name']) ?? 'docker'],
    ['container', value.container ?? null],
    ['agent-selector', stringList(file, 'agent-selector', value['agent-selector'])],
    ['workspace', str(value.workspace)],
    ['xcode', str(value.xcode)],
    ['queue-timeout-minutes', int(file, 'queue-timeout-minutes', value['queue-timeout-minutes'])],
    ['needs', needs ?? null],
  ]);
}

/** Steps in BK-CI's Step shape; a step id used twice in one job is DUPLICATE_ID. */
function normalizeSteps(file: string, steps: YamlMap[]): YamlMap[] {
  const ids = new Set<string>();
  return steps.map((step) => {
    const id = step.id as string | null;
    if (id !== null && id.trim() !== '') {
      if (ids.has(id)) throw new YamlError(YamlErrorCode.DUPLICATE_ID, `step id ${id} is used twice in one job`, { file });
      ids.add(id);
    }
    return record([
      ['name', step.name],
      ['id', id],
      ['if', step.if],
      ['if-modify', step['if-modify']],
      ['uses', step.uses],
      ['with', step.with],
      ['timeout-minutes', step['timeout-minutes']],
      ['continue-on-error', step['continue-on-error']],
      ['retry-times', step['retry-times']],
      ['env', step.env],
      ['run', step.run],
      ['runAdditionalOptions', { shell: step.shell }],
      ['checkout', step.checkout],
    ]);
  });
}
