import type { MatrixControlOption } from '@bkci/pipeline-model';
import { parse } from 'yaml';

/** BK-CI MatrixControlOption.MATRIX_CASE_MAX_COUNT: a matrix makes at most this many jobs. */
export const MATRIX_CASE_MAX_COUNT = 256;
/** BK-CI PIPELINE_MATRIX_MAX_CON_RUNNING_SIZE_DEFAULT and PIPELINE_MATRIX_CON_RUNNING_SIZE_MAX. */
export const MATRIX_MAX_CONCURRENCY_DEFAULT = 5;
export const MATRIX_MAX_CONCURRENCY_LIMIT = 50;
/** BK-CI MatrixConfig.MATRIX_CONTEXT_KEY_PREFIX: a case's values are the job's `matrix.<key>` variables. */
export const MATRIX_CONTEXT_KEY_PREFIX = 'matrix.';

/** Why a matrix cannot be expanded: the message ends the matrix job FAILED (BK-CI logs it and fails the job). */
export class MatrixConfigError extends Error {}

type Case = Record<string, string>;

/** BK-CI MatrixConfig: the axes (key → values, in the order written) and the include/exclude cases. */
export interface MatrixConfig {
  strategy: Record<string, string[]>;
  include: Case[];
  exclude: Case[];
}

const TOKEN = /\$\{([^$^{}]+)\}|\$\{\{([^$^{}]+)\}\}/g;
const FROM_JSON = /^fromJSON\(([^()]+)\)$/;

/**
 * BK-CI EnvUtils.parseEnv with MatrixControlOption.replaceJsonPattern: `${K}`, `${{ K }}` and
 * `${{ variables.K }}` become the variable K, `${{ fromJSON(K) }}` the variable K's text (JSON the
 * caller parses); unknown ones stay.
 */
export function replaceMatrixVariables(text: string, variables: Record<string, string>): string {
  return text.replace(TOKEN, (whole: string, single: string | undefined, double: string | undefined) => {
    const key = (single ?? double ?? '').trim();
    const name = (FROM_JSON.exec(key)?.[1] ?? key).trim();
    // BK-CI's build context also names a variable K as `variables.K`.
    const known = [name, name.replace(/^variables\./, '')].find((candidate) => Object.hasOwn(variables, candidate));
    return known === undefined ? whole : variables[known];
  });
}

/**
 * BK-CI convertMatrixConfig: `strategyStr` is YAML or JSON of `key: [values]` (a value may be
 * `${{ fromJSON(VAR) }}`, and a JSON strategy may carry `include`/`exclude` itself);
 * `includeCaseStr`/`excludeCaseStr` are YAML or JSON lists of `key: value` maps. Variables are put
 * in first. Values are kept as text, as BK-CI reads them into strings.
 */
export function matrixConfigOf(option: MatrixControlOption, variables: Record<string, string>): MatrixConfig {
  const config: MatrixConfig = { strategy: {}, include: [], exclude: [] };
  if (option.strategyStr?.trim()) {
    const strategy = readText(replaceMatrixVariables(option.strategyStr, variables), 'strategy');
    if (!isMap(strategy)) throw new MatrixConfigError(`matrix strategy is not a map of lists: ${option.strategyStr}`);
    for (const [key, value] of Object.entries(strategy)) {
      if (key === 'include' || key === 'exclude') config[key].push(...casesOf(value, key));
      else config.strategy[key] = valuesOf(key, value);
    }
  }
  config.include.push(...casesOf(readCases(option.includeCaseStr, variables, 'include'), 'include'));
  config.exclude.push(...casesOf(readCases(option.excludeCaseStr, variables, 'exclude'), 'exclude'));
  return config;
}

/**
 * BK-CI MatrixConfig.getAllCombinations: the axes' cartesian product (the first axis varies
 * slowest), then each include case merged into every combination it matches on the axes' keys
 * (or added as a case of its own when it matches none; dropped when it names no axis), then the
 * exclude cases taken out (a case equal to one), duplicates dropped. Keys become `matrix.<key>`;
 * a value written as a map (`{a=1, b=2}`) also gives `matrix.<key>.a`.
 */
