export { yamlToModel } from './yaml-to-model';
export { modelToYaml } from './model-to-yaml';
export { mergeYaml } from './merge-yaml';
export { detectKind } from './detect-kind';
export type { ModelToYamlOptions, TransferKind, TransferResult, YamlToModelOptions } from './types';
