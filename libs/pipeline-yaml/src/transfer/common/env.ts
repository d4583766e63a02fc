import type { NameAndValue } from '@bkci/pipeline-model';
import type { YamlMap } from '../types';

/** `env:` of a job or step ↔ the Model's `customEnv` list. */
export function envToModel(env: unknown): NameAndValue[] | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  return Object.entries(env as YamlMap).map(([key, value]) => ({ key, value: value === null ? '' : String(value) }));
}

export function envToYaml(customEnv: NameAndValue[] | null | undefined): YamlMap | undefined {
  if (!customEnv || customEnv.length === 0) return undefined;
  const env: YamlMap = {};
  for (const { key, value } of customEnv) env[key ?? ''] = value ?? '';
  return env;
}
