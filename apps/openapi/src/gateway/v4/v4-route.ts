import type { AppName } from '@bkci/config';

/** Where a BK-CI OpenAPI v4 call is served: an app and the path (with query) to call there. */
export interface V4Target {
  app: AppName;
  path: string;
  /** The method to call the target with, when it is not the v4 call's own (v4 `build_stop` is a POST onto BK-CI's DELETE). */
  method?: string;
}

/** A v4 call missing a query parameter its target needs. */
export class V4ParameterMissing extends Error {}

export type Query = URLSearchParams;

/**
 * What the API documentation says of a v4 call (see describeV4Calls); its body and answer are those
 * of the user route it is served by.
 */
export interface V4CallDoc {
  /** The path after `/v4`, its parameters in braces: `/projects/{projectId}/build_start`. */
  path: string;
  summary: string;
  /** The query parameters the call takes itself, each `true` when required; the user route's own pass through too. */
  query: Record<string, boolean>;
  /** v4's names of query parameters the user route knows by another name (v4 name → user route's name). */
  renamedQuery?: Record<string, string>;
}

export interface V4Route {
  method: string;
  /** Matched against the path after `/api/{apigw-user|apigw-app|apigw}/v4`; group 1 is the project (when the call names one), later groups go to `target` as `more`. */
  path: RegExp;
  target(projectId: string, query: Query, more: string[]): V4Target;
  doc: V4CallDoc;
  /** A list BK-CI pages with 20 a page when the call names no pageSize (`standardSize(pageSize) ?: 20`). */
  paged?: boolean;
}

/** A V4CallDoc: `query` lists the parameter names, those ending in `?` optional. */
export function doc(path: string, summary: string, query: string[] = [], renamedQuery?: Record<string, string>): V4CallDoc {
  return {
    path,
    summary,
    query: Object.fromEntries(query.map((name) => (name.endsWith('?') ? [name.slice(0, -1), false] : [name, true]))),
    ...(renamedQuery ? { renamedQuery } : {}),
  };
}

export function requiredValue(query: Query, name: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw new V4ParameterMissing(`Query parameter ${name} is required`);
  return value;
}

/** A required query parameter, encoded for a path segment. */
export function required(query: Query, name: string): string {
  return encodeURIComponent(requiredValue(query, name));
}

/** The query minus the parameters that moved into the target path. */
export function rest(query: Query, ...moved: string[]): string {
  const kept = new URLSearchParams([...query].filter(([name]) => !moved.includes(name)));
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}

/** The query minus `moved`, with v4's names replaced by the user route's (`renamed`). */
export function renamedRest(query: Query, renamed: Record<string, string>, ...moved: string[]): string {
  const kept = new URLSearchParams([...query].filter(([name]) => !moved.includes(name)).map(([name, value]): [string, string] => [renamed[name] ?? name, value]));
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}

/** A target in `process`, which serves the pipeline, build and template calls. */
export const process = (path: string): V4Target => ({ app: 'process', path });
