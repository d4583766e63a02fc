import { Caller } from './caller';
import { AllowedResourcesByAction, PermissionChecker } from './permission-checker';
import { Action } from './rbac-vocabulary';
import { TokenScopeError } from './token-scope';

/** A user who may do everything everywhere: what is refused below, only the token's scope refuses. */
class AllowingChecker extends PermissionChecker {
  async isAllowed(): Promise<boolean> {
    return true;
  }

  async allowedResources(_userId: string, _projectId: string, actions: Action[]): Promise<AllowedResourcesByAction> {
    return Object.fromEntries(actions.map((action) => [action, { all: true }]));
  }
}

const limited = (readOnly: boolean, projects: string[] | null): Caller => ({ userId: 'alice', issuer: 'openapi', appCode: null, admin: false, scope: { readOnly, projects } });

describe('PermissionChecker with a limited token', () => {
  const checker = new AllowingChecker();

  it('answers checks made inside a handler as the scope allows', async () => {
    expect(await checker.allows(limited(true, null), 'a1', 'pipeline_view')).toBe(true);
    expect(await checker.allows(limited(true, null), 'a1', 'pipeline_create')).toBe(false);
    expect(await checker.allows(limited(false, ['a1']), 'a1', 'pipeline_create')).toBe(true);
    expect(await checker.allows(limited(false, ['a1']), 'b1', 'pipeline_view')).toBe(false);
  });

  it('refuses with the scope error, not a permission error', async () => {
    await expect(checker.assertAllowed(limited(true, null), 'a1', 'pipeline_edit')).rejects.toBeInstanceOf(TokenScopeError);
    await expect(checker.assertAllowed(limited(false, ['a1']), 'a1', 'pipeline_edit')).resolves.toBeUndefined();
  });

  it('lists nothing the scope forbids', async () => {
    expect(await checker.allowedFor(limited(true, null), 'a1', ['pipeline_view', 'pipeline_edit'])).toEqual({
      pipeline_view: { all: true },
      pipeline_edit: { all: false, codes: [] },
    });
    expect(await checker.allowedFor(limited(false, ['a1']), 'b1', ['pipeline_view'])).toEqual({ pipeline_view: { all: false, codes: [] } });
  });
});
