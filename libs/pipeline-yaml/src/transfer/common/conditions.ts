import type { NameAndValue } from '@bkci/pipeline-model';
import type { YamlMap } from '../types';

/** BK-CI's `if: {mode, params}` form: run (or skip) when every listed variable has its value. */
export const RUN_WHEN_MATCH = 'RUN_WHEN_ALL_PARAMS_MATCH';
export const SKIP_WHEN_MATCH = 'NOT_RUN_WHEN_ALL_PARAMS_MATCH';

/** An `if:` value split into the Model's three places: a keyword/expression, or a mode with params. */
export interface ParsedIf {
  expression?: string;
  mode?: string;
  customVariables?: NameAndValue[];
}

export function parseIf(value: unknown): ParsedIf | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') return { expression: String(value) };
  const map = value as YamlMap;
  const params = (map.params ?? {}) as YamlMap;
  return {
    mode: String(map.mode),
    customVariables: Object.entries(params).map(([key, v]) => ({ key, value: String(v) })),
  };
}

export function ifFromVariables(mode: string, variables: NameAndValue[] | null | undefined): YamlMap {
  const params: YamlMap = {};
  for (const { key, value } of variables ?? []) params[key ?? ''] = value ?? '';
  return { mode, params };
}
