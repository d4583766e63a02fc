import { DomainError } from '@bkci/core';
import { Action, READ_ONLY_ACTIONS } from './rbac-vocabulary';

/**
 * What a limited token may do, on top of what its user may do. A token without a scope may do
 * everything its user may. Personal access tokens and OAuth2 access tokens share this vocabulary
 * (OAuth2's space-separated `scope` uses the same strings):
 * - `read`: only read (permission checks for READ_ONLY_ACTIONS; other routes only with GET or HEAD);
 * - `write`: everything the user may do (the same as no scope);
 * - `project:<projectId>`: only the named projects (several allowed).
 */
export interface TokenScope {
  readOnly: boolean;
  /** The projects the token may act in; null for every project its user may. */
  projects: string[] | null;
}

export const READ_SCOPE = 'read';
export const WRITE_SCOPE = 'write';
const PROJECT_SCOPE_PREFIX = 'project:';
/** A project id as `process` makes them (a project's englishName). */
const PROJECT_ID = /^[a-z][a-z0-9-]{1,31}$/;
/** Bounds the stored form (one `project:` entry is at most 40 characters). */
export const MAX_SCOPE_ENTRIES = 20;

/** Auth is module 21 in BK-CI's 21MMNNN scheme; 9NN is past BK-CI's own auth codes. */
export enum TokenScopeErrorCode {
  SCOPE_INVALID = 2121901,
  SCOPE_FORBIDS = 2121902,
}

const HTTP_STATUS: Record<TokenScopeErrorCode, number> = {
  [TokenScopeErrorCode.SCOPE_INVALID]: 400,
  [TokenScopeErrorCode.SCOPE_FORBIDS]: 403,
};

export class TokenScopeError extends DomainError {
  constructor(code: TokenScopeErrorCode, message: string) {
    super(code, HTTP_STATUS[code], message);
  }
}

/**
 * The scope the entries ask for; null when they do not limit the token (none given, or only
 * `write`). Refuses an unknown entry, naming it.
 */
export function parseScopes(entries: readonly string[]): TokenScope | null {
  if (entries.length > MAX_SCOPE_ENTRIES) {
    throw new TokenScopeError(TokenScopeErrorCode.SCOPE_INVALID, `At most ${MAX_SCOPE_ENTRIES} scopes may be given (got ${entries.length})`);
  }
  let readOnly = false;
  let write = false;
  const projects = new Set<string>();
  for (const entry of entries) {
    if (entry === READ_SCOPE) readOnly = true;
    else if (entry === WRITE_SCOPE) write = true;
    else if (entry.startsWith(PROJECT_SCOPE_PREFIX) && PROJECT_ID.test(entry.slice(PROJECT_SCOPE_PREFIX.length))) {
      projects.add(entry.slice(PROJECT_SCOPE_PREFIX.length));
    } else {
      throw new TokenScopeError(
        TokenScopeErrorCode.SCOPE_INVALID,
        `Unknown scope "${entry}": use "${READ_SCOPE}", "${WRITE_SCOPE}" or "${PROJECT_SCOPE_PREFIX}<projectId>" (a project id is 2–32 lowercase letters, digits or "-")`,
      );
    }
  }
  if (readOnly && write) {
    throw new TokenScopeError(TokenScopeErrorCode.SCOPE_INVALID, `Scopes "${READ_SCOPE}" and "${WRITE_SCOPE}" exclude each other: give one`);
  }
  if (!readOnly && projects.size === 0) return null;
  return { readOnly, projects: projects.size === 0 ? null : [...projects].sort() };
}

/** The canonical entries of a scope (what parseScopes reads back); none for an unlimited token. */
export function scopeEntries(scope: TokenScope | null): string[] {
  if (!scope) return [];
  return [...(scope.readOnly ? [READ_SCOPE] : []), ...(scope.projects ?? []).map((projectId) => `${PROJECT_SCOPE_PREFIX}${projectId}`)];
}

/** The refusal when a token of `scope` may not do `action` in `projectId`; null when it may (or has no scope). */
export function scopeRefusal(scope: TokenScope | undefined, projectId: string, action: Action): TokenScopeError | null {
  if (!scope) return null;
  if (scope.readOnly && !READ_ONLY_ACTIONS.has(action)) {
    return forbidden(scope, `${action}: a read-only token may only read`);
  }
  if (scope.projects && !scope.projects.includes(projectId)) {
    return forbidden(scope, projectId === '' ? 'a call outside a project' : `project ${projectId}`);
  }
  return null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The refusal when a token of `scope` calls, with `method`, a route that is not guarded by a
 * project permission: such a route (e.g. creating a token or a project) is open to a limited
 * token only to read, since nothing ties it to the token's projects or to reading.
 */
export function scopeRefusalOfMethod(scope: TokenScope | undefined, method: string | undefined): TokenScopeError | null {
  if (!scope || SAFE_METHODS.has((method ?? '').toUpperCase())) return null;
  return forbidden(scope, `${method ?? 'this call'} here: outside a project permission check, a limited token may only use GET or HEAD`);
}

function forbidden(scope: TokenScope, what: string): TokenScopeError {
  return new TokenScopeError(TokenScopeErrorCode.SCOPE_FORBIDS, `This token's scope (${scopeEntries(scope).join(' ')}) forbids ${what}`);
}
