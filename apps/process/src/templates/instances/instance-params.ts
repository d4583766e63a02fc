import type { BuildFormProperty, BuildFormValue, BuildNo, Element, TemplateInstanceField } from '@bkci/pipeline-model';

/** BK-CI TemplateInstanceParams: what the instance form starts from, for a new instance or an existing one. */
export interface TemplateInstanceParams {
  pipelineId: string;
  pipelineName: string;
  buildNo: BuildNo | null;
  param: BuildFormProperty[];
  updateBuildNo: boolean | null;
  repoHashId: string | null;
  filePath: string | null;
  triggerElements: Element[];
  overrideTemplateField: TemplateInstanceField;
}

/** BK-CI BuildCascadeProps, the shape of a cascading param's `cascadeProps`. */
interface CascadeProps {
  id?: string;
  options?: BuildFormValue[];
  searchUrl?: string | null;
  replaceKey?: string | null;
  children?: CascadeProps | null;
}

/** Params as the form shows them: an unnamed one (older saves) goes by its id. */
export function named(params: BuildFormProperty[]): BuildFormProperty[] {
  return params.map((param) => ({ ...param, name: param.name ?? param.id }));
}

/**
 * BK-CI TemplateInstanceUtil.mergeTemplateOptions: an instance's params take the template's choices
 * (options, search URL and key, cascade levels), so the form can select what the template offers; an
 * instance value the options lack is added to them.
 */
export function withTemplateOptions(templateParams: BuildFormProperty[], instanceParams: BuildFormProperty[]): BuildFormProperty[] {
  const byId = new Map(templateParams.map((param) => [param.id, param]));
  return instanceParams.map((param) => {
    const template = byId.get(param.id);
    if (!template) return param;
    return {
      ...param,
      options: mergeOptions(template.options, param.defaultValue),
      searchUrl: template.searchUrl,
      replaceKey: template.replaceKey,
      cascadeProps: mergeCascade(param.cascadeProps as CascadeProps | null | undefined, template.cascadeProps as CascadeProps | null | undefined),
    };
  });
}

function mergeOptions(options: BuildFormValue[] | null | undefined, value: unknown): BuildFormValue[] | null {
  if (!options) return null;
  if (typeof value !== 'string' || options.some((option) => option.key === value)) return options;
  return [...options, { key: value, value }];
}

function mergeCascade(own: CascadeProps | null | undefined, template: CascadeProps | null | undefined): CascadeProps | null {
  if (!template) return null;
  if (!own) return template;
  const options = [...(own.options ?? [])];
  for (const option of template.options ?? []) {
    if (!options.some((known) => known.key === option.key && known.value === option.value)) options.push(option);
  }
  const children = own.children && template.children ? mergeCascade(own.children, template.children) : (own.children ?? template.children ?? null);
  return { id: own.id, options, searchUrl: own.searchUrl, replaceKey: own.replaceKey, children };
}
