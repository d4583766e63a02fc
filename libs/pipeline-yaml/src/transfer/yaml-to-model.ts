import { defaultModel, validateModel } from '@bkci/pipeline-model';
import { checkPipelineYaml } from '../parse';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { detectKind, TEMPLATE_BODY_KEYS } from './detect-kind';
import { asMap, ReadContext } from './to-model/context';
import { yamlToPipeline } from './to-model/pipeline';
import { yamlToJobTemplate, yamlToStageTemplate, yamlToStepTemplate, yamlToVariableTemplate } from './to-model/templates';
import type { TransferResult, YamlToModelOptions } from './types';

/**
 * A v3.0 YAML file → its Model side (BK-CI `ModelTransfer.yaml2Model` / `TemplateModelTransfer`).
 * The text is parsed and schema-checked first (SYNTAX, MISSING_VERSION, UNSUPPORTED_VERSION, SCHEMA with
 * line and column); what the transfer cannot express is FORMAT at its place; the produced Model is then
 * checked with validateModel, and a problem there is MODEL_INVALID naming its JSON path.
 */
export function yamlToModel(yamlText: string, options: YamlToModelOptions): TransferResult {
  const { parsed } = checkPipelineYaml(yamlText, options.file);
  const yaml = asMap(parsed.data);
  const ctx = new ReadContext(parsed);
  const kind = options.kind ?? detectKind(yaml);
  if (kind !== 'PIPELINE') {
    const body = TEMPLATE_BODY_KEYS[kind];
    if (yaml[body] === undefined) ctx.fail([], `a ${kind} template needs \`${body}:\``);
    const extra = Object.keys(yaml).find((key) => key !== 'version' && key !== body);
    if (extra) ctx.fail([extra], `a ${kind} template holds only \`${body}:\`, not \`${extra}:\``, 'key');
  }
  const result = build(ctx, kind, yaml);
  check(result, options.file);
  return result;
}

function build(ctx: ReadContext, kind: TransferResult['kind'], yaml: Record<string, unknown>): TransferResult {
  switch (kind) {
    case 'PIPELINE':
      return { kind, ...yamlToPipeline(ctx, yaml) };
    case 'STAGE':
      return { kind, model: yamlToStageTemplate(ctx, yaml) };
    case 'JOB':
      return { kind, model: yamlToJobTemplate(ctx, yaml) };
    case 'STEP':
      return { kind, model: yamlToStepTemplate(ctx, yaml) };
    case 'VARIABLE':
      return { kind, model: yamlToVariableTemplate(ctx, yaml) };
  }
}

/**
 * validateModel checks whole pipelines, so a template's content is set into a default pipeline first
 * and the reported path is rewritten to the template model's own (`stages[2]` → `stages[1]`,
 * `stages[1].containers[0]` → `containers[0]` or `container`, trigger params → `params`).
 */
function check(result: TransferResult, file: string): void {
  const host = defaultModel('template');
  const trigger = host.stages[0].containers[0];
  let rebase = (path: string): string => path;
  switch (result.kind) {
    case 'PIPELINE':
      return report(validateModel(result.model), (path) => path, file);
    case 'STAGE':
      // The template numbers its stages from stage-1, which the host's trigger stage already uses.
      host.stages.push(...result.model.stages.map((stage, index) => ({ ...stage, id: `stage-${index + 2}` })));
      rebase = (path) => path.replace(/^stages\[(\d+)\]/, (_, index: string) => `stages[${Number(index) - 1}]`);
      break;
    case 'JOB':
      host.stages.push({ id: 'stage-2', containers: result.model.containers });
      rebase = (path) => path.replace(/^stages\[1\]\.containers/, 'containers');
      break;
    case 'STEP':
      host.stages.push({ id: 'stage-2', containers: [result.model.container] });
      rebase = (path) => path.replace(/^stages\[1\]\.containers\[0\]/, 'container');
      break;
    case 'VARIABLE':
      Object.assign(trigger, { params: result.model.params });
      rebase = (path) => path.replace(/^stages\[0\]\.containers\[0\]\.params/, 'params');
      break;
  }
  report(validateModel(host), rebase, file);
}

function report(outcome: ReturnType<typeof validateModel>, rebase: (path: string) => string, file: string): void {
  if (outcome.ok) return;
  const [first, ...rest] = outcome.errors;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new YamlError(YamlErrorCode.MODEL_INVALID, `${rebase(first.path)} ${first.message}${more}`, { file });
}
