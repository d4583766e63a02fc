import { isPlainObject, kotlinToString } from '@bkci/expressions';
import { YamlError, YamlErrorCode } from '../yaml-error';

/** Field readers with BK-CI's (Kotlin) conversions; wrong shapes are YamlError FORMAT. */

export type YamlMap = Record<string, unknown>;

export function formatError(file: string, message: string): never {
  throw new YamlError(YamlErrorCode.FORMAT, `[${file}] Format error: ${message}`, { file });
}

/** BK-CI TRANS_AS_ERROR: a keyword whose value has the wrong shape. */
export function keywordError(file: string, keyword: string): never {
  throw new YamlError(YamlErrorCode.FORMAT, `[${file}]Keyword [${keyword}] format error`, { file });
}

export function isNil(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** `value.toString()` or null. */
export function str(value: unknown): string | null {
  return isNil(value) ? null : kotlinToString(value);
}

/** Kotlin `String.toBoolean()`: true only for "true" in any case. */
export function bool(value: unknown): boolean | null {
  return isNil(value) ? null : kotlinToString(value).toLowerCase() === 'true';
}

/** Kotlin `String.toInt()`: an integer or a FORMAT error. */
export function int(file: string, key: string, value: unknown): number | null {
  if (isNil(value)) return null;
  const text = kotlinToString(value);
  if (!/^[+-]?\d+$/.test(text) || Math.abs(Number(text)) > 2147483647) {
    formatError(file, `${key} must be an integer, got ${text}`);
  }
  return Number(text);
}

export function map(file: string, key: string, value: unknown): YamlMap {
  if (!isPlainObject(value)) keywordError(file, key);
  return value as YamlMap;
}

export function optionalMap(file: string, key: string, value: unknown): YamlMap | null {
  return isNil(value) ? null : map(file, key, value);
}

export function list(file: string, key: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) keywordError(file, key);
  return value as unknown[];
}

export function optionalList(file: string, key: string, value: unknown): unknown[] | null {
  return isNil(value) ? null : list(file, key, value);
}

export function stringList(file: string, key: string, value: unknown): string[] | null {
  const items = optionalList(file, key, value);
  return items === null ? null : items.map((item) => kotlinToString(item));
}

/** A required attribute (BK-CI ATTR_MISSING_ERROR). */
export function required(file: string, owner: string, obj: YamlMap, key: string): unknown {
  if (isNil(obj[key])) {
    throw new YamlError(YamlErrorCode.FORMAT, `[${file}]Required attributes [${key}] of [${owner}] are missing`, { file });
  }
  return obj[key];
}

/** A fresh object whose keys are set without touching prototypes (`__proto__` is the only key that would). */
export function record(entries: Array<[string, unknown]>): YamlMap {
  const out: YamlMap = {};
  for (const [k, v] of entries) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/** BK-CI StreamEnvUtils.checkEnv: at most 100 entries, keys ≤ 128 and values ≤ 4000 characters. */
export function checkEnv(file: string, env: YamlMap | null): void {
  if (env === null) return;
  const entries = Object.entries(env);
  if (entries.length > 100) formatError(file, 'env has more than 100 variables');
  for (const [key, value] of entries) {
    if (key.length > 128) formatError(file, `env key ${key} is longer than 128 characters`);
    if (!isNil(value) && kotlinToString(value).length > 4000) formatError(file, `env value of ${key} is longer than 4k`);
  }
}
