import type { Container, Model, TemplateModel } from '@bkci/pipeline-model';

/** The release counters of one template version (reference §3.3). */
export interface ReleaseCounters {
  /** Release ordinal: 1 for the first release, then the previous release's + 1. */
  versionNum: number;
  /** Grows when the stages after the trigger, or the params, change. */
  pipelineVersion: number;
  /** Grows when the trigger container changes. */
  triggerVersion: number;
  /** Grows when the setting changes. */
  settingVersionNum: number;
}

/** What a release is computed from: its content, and the release before it (null for the first). */
export interface ReleaseContent {
  model: TemplateModel;
  setting: unknown;
}

export interface PreviousRelease extends ReleaseContent, ReleaseCounters {}

/** BK-CI's default release name: `V{versionNum}(P{pipelineVersion}.T{triggerVersion}.{settingVersionNum})`. */
export function defaultVersionName(counters: ReleaseCounters): string {
  return `V${counters.versionNum}(P${counters.pipelineVersion}.T${counters.triggerVersion}.${counters.settingVersionNum})`;
}

/** The counters of a new release of `next`, after `previous`. */
export function nextReleaseCounters(previous: PreviousRelease | null, next: ReleaseContent): ReleaseCounters {
  if (previous === null) return { versionNum: 1, pipelineVersion: 1, triggerVersion: 1, settingVersionNum: 1 };
  const before = splitModel(previous.model);
  const after = splitModel(next.model);
  return {
    versionNum: previous.versionNum + 1,
    pipelineVersion: previous.pipelineVersion + (sameJson(before.body, after.body) ? 0 : 1),
    triggerVersion: previous.triggerVersion + (sameJson(before.trigger, after.trigger) ? 0 : 1),
    settingVersionNum: previous.settingVersionNum + (sameJson(previous.setting, next.setting) ? 0 : 1),
  };
}

/**
 * A pipeline Model's trigger container (elements without params) and everything else (the later
 * stages plus the params). Template models of other types have no trigger: all of it is body.
 */
function splitModel(model: TemplateModel): { trigger: unknown; body: unknown } {
  if ('@type' in model && model['@type'] !== undefined) return { trigger: null, body: model };
  const pipeline = model as Model;
  const trigger = (pipeline.stages[0]?.containers[0] ?? null) as (Container & { params?: unknown }) | null;
  if (trigger === null) return { trigger: null, body: pipeline.stages };
  const { params, ...triggerWithoutParams } = trigger;
  return { trigger: triggerWithoutParams, body: { stages: pipeline.stages.slice(1), params } };
}

/** Structural equality of JSON data, independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
