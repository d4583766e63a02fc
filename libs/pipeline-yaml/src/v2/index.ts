export { expandPipelineYaml } from './expand-pipeline';
export type { ExpandOptions } from './expand-pipeline';
