import { ExprText, isPlainObject, kotlinToString } from '@bkci/expressions';
import { YamlError, YamlErrorCode } from '../yaml-error';
import type { ParameterDeclaration } from './parameter-declaration';
import { CACHED_CHARACTERS, fingerprint, ParseCache } from './parse-cache';
import { substituteNewParameters } from './parameters-expression';
import { substituteLegacyParameters } from './parameters-legacy';

/** Caller values: the `parameters:` map next to a `template:` reference. */
export type CallerParameters = Record<string, unknown> | null;

function invalid(file: string, message: string): never {
  throw new YamlError(YamlErrorCode.PARAMETER_INVALID, `[${file}]Parameter format error [${message}]`, { file });
}

/** Reads one declaration (BK-CI YamlObjects.getParameter): `name` and `type` are required. */
export function readDeclaration(file: string, raw: unknown): ParameterDeclaration {
  if (!isPlainObject(raw)) invalid(file, 'a parameter must be a mapping');
  const entry = raw as Record<string, unknown>;
  for (const key of ['name', 'type']) {
    if (entry[key] === null || entry[key] === undefined) invalid(file, `parameter attribute [${key}] is missing`);
  }
  const values = entry.values;
  if (values !== null && values !== undefined && !Array.isArray(values)) invalid(file, 'parameter values must be a list');
  return {
    name: kotlinToString(entry.name),
    type: kotlinToString(entry.type),
    default: entry.default ?? null,
    values: (values as unknown[] | undefined) ?? null,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The caller's values replace the declared defaults; a value outside a non-empty `values` list is
 * VALUE_NOT_IN_ENUM (BK-CI checks only values the caller passes, not defaults).
 */
export function applyCallerValues(
  fromFile: string,
  templateFile: string,
  declarations: ParameterDeclaration[],
  caller: CallerParameters,
  checkNames: boolean,
): ParameterDeclaration[] {
  return declarations.map((param) => {
    if (checkNames && param.name.includes('.')) {
      invalid(templateFile, `parameter name ${param.name} not allow contains '.'`);
    }
    if (caller === null || !Object.prototype.hasOwnProperty.call(caller, param.name)) return param;
    const value = caller[param.name] ?? null;
    if (param.values && param.values.length > 0 && !param.values.some((allowed) => sameValue(allowed, value))) {
      throw new YamlError(
        YamlErrorCode.PARAMETER_INVALID,
        `[${fromFile} to ${templateFile}][${param.name}=${kotlinToString(value)}]Parameter error, ` +
          `the expected value is [${param.values.map((v) => kotlinToString(v)).join(',')}]`,
        { file: templateFile },
      );
    }
    return { ...param, default: value };
  });
}

/** Nested arrays as BK-CI's JSON tree walk builds them: nulls become '', empty containers vanish. */
function toArrayContext(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) addNode(item, (v) => out.push(v));
  return out;
}

function addNode(value: unknown, add: (v: unknown) => void): void {
  if (Array.isArray(value)) {
    if (value.length > 0) add(toArrayContext(value));
  } else if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return;
    const obj: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      addNode(v, (child) => Object.defineProperty(obj, k, { value: child, enumerable: true, writable: true, configurable: true }));
    }
    add(obj);
  } else if (value === null || value === undefined) {
    add('');
  } else {
    add(value);
  }
}

function nativeValue(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return kotlinToString(value);
}

/** The `parameters` context of the new evaluator (BK-CI ParametersExpressionParse). */
export function buildParameterContext(templateFile: string, declarations: ParameterDeclaration[]): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  const set = (key: string, value: unknown) =>
    Object.defineProperty(context, key, { value, enumerable: true, writable: true, configurable: true });
  for (const param of declarations) {
    if (param.default === null || param.default === undefined) continue;
    switch (param.type.toLowerCase()) {
      case 'array':
        if (!Array.isArray(param.default)) invalid(templateFile, `parameter ${param.name} type is ${param.type} but value not`);
        set(param.name, toArrayContext(param.default as unknown[]));
        break;
      case 'boolean':
      case 'number':
        set(param.name, nativeValue(param.default));
        break;
      case 'string': {
        const text = kotlinToString(param.default).trim();
        set(param.name, text.startsWith('${{') && text.endsWith('}}') ? new ExprText(text) : nativeValue(param.default));
        break;
      }
      default:
        invalid(templateFile, `parameter ${param.name} type ${param.type} not support`);
    }
  }
  return context;
}

export interface SubstituteInput {
  fromFile: string;
  templateFile: string;
  /** The template in formatYaml layout. */
  text: string;
  declarations: ParameterDeclaration[];
  caller: CallerParameters;
  legacy: boolean;
}

/** Substituted texts, by mode, parameter values and template text (see ParseCache). */
const substitutions = new ParseCache<string>(CACHED_CHARACTERS, (text) => text);

/**
 * Puts parameter values into a template's text (BK-CI parseTemplateParameters, both modes). The caller's
 * values are checked each time; the substitution itself depends only on the values and the text, and a
 * template is used with the same values again and again, so its result is remembered.
 */
export function substituteParameters(input: SubstituteInput): string {
  if (input.declarations.length === 0) return input.text;
  const declarations = applyCallerValues(input.fromFile, input.templateFile, input.declarations, input.caller, !input.legacy);
  const key = `${input.legacy ? 'legacy' : 'expressions'}\n${fingerprint(declarations)}\n${input.text}`;
  return substitutions.get(key, () => {
    if (input.legacy) return substituteLegacyParameters(input.templateFile, input.text, declarations);
    return substituteNewParameters(input.templateFile, input.text, buildParameterContext(input.templateFile, declarations));
  });
}
