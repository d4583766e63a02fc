import { thrownError } from '@bkci/testing';
import { parseScopes, scopeEntries, scopeRefusal, scopeRefusalOfMethod, TokenScopeError, TokenScopeErrorCode } from './token-scope';

describe('parseScopes', () => {
  it('leaves a token unlimited when no scope is given, or only write', () => {
    expect(parseScopes([])).toBeNull();
    expect(parseScopes(['write'])).toBeNull();
    expect(parseScopes(['write', 'write'])).toBeNull();
  });

  it('reads read as read-only in every project', () => {
    expect(parseScopes(['read'])).toEqual({ readOnly: true, projects: null });
  });

  it('reads project:<id> entries as the projects, sorted and without repeats, with or without read or write', () => {
    expect(parseScopes(['project:b-2', 'project:a1', 'project:b-2'])).toEqual({ readOnly: false, projects: ['a1', 'b-2'] });
    expect(parseScopes(['read', 'project:demo'])).toEqual({ readOnly: true, projects: ['demo'] });
    expect(parseScopes(['write', 'project:demo'])).toEqual({ readOnly: false, projects: ['demo'] });
  });

  it.each([['admin'], ['READ'], [' read'], [''], ['project:'], ['project:Demo'], ['project:a'], ['project:demo/x'], ['projects:demo']])(
    'refuses the unknown scope "%s" with 400, naming it',
    (entry) => {
      const error = thrownError(TokenScopeError, () => parseScopes(['read', entry]));

      expect(error.code).toBe(TokenScopeErrorCode.SCOPE_INVALID);
      expect(error.code).toBe(2121901);
      expect(error.httpStatus).toBe(400);
      expect(error.message).toContain(`Unknown scope "${entry}"`);
    },
  );

  it('refuses read together with write, and more than 20 entries', () => {
    expect(thrownError(TokenScopeError, () => parseScopes(['read', 'write'])).message).toBe('Scopes "read" and "write" exclude each other: give one');
    const many = Array.from({ length: 21 }, (_, index) => `project:p${index}`);
    expect(thrownError(TokenScopeError, () => parseScopes(many)).message).toBe('At most 20 scopes may be given (got 21)');
  });

  it('writes a scope back as the entries it reads', () => {
    expect(scopeEntries(null)).toEqual([]);
    expect(scopeEntries({ readOnly: true, projects: ['a1', 'b1'] })).toEqual(['read', 'project:a1', 'project:b1']);
    expect(parseScopes(scopeEntries({ readOnly: false, projects: ['a1'] }))).toEqual({ readOnly: false, projects: ['a1'] });
  });
});

describe('scopeRefusal', () => {
  it('allows everything to a token without a scope', () => {
    expect(scopeRefusal(undefined, 'any', 'pipeline_execute')).toBeNull();
  });

  it('allows a read-only token the read actions only, with 403 naming the action', () => {
    const readOnly = { readOnly: true, projects: null };

    expect(scopeRefusal(readOnly, 'demo', 'pipeline_view')).toBeNull();
    expect(scopeRefusal(readOnly, 'demo', 'pipeline_download')).toBeNull();
    const refusal = scopeRefusal(readOnly, 'demo', 'pipeline_execute')!;
    expect(refusal.code).toBe(TokenScopeErrorCode.SCOPE_FORBIDS);
    expect(refusal.code).toBe(2121902);
    expect(refusal.httpStatus).toBe(403);
    expect(refusal.message).toBe("This token's scope (read) forbids pipeline_execute: a read-only token may only read");
  });

  it('allows a project token its projects only', () => {
    const projects = { readOnly: false, projects: ['a1', 'b1'] };

    expect(scopeRefusal(projects, 'b1', 'pipeline_execute')).toBeNull();
    expect(scopeRefusal(projects, 'c1', 'pipeline_view')?.message).toBe("This token's scope (project:a1 project:b1) forbids project c1");
    expect(scopeRefusal(projects, '', 'pipeline_view')?.message).toBe("This token's scope (project:a1 project:b1) forbids a call outside a project");
  });

  it('needs both: a read-only project token reads in its project only', () => {
    const both = { readOnly: true, projects: ['a1'] };

    expect(scopeRefusal(both, 'a1', 'project_view')).toBeNull();
    expect(scopeRefusal(both, 'a1', 'project_edit')).not.toBeNull();
    expect(scopeRefusal(both, 'b1', 'project_view')).not.toBeNull();
  });
});

describe('scopeRefusalOfMethod', () => {
  it('lets a limited token use GET and HEAD only, and an unlimited one anything', () => {
    for (const scope of [{ readOnly: true, projects: null }, { readOnly: false, projects: ['a1'] }]) {
      expect(scopeRefusalOfMethod(scope, 'GET')).toBeNull();
      expect(scopeRefusalOfMethod(scope, 'HEAD')).toBeNull();
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', undefined]) {
        expect(scopeRefusalOfMethod(scope, method)?.code).toBe(TokenScopeErrorCode.SCOPE_FORBIDS);
      }
    }
    expect(scopeRefusalOfMethod({ readOnly: true, projects: null }, 'POST')?.message).toBe(
      "This token's scope (read) forbids POST here: outside a project permission check, a limited token may only use GET or HEAD",
    );
    expect(scopeRefusalOfMethod(undefined, 'POST')).toBeNull();
  });
});
