import type { BuildFormProperty, BuildFormPropertyType } from '@bkci/pipeline-model';
import { BuildError, BuildErrorCode } from './build.errors';

/** BK-CI's BuildParameters: one resolved startup param or build variable. */
export interface BuildParameter {
  key: string;
  value: string;
  /** The param's type; absent for the engine's own variables. */
  valueType?: BuildFormPropertyType;
  readOnly: boolean;
  desc?: string;
  defaultValue?: string;
  sensitive?: boolean;
}

/** The longest value a build variable holds (T_PIPELINE_BUILD_VAR.VALUE). */
export const MAX_VAR_LENGTH = 4000;

/**
 * The start values of a build checked against the version's trigger params (BK-CI
 * parseTriggerParam), before anything is written. Keys no param declares are ignored; a missing,
 * null or "" value takes the param's default; a constant always has its default (BK-CI ignores an
 * override of one). A given value must be one its type allows; `valueNotEmpty` refuses an empty
 * result unless the param's display condition hides it (BK-CI's check). Throws a 400 naming the param.
 */
export function resolveStartParams(params: BuildFormProperty[], values: Record<string, unknown>): BuildParameter[] {
  return params.map((param) => {
    const given = param.constant === true ? undefined : startValue(param.id, values[param.id]);
    const defaultValue = asText(param.defaultValue);
    if (given !== undefined) checkValue(param, given);
    const value = given ?? defaultValue;
    if (param.valueNotEmpty === true && value === '' && !hidden(param, values)) {
      throw new BuildError(BuildErrorCode.PARAM_EMPTY, `Start param ${param.id} must not be empty; give it a value`);
    }
    if (value.length > MAX_VAR_LENGTH) {
      throw new BuildError(BuildErrorCode.PARAM_TOO_LONG, `Start param ${param.id} is ${value.length} characters long; at most ${MAX_VAR_LENGTH} fit`);
    }
    return {
      key: param.id,
      value,
      valueType: param.type,
      readOnly: param.constant === true || param.readOnly === true,
      ...(param.desc ? { desc: param.desc } : {}),
      defaultValue,
      ...(param.sensitive ? { sensitive: true } : {}),
    };
  });
}

/** A start value as text: absent for undefined, null and ""; numbers and booleans as JSON writes them. */
function startValue(id: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new BuildError(BuildErrorCode.PARAM_INVALID, `Start param ${id} must be a string, not ${Array.isArray(raw) ? 'an array' : 'an object'}`);
}

/** A default as BK-CI stores it in a variable: lists comma-joined (MULTIPLE), other objects as JSON. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => asText(item)).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function checkValue(param: BuildFormProperty, value: string): void {
  const keys = (param.options ?? []).map((option) => option.key);
  const invalid = (what: string) => new BuildError(BuildErrorCode.PARAM_INVALID, `Start param ${param.id} ${what}`);
  switch (param.type) {
    case 'BOOLEAN':
      if (value !== 'true' && value !== 'false') throw invalid(`is a BOOLEAN: give true or false, not "${value}"`);
      return;
    case 'LONG':
      if (!/^-?\d+$/.test(value)) throw invalid(`is a LONG: give a whole number, not "${value}"`);
      return;
    case 'ENUM':
      if (keys.length > 0 && !keys.includes(value)) throw invalid(`must be one of ${keys.join(', ')}, not "${value}"`);
      return;
    case 'MULTIPLE': {
      const unknown = value.split(',').filter((item) => keys.length > 0 && !keys.includes(item));
      if (unknown.length > 0) throw invalid(`takes a comma-separated list of ${keys.join(', ')}; "${unknown.join(',')}" is not among them`);
      return;
    }
    default:
      return;
  }
}

/** BK-CI: a param is hidden when any of its display conditions is not met by the start values. */
function hidden(param: BuildFormProperty, values: Record<string, unknown>): boolean {
  const conditions = param.displayCondition;
  if (!conditions) return false;
  return Object.entries(conditions).some(([key, expected]) => values[key] !== expected);
}
