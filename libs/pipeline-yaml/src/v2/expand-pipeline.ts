import { isPlainObject } from '@bkci/expressions';
import { parseYamlDocument } from '../parse/parse-yaml-document';
import { detectVersion, SUPPORTED_YAML_VERSIONS } from '../parse/yaml-version';
import { TemplateResolver } from '../resolver/template-resolver';
import { DEFAULT_TEMPLATE_LIMITS, TemplateLimits } from '../template-limits';
import { formatError, isNil, list, map, required, str, YamlMap } from './coerce';
import { callerParameters, expandJobs, expandSteps } from './expand-jobs';
import { expandStages } from './expand-stages';
import { expandVariables } from './expand-variables';
import type { ExpandedPipeline } from './expanded-pipeline';
import { normalizePipeline } from './normalize';
import { buildNotice } from './pre-objects';
import { ExpansionContext, Frame } from './template-context';
import { SNAKE_SCHEMA } from './snake-schema';
import { formatYaml } from './yaml-text';

export interface ExpandOptions {
  resolver: TemplateResolver;
  /** BK-CI's `useOldParametersExpression`: `${{ parameters.x }}` replaced as text, no expressions. */
  legacyParameters?: boolean;
  limits?: Partial<TemplateLimits>;
}

/**
 * Expands a v2.0 pipeline YAML: extends, variables, stage, job, step and gate templates, template
 * parameters, `path@alias` through `resources.repositories`; then normalises it as BK-CI does
 * (stages → jobs → steps, defaults filled in). Bad input throws YamlError, nothing else.
 */
export async function expandPipelineYaml(input: { file: string; content: string }, options: ExpandOptions): Promise<YamlMap> {
  const limits = { ...DEFAULT_TEMPLATE_LIMITS, ...options.limits };
  const ctx = new ExpansionContext(options.resolver, limits, options.legacyParameters ?? false);
  ctx.checkSize(input.file, input.content);
  const { text, data } = formatYaml(input.content, input.file);
  if (!isPlainObject(data) || !isExpandableVersion(data.version)) {
    // The located error (document shape, `version:` value) comes from the full reader.
    detectVersion(parseYamlDocument(input.content, input.file, { schema: SNAKE_SCHEMA, maxFileBytes: Number.POSITIVE_INFINITY }), 'any');
    formatError(input.file, 'a pipeline must be a YAML mapping');
  }
  const root = new Frame({ id: input.file, path: input.file, file: input.file, source: input.content, text, data }, 1, null);
  return normalizePipeline(await expandRoot(ctx, root), input.file);
}

/** No `version:` means v2.0, as in BK-CI's template engine. */
function isExpandableVersion(version: unknown): boolean {
  return version === undefined || version === null || version === '' || (SUPPORTED_YAML_VERSIONS as readonly unknown[]).includes(version);
}

async function expandRoot(ctx: ExpansionContext, root: Frame): Promise<ExpandedPipeline> {
  const data = root.file.data;
  const pipeline: ExpandedPipeline = {
    version: str(data.version),
    name: str(data.name),
    label: data.label ?? null,
    triggerOn: data.triggerOn ?? null,
    resources: data.resources ?? null,
    notices: notices(root.file.id, data.notices),
    concurrency: data.concurrency ?? null,
    variables: null,
    stages: null,
    jobs: null,
    steps: null,
    finally: null,
  };
  if (!isNil(data.extends)) await applyExtends(ctx, root, pipeline);
  await expandBody(ctx, root, data, pipeline);
  return pipeline;
}

/** The parts of a file that templates can fill; a later source replaces an earlier one. */
async function expandBody(ctx: ExpansionContext, frame: Frame, data: YamlMap, pipeline: ExpandedPipeline): Promise<void> {
  if (!isNil(data.variables)) pipeline.variables = await expandVariables(ctx, frame, data.variables);
  if (!isNil(data.stages)) pipeline.stages = await expandStages(ctx, frame, data.stages);
  if (!isNil(data.jobs)) pipeline.jobs = await expandJobs(ctx, frame, data.jobs);
  if (!isNil(data.steps)) pipeline.steps = await expandSteps(ctx, frame, data.steps);
  if (!isNil(data.finally)) pipeline.finally = await expandJobs(ctx, frame, data.finally);
}

/**
 * `extends:` takes the template's body, notices, label and resources; the pipeline's own name and
 * concurrency win when it has them, and its own body (expanded afterwards) replaces the template's.
 */
async function applyExtends(ctx: ExpansionContext, root: Frame, pipeline: ExpandedPipeline): Promise<void> {
  const extend = map(root.file.id, 'extends', root.file.data.extends);
  const path = str(required(root.file.id, 'extends', extend, 'template')) as string;
  const instance = await ctx.instantiate('extends', root, path, callerParameters(root.file.id, extend));
  const template = instance.data;
  await expandBody(ctx, instance.frame, template, pipeline);
  if (!isNil(template.notices)) pipeline.notices = notices(instance.file.id, template.notices);
  pipeline.label = template.label ?? null;
  pipeline.resources = template.resources ?? null;
  if (pipeline.name === null || pipeline.name.trim() === '') pipeline.name = str(template.name);
  if (pipeline.concurrency === null) pipeline.concurrency = template.concurrency ?? null;
}

function notices(file: string, value: unknown): YamlMap[] | null {
  return isNil(value) ? null : list(file, 'notices', value).map((raw) => buildNotice(file, raw));
}
