/**
 * Small builders for writing the v3.0 JSON schema (draft-07) compactly. The schema is kept free of
 * `$ref`: shared parts are shared JS objects, so every validation error's `schemaPath` is the literal
 * path from the root, which the error reporter relies on.
 */
export type JsonSchema = { [keyword: string]: unknown };

export const str: JsonSchema = { type: 'string' };
export const bool: JsonSchema = { type: 'boolean' };
export const int: JsonSchema = { type: 'integer' };
export const anyObject: JsonSchema = { type: 'object' };
export const anyArray: JsonSchema = { type: 'array' };
export const strList: JsonSchema = { type: 'array', items: str };
/** A string, a number or a boolean. */
export const scalar: JsonSchema = { anyOf: [str, { type: 'number' }, bool] };

export interface ObjectOptions {
  required?: string[];
  /** Extra keywords (e.g. `allOf`, `dependencies`). */
  extra?: JsonSchema;
}

/** An object with exactly these properties (no others). */
export function obj(properties: Record<string, JsonSchema>, options: ObjectOptions = {}): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    ...(options.required ? { required: options.required } : {}),
    properties,
    ...options.extra,
  };
}

export const anyOf = (...schemas: JsonSchema[]): JsonSchema => ({ anyOf: schemas });
export const oneOf = (...schemas: JsonSchema[]): JsonSchema => ({ oneOf: schemas });
export const enumOf = (...values: string[]): JsonSchema => ({ enum: values });
export const pattern = (regex: string): JsonSchema => ({ type: 'string', pattern: regex });
export const intRange = (minimum: number | undefined, maximum: number | undefined): JsonSchema => ({
  type: 'integer',
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});

/** A list of distinct values taken from `values`. */
export const uniqueEnumList = (...values: string[]): JsonSchema => ({ type: 'array', uniqueItems: true, items: { enum: values } });

/** When `key` is present, none of `others` may be (BK-CI writes its mutual exclusions this way). */
export function excludes(key: string, ...others: string[]): JsonSchema {
  return { if: { required: [key] }, then: { allOf: others.map((other) => ({ not: { required: [other] } })) } };
}
