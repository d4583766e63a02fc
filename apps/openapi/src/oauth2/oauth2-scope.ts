import { parseScopes, READ_SCOPE, scopeEntries, TokenScope, WRITE_SCOPE } from '@bkci/auth';
import { Oauth2Error, Oauth2ErrorCode } from './oauth2.errors';

/**
 * The scope an authorization grants: what the user asked for (`asked`, scope entries), which must lie
 * within what the client may be granted (`allowed`, null: anything); when the user asks for nothing,
 * all the client may be granted. Never wider than either. Throws SCOPE_NOT_ALLOWED naming what is
 * outside, or TokenScopeError for an unknown entry.
 */
export function grantedScope(asked: readonly string[], allowed: TokenScope | null): TokenScope | null {
  if (asked.length === 0) return allowed;
  const wanted = parseScopes(asked);
  const outside = outsideOf(wanted, allowed);
  if (outside) {
    throw new Oauth2Error(
      Oauth2ErrorCode.SCOPE_NOT_ALLOWED,
      `The scope asked for (${describe(wanted)}) goes beyond what this client may be granted (${describe(allowed)}): ${outside}`,
    );
  }
  return wanted;
}

/** What of `wanted` lies outside `allowed`, in words; null when nothing does. */
function outsideOf(wanted: TokenScope | null, allowed: TokenScope | null): string | null {
  if (!allowed) return null;
  if (allowed.readOnly && !wanted?.readOnly) return `the client may only read: ask for "${READ_SCOPE}"`;
  if (allowed.projects) {
    if (!wanted?.projects) return `the client may act only in named projects: ask for ${allowed.projects.map((id) => `"project:${id}"`).join(', ')}`;
    const others = wanted.projects.filter((projectId) => !allowed.projects!.includes(projectId));
    if (others.length > 0) return `projects ${others.join(', ')} are not among the client's`;
  }
  return null;
}

function describe(scope: TokenScope | null): string {
  return scope ? scopeEntries(scope).join(' ') : WRITE_SCOPE;
}

/** A scope as stored: its entries space-separated, null when not limited. */
export function storedScope(scope: TokenScope | null): string | null {
  const entries = scopeEntries(scope);
  return entries.length === 0 ? null : entries.join(' ');
}

/** The scope a stored column holds back. */
export function scopeOfStored(stored: string | null): TokenScope | null {
  return stored ? parseScopes(stored.split(' ')) : null;
}