export function matrixCases(config: MatrixConfig): Case[] {
  const keys = Object.keys(config.strategy);
  const combinations: Case[] = keys.length === 0 ? [] : cartesian(keys.map((key) => config.strategy[key])).map((values) => Object.fromEntries(keys.map((key, i) => [key, values[i]])));
  const added: Case[] = [];
  for (const include of config.include) {
    if (combinations.length === 0) {
      added.push({ ...include });
      continue;
    }
    const matchKeys = Object.keys(include).filter((key) => keys.includes(key));
    if (matchKeys.length === 0) continue;
    let expanded = false;
    for (const combination of combinations) {
      if (matchKeys.every((key) => combination[key] === include[key])) {
        Object.assign(combination, include);
        expanded = true;
      }
    }
    if (!expanded) added.push({ ...include });
  }
  const all = [...combinations, ...added].filter((c) => !config.exclude.some((exclude) => sameCase(c, exclude)));
  const seen = new Set<string>();
  const result: Case[] = [];
  for (const c of all.map(withPrefix)) {
    const id = JSON.stringify(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(id)) continue;
    seen.add(id);
    result.push(c);
  }
  return result;
}

/** BK-CI MatrixExecuteContainerCmd: children started at once, `maxConcurrency` (default 5) up to 50; BK-CI refuses more than 50. */
export function matrixMaxConcurrency(option: MatrixControlOption): number {
  const wanted = option.maxConcurrency ?? MATRIX_MAX_CONCURRENCY_DEFAULT;
  if (wanted > MATRIX_MAX_CONCURRENCY_LIMIT) throw new MatrixConfigError(`matrix maxConcurrency(${wanted}) is larger than ${MATRIX_MAX_CONCURRENCY_LIMIT}`);
  // BK-CI would start none with 0 and leave the matrix waiting until its timeout; the default is of more use.
  return wanted >= 1 ? wanted : MATRIX_MAX_CONCURRENCY_DEFAULT;
}

function readText(text: string, what: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    throw new MatrixConfigError(`matrix ${what} is neither YAML nor JSON: ${(error as Error).message}`);
  }
}

function readCases(text: string | null | undefined, variables: Record<string, string>, what: string): unknown {
  if (!text?.trim()) return [];
  return readText(replaceMatrixVariables(text, variables), what);
}

/** An axis' values: a list, or the text of a JSON list (what `${{ fromJSON(VAR) }}` put in). */
function valuesOf(key: string, value: unknown): string[] {
  const list = typeof value === 'string' ? readText(value, `values of ${key}`) : value;
  if (!Array.isArray(list)) throw new MatrixConfigError(`matrix values of "${key}" are not a list: ${String(value)}`);
  return list.map(asText);
}

function casesOf(value: unknown, what: string): Case[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isMap)) throw new MatrixConfigError(`matrix ${what} is not a list of key: value maps`);
  return value.map((c) => Object.fromEntries(Object.entries(c).map(([key, v]) => [key, asText(v)])));
}

/** A value as BK-CI's toString gives it (a map as Kotlin prints one: `{a=1, b=2}`). */
function asText(value: unknown): string {
  if (isMap(value)) return `{${Object.entries(value).map(([k, v]) => `${k}=${asText(v)}`).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map(asText).join(', ')}]`;
  return String(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cartesian(lists: string[][]): string[][] {
  return lists.reduce<string[][]>((acc, list) => acc.flatMap((prefix) => list.map((value) => [...prefix, value])), [[]]);
}

function sameCase(a: Case, b: Case): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

function withPrefix(c: Case): Case {
  const result: Case = {};
  for (const [key, value] of Object.entries(c)) {
    result[`${MATRIX_CONTEXT_KEY_PREFIX}${key}`] = value;
    const inner = /^\{(.*)\}$/.exec(value)?.[1];
    for (const pair of inner?.split(', ') ?? []) {
      const split = pair.split('=');
      if (split.length === 2) result[`${MATRIX_CONTEXT_KEY_PREFIX}${key}.${split[0]}`] = split[1];
    }
  }
  return result;
}
