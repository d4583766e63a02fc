import { checkPipelineYaml } from '../parse';
import { DEFAULT_TEMPLATE_LIMITS } from '../template-limits';
import { detectKind, TEMPLATE_BODY_KEYS } from './detect-kind';
import { asMap, ReadContext } from './to-model/context';
import { yamlToPipeline } from './to-model/pipeline';
import { yamlToJobTemplate, yamlToStageTemplate, yamlToStepTemplate, yamlToVariableTemplate } from './to-model/templates';
import { assertValidModel } from './validate-transfer-model';
import type { TransferResult, YamlToModelOptions } from './types';

/**
 * A v3.0 YAML file → its Model side (BK-CI `ModelTransfer.yaml2Model` / `TemplateModelTransfer`).
 * The text is parsed and schema-checked first (SYNTAX, MISSING_VERSION, UNSUPPORTED_VERSION, SCHEMA with
 * line and column); more `template:` references than the v2 engine allows in one file is TOO_MANY_TEMPLATES
 * at the first one over; what the transfer cannot express is FORMAT at its place; the produced Model is then
 * checked with validateModel, and a problem there is MODEL_INVALID naming its JSON path.
 */
export function yamlToModel(yamlText: string, options: YamlToModelOptions): TransferResult {
  const limits = { ...DEFAULT_TEMPLATE_LIMITS, ...options.limits };
  const { parsed } = checkPipelineYaml(yamlText, options.file, { maxFileBytes: limits.maxFileBytes });
  const yaml = asMap(parsed.data);
  const ctx = new ReadContext(parsed, limits.maxTemplatesPerFile);
  const kind = options.kind ?? detectKind(yaml);
  if (kind !== 'PIPELINE') {
    const body = TEMPLATE_BODY_KEYS[kind];
    if (yaml[body] === undefined) ctx.fail([], `a ${kind} template needs \`${body}:\``);
    const extra = Object.keys(yaml).find((key) => key !== 'version' && key !== body);
    if (extra) ctx.fail([extra], `a ${kind} template holds only \`${body}:\`, not \`${extra}:\``, 'key');
  }
  const result = build(ctx, kind, yaml);
  assertValidModel(result.kind, result.model, options.file);
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
