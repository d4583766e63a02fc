import { kotlinToString } from '@bkci/expressions';
import { bool, formatError, isNil, list, map, optionalList, record, str, YamlMap } from './coerce';
import { callerParameters, expandJobs } from './expand-jobs';
import { ExpansionContext, Frame } from './template-context';

/** BK-CI's limits on stage quality gates (Constants STAGE_CHECK_GATE_NUMB / _RULE_NUMB). */
export const MAX_GATES_PER_CHECK = 10;
export const MAX_RULES_PER_GATE = 100;

/** An expanded stage: its jobs stay a map keyed by job id until normalisation. */
export interface ExpandedStage extends YamlMap {
  jobs: Map<string, YamlMap> | null;
}

/** Expands a `stages:` list: stage templates are inlined, other entries become stages. */
export async function expandStages(ctx: ExpansionContext, frame: Frame, value: unknown): Promise<ExpandedStage[]> {
  const stages: ExpandedStage[] = [];
  for (const raw of list(frame.file.id, 'stage', value)) {
    const stage = map(frame.file.id, 'stage', raw);
    if (!Object.prototype.hasOwnProperty.call(stage, 'template')) {
      stages.push(await buildStage(ctx, frame, stage));
      continue;
    }
    const instance = await ctx.instantiate('stage', frame, str(stage.template) ?? 'null', callerParameters(frame.file.id, stage));
    stages.push(...(await expandStages(ctx, instance.frame, instance.data.stages)));
  }
  return stages;
}

async function buildStage(ctx: ExpansionContext, frame: Frame, stage: YamlMap): Promise<ExpandedStage> {
  const name = str(stage.name);
  const ifModify = Array.isArray(stage['if-modify']) ? stage['if-modify'].map((v) => kotlinToString(v)) : null;
  return record([
    ['name', name],
    ['label', stage.label ?? null],
    ['if', str(stage.if)],
    ['if-modify', ifModify],
    ['fast-kill', bool(stage['fast-kill'])],
    ['jobs', isNil(stage.jobs) ? null : await expandJobs(ctx, frame, stage.jobs)],
    ['check-in', await expandCheck(ctx, frame, name ?? '', stage['check-in'])],
    ['check-out', await expandCheck(ctx, frame, name ?? '', stage['check-out'])],
  ]) as ExpandedStage;
}

/** A stage's `check-in` / `check-out`: gate templates are inlined, then the gate limits apply. */
async function expandCheck(ctx: ExpansionContext, frame: Frame, stageName: string, value: unknown): Promise<YamlMap | null> {
  if (isNil(value)) return null;
  const check = map(frame.file.id, 'gate', value);
  const entries = optionalList(frame.file.id, 'gate', check.gates);
  if (entries === null) return check;
  const gates: unknown[] = [];
  for (const raw of entries) {
    const gate = map(frame.file.id, 'gate', raw);
    if (!Object.prototype.hasOwnProperty.call(gate, 'template')) {
      gates.push(gate);
      continue;
    }
    const instance = await ctx.instantiate('gate', frame, str(gate.template) ?? 'null', callerParameters(frame.file.id, gate));
    gates.push(...list(instance.file.id, 'gate', instance.data.gates));
  }
  for (const raw of gates) {
    const gate = map(frame.file.id, 'gate', raw);
    const rules = optionalList(frame.file.id, 'rule', gate.rule) ?? [];
    if (rules.length > MAX_RULES_PER_GATE) {
      formatError(frame.file.id, `stage ${stageName} gate ${str(gate.name)} has more than ${MAX_RULES_PER_GATE} rules`);
    }
  }
  if (gates.length > MAX_GATES_PER_CHECK) {
    formatError(frame.file.id, `stage ${stageName} has more than ${MAX_GATES_PER_CHECK} gates`);
  }
  return record([
    ['reviews', check.reviews ?? null],
    ['gates', gates],
    ['timeout-hours', check['timeout-hours'] ?? null],
  ]);
}
