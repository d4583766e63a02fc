import { TokenScopeError } from '@bkci/auth';
import { grantedScope, scopeOfStored, storedScope } from './oauth2-scope';
import { Oauth2Error } from './oauth2.errors';

const readOnly = { readOnly: true, projects: null };
const inA = { readOnly: false, projects: ['pa'] };
const readInAB = { readOnly: true, projects: ['pa', 'pb'] };

describe('grantedScope', () => {
  it('grants what the client may be granted when the user asks for nothing', () => {
    expect(grantedScope([], null)).toBeNull();
    expect(grantedScope([], readInAB)).toEqual(readInAB);
  });

  it('grants what the user asks for when it lies within what the client may be granted', () => {
    expect(grantedScope(['read'], null)).toEqual(readOnly);
    expect(grantedScope(['write'], null)).toBeNull();
    expect(grantedScope(['project:pa'], null)).toEqual(inA);
    expect(grantedScope(['read', 'project:pb'], readInAB)).toEqual({ readOnly: true, projects: ['pb'] });
    expect(grantedScope(['read', 'project:pa'], inA)).toEqual({ readOnly: true, projects: ['pa'] });
  });

  it('refuses to widen a read-only client to writing, naming why', () => {
    const asked = (entries: string[]) => () => grantedScope(entries, readOnly);
    expect(asked(['write'])).toThrow(Oauth2Error);
    expect(asked(['write'])).toThrow('The scope asked for (write) goes beyond what this client may be granted (read): the client may only read: ask for "read"');
    expect(asked(['project:pa'])).toThrow('the client may only read');
  });

  it("refuses a project outside the client's, and every project when the client has named ones", () => {
    expect(() => grantedScope(['read', 'project:pc'], readInAB)).toThrow('projects pc are not among the client\'s');
    expect(() => grantedScope(['read'], readInAB)).toThrow('the client may act only in named projects: ask for "project:pa", "project:pb"');
    expect(() => grantedScope(['write'], inA)).toThrow(Oauth2Error);
  });

  it('refuses an unknown scope entry as any token scope is refused', () => {
    expect(() => grantedScope(['admin'], null)).toThrow(TokenScopeError);
  });
});

describe('stored scopes', () => {
  it('round-trip, with null for an unlimited scope', () => {
    expect(storedScope(null)).toBeNull();
    expect(storedScope(readInAB)).toBe('read project:pa project:pb');
    expect(scopeOfStored('read project:pa project:pb')).toEqual(readInAB);
    expect(scopeOfStored(null)).toBeNull();
  });
});
