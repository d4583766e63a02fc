import type { YamlMap } from './coerce';
import type { ExpandedStage } from './expand-stages';

/** A pipeline with every template inlined, before normalisation (BK-CI `PreScriptBuildYaml`). */
export interface ExpandedPipeline {
  version: string | null;
  name: string | null;
  label: unknown;
  triggerOn: unknown;
  resources: unknown;
  notices: YamlMap[] | null;
  concurrency: unknown;
  variables: Map<string, YamlMap> | null;
  stages: ExpandedStage[] | null;
  jobs: Map<string, YamlMap> | null;
  steps: YamlMap[] | null;
  finally: Map<string, YamlMap> | null;
}
