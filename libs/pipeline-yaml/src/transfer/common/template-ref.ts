import type { TemplateDescriptor } from '@bkci/pipeline-model';
import { YamlError, YamlErrorCode } from '../../yaml-error';

/**
 * A `- template: <path>` item of `stages`, `jobs` or `steps`. The v3.0 schema only admits the path
 * form there, so references are PATH descriptors; ID references (`template-id`) exist only in `extends`.
 */
export function templateFromPath(path: string): TemplateDescriptor {
  return { templateRefType: 'PATH', templatePath: path };
}

export function pathOfTemplate(template: TemplateDescriptor | null | undefined, jsonPath: string): string {
  if (template?.templateRefType !== 'PATH' || !template.templatePath) {
    throw modelFormatError(jsonPath, 'only PATH template references can be written as v3.0 YAML');
  }
  return template.templatePath;
}

/** A Model that v3.0 YAML cannot express, named by its JSON path. */
export function modelFormatError(jsonPath: string, message: string): YamlError {
  return new YamlError(YamlErrorCode.FORMAT, `${jsonPath}: ${message}`);
}
