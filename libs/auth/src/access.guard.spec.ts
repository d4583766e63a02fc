import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonErrorCode, DomainError } from '@bkci/core';
import { AccessGuard, GATEWAY_ISSUER } from './access.guard';
import { Caller, setCaller } from './caller';
import { AllowedResourcesByAction, PermissionChecker } from './permission-checker';
import { RequireAdmin, RequireAgent, RequireAuthenticated, RequireBuild, RequireNothing, RequirePermission, RequireService } from './permission.decorators';
import { Action } from './rbac-vocabulary';

/** Our own port, answered from a list of `user:project:action` and `user:project:action:resource` grants. */
class StubPermissionChecker extends PermissionChecker {
  readonly grants = new Set<string>();
  readonly calls: string[][] = [];

  async isAllowed(userId: string, projectId: string, action: Action, resourceCode?: string): Promise<boolean> {
    const call = resourceCode === undefined ? [userId, projectId, action] : [userId, projectId, action, resourceCode];
    this.calls.push(call);
    return this.grants.has(`${userId}:${projectId}:${action}`) || this.grants.has(call.join(':'));
  }

  async allowedResources(): Promise<AllowedResourcesByAction> {
    throw new Error('the guard never lists resources');
  }
}

class UndeclaredController {
  open() {}
}

class RulesController {
  @RequireAuthenticated()
  mine() {}

  @RequireAdmin()
  operate() {}

  @RequireService()
  internal() {}

  @RequireBuild()
  writeLog() {}

  @RequireAgent()
  heartbeat() {}

  @RequireNothing()
  install() {}

  @RequirePermission('pipeline_execute')
  build() {}

  @RequirePermission('credential_use', { projectParam: 'project' })
  useCredential() {}

  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  editTemplate() {}

  @RequirePermission('pipeline_view')
  viewPipeline() {}
}

@RequireAdmin()
class AdminController {
  everything() {}

  @RequireAuthenticated()
  ping() {}
}

const user = (userId: string, overrides: Partial<Caller> = {}): Caller => ({
  userId,
  issuer: GATEWAY_ISSUER,
  appCode: null,
  admin: false,
  ...overrides,
});

function contextFor(
  controller: new () => object,
  handler: string,
  caller?: Caller,
  params: Record<string, string> = {},
  query: Record<string, string> = {},
  httpMethod = 'GET',
): ExecutionContext {
  const request: object = { method: httpMethod, params, query };
  if (caller) setCaller(request, caller);
  const method = (controller.prototype as Record<string, () => void>)[handler];
  if (typeof method !== 'function') throw new Error(`no handler ${handler}`);
  return {
    getHandler: () => method,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}), getNext: () => undefined }),
    getType: () => 'http',
    getArgs: () => [request],
    getArgByIndex: (index: number) => [request][index],
    switchToRpc: () => {
      throw new Error('not rpc');
    },
    switchToWs: () => {
      throw new Error('not ws');
    },
  } as unknown as ExecutionContext;
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the guard to refuse');
}

describe('AccessGuard', () => {
  let checker: StubPermissionChecker;
  let guard: AccessGuard;

  beforeEach(() => {
    checker = new StubPermissionChecker();
    guard = new AccessGuard(new Reflector(), checker);
  });

  it('closes a route that declares no rule, even for an administrator', async () => {
    const error = await rejection(guard.canActivate(contextFor(UndeclaredController, 'open', user('root', { admin: true }))));

    expect(error.code).toBe(CommonErrorCode.SYSTEM_ERROR);
    expect(error.httpStatus).toBe(500);
    expect(error.message).toMatch(/no access rule/);
  });

  it('refuses a request without a verified caller (401)', async () => {
    const error = await rejection(guard.canActivate(contextFor(RulesController, 'mine')));

    expect(error.code).toBe(CommonErrorCode.UNAUTHENTICATED);
    expect(error.code).toBe(2100005);
    expect(error.httpStatus).toBe(401);
  });

  describe('authenticated', () => {
    it('lets any caller through', async () => {
      await expect(guard.canActivate(contextFor(RulesController, 'mine', user('alice')))).resolves.toBe(true);
      expect(checker.calls).toEqual([]);
    });
  });

  describe('admin', () => {
    it('lets a system administrator through', async () => {
      await expect(guard.canActivate(contextFor(RulesController, 'operate', user('root', { admin: true })))).resolves.toBe(
        true,
      );
    });

    it('refuses anyone else with 403 / 2100006', async () => {
      const error = await rejection(guard.canActivate(contextFor(RulesController, 'operate', user('alice'))));

      expect(error.code).toBe(2100006);
      expect(error.httpStatus).toBe(403);
    });

    it('applies a rule declared on the class, and lets a handler rule override it', async () => {
      const error = await rejection(guard.canActivate(contextFor(AdminController, 'everything', user('alice'))));
      expect(error.code).toBe(CommonErrorCode.PERMISSION_DENIED);

      await expect(guard.canActivate(contextFor(AdminController, 'ping', user('alice')))).resolves.toBe(true);
    });
  });

  describe('service', () => {
    it('refuses user traffic minted by the gateway', async () => {
      const error = await rejection(
        guard.canActivate(contextFor(RulesController, 'internal', user('alice', { issuer: 'openapi' }))),
      );

      expect(error.code).toBe(2100006);
      expect(error.httpStatus).toBe(403);
    });

    it('refuses gateway traffic even from an administrator', async () => {
      const error = await rejection(
        guard.canActivate(contextFor(RulesController, 'internal', user('root', { issuer: 'openapi', admin: true }))),
      );

      expect(error.code).toBe(2100006);
    });

    it('lets another app through', async () => {
      await expect(
        guard.canActivate(contextFor(RulesController, 'internal', user('alice', { issuer: 'ticket' }))),
      ).resolves.toBe(true);
    });
  });

  describe('build', () => {
    const build = { projectId: 'demo', pipelineId: 'p-1', buildId: 'b-1' };

    it('lets a build the gateway verified through', async () => {
      await expect(guard.canActivate(contextFor(RulesController, 'writeLog', user('alice', { build })))).resolves.toBe(true);
    });

    it('refuses a user without a build, even an administrator', async () => {
      const error = await rejection(guard.canActivate(contextFor(RulesController, 'writeLog', user('root', { admin: true }))));

      expect(error.code).toBe(2100006);
      expect(error.httpStatus).toBe(403);
    });

    it('refuses a build claim that another app, not the gateway, signed', async () => {
      const error = await rejection(guard.canActivate(contextFor(RulesController, 'writeLog', user('alice', { issuer: 'process', build }))));

      expect(error.code).toBe(2100006);
    });
  });

  describe('agent', () => {
    const agent = { projectId: 'demo', agentId: 'abcdefgh', host: 'build-01' };

    it('lets an agent the gateway verified through', async () => {
      await expect(guard.canActivate(contextFor(RulesController, 'heartbeat', user('', { agent })))).resolves.toBe(true);
    });

    it('refuses a user, even an administrator, and an agent claim another app signed', async () => {
      expect((await rejection(guard.canActivate(contextFor(RulesController, 'heartbeat', user('root', { admin: true }))))).code).toBe(2100006);
      expect((await rejection(guard.canActivate(contextFor(RulesController, 'heartbeat', user('', { issuer: 'process', agent }))))).code).toBe(2100006);
    });

    it('gives an agent none of the rules made for users (401)', async () => {
      for (const handler of ['mine', 'build']) {
        const error = await rejection(guard.canActivate(contextFor(RulesController, handler, user('', { agent }), { projectId: 'demo' })));
        expect(error.code).toBe(CommonErrorCode.UNAUTHENTICATED);
      }
      expect(checker.calls).toEqual([]);
    });
  });

  describe('public', () => {
    it('lets a caller with no user through, and no one else needs more', async () => {
      await expect(guard.canActivate(contextFor(RulesController, 'install', user('')))).resolves.toBe(true);
      await expect(guard.canActivate(contextFor(RulesController, 'install', user('alice')))).resolves.toBe(true);
    });

    it('still needs a verified caller', async () => {
      expect((await rejection(guard.canActivate(contextFor(RulesController, 'install')))).code).toBe(CommonErrorCode.UNAUTHENTICATED);
    });

    it('is the only rule that lets an unauthenticated external call through', async () => {
      expect((await rejection(guard.canActivate(contextFor(RulesController, 'mine', user('')))))).toMatchObject({ code: CommonErrorCode.UNAUTHENTICATED, httpStatus: 401 });
    });
  });

  describe('permission', () => {
    it('lets an administrator through without asking the checker', async () => {
      const context = contextFor(RulesController, 'build', user('root', { admin: true }), { projectId: 'demo' });

      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(checker.calls).toEqual([]);
    });

    it('lets a user through when the checker allows the action in the route project', async () => {
      checker.grants.add('alice:demo:pipeline_execute');
      const context = contextFor(RulesController, 'build', user('alice'), { projectId: 'demo' });

      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(checker.calls).toEqual([['alice', 'demo', 'pipeline_execute']]);
    });

    it('refuses with 403 / 2100006 naming the action when the checker denies', async () => {
      checker.grants.add('alice:other:pipeline_execute');
      checker.grants.add('alice:demo:pipeline_view');
      const context = contextFor(RulesController, 'build', user('alice'), { projectId: 'demo' });

      const error = await rejection(guard.canActivate(context));

      expect(error.code).toBe(2100006);
      expect(error.httpStatus).toBe(403);
      expect(error.data).toEqual({ action: 'pipeline_execute', projectId: 'demo' });
      expect(error.message).toContain('pipeline_execute');
      expect(checker.calls).toEqual([['alice', 'demo', 'pipeline_execute']]);
    });

    it('reads the project from the route parameter the rule names', async () => {
      checker.grants.add('bob:p1:credential_use');

      await expect(
        guard.canActivate(contextFor(RulesController, 'useCredential', user('bob'), { project: 'p1', projectId: 'p2' })),
      ).resolves.toBe(true);
      expect(checker.calls).toEqual([['bob', 'p1', 'credential_use']]);
    });

    it('asks about the resource the route names, so a grant on that resource alone is enough', async () => {
      checker.grants.add('bob:p1:pipeline_template_edit:t1');

      await expect(
        guard.canActivate(contextFor(RulesController, 'editTemplate', user('bob'), { projectId: 'p1', templateId: 't1' })),
      ).resolves.toBe(true);
      const error = await rejection(
        guard.canActivate(contextFor(RulesController, 'editTemplate', user('bob'), { projectId: 'p1', templateId: 't2' })),
      );
      expect(error.data).toEqual({ action: 'pipeline_template_edit', projectId: 'p1', resourceCode: 't2' });
      expect(checker.calls).toEqual([
        ['bob', 'p1', 'pipeline_template_edit', 't1'],
        ['bob', 'p1', 'pipeline_template_edit', 't2'],
      ]);
    });

    it('takes the resource from the query when the path has none, and asks project-wide when neither names one', async () => {
      checker.grants.add('bob:p1:pipeline_template_edit:t1');

      await expect(
        guard.canActivate(contextFor(RulesController, 'editTemplate', user('bob'), { projectId: 'p1' }, { templateId: 't1' })),
      ).resolves.toBe(true);
      const error = await rejection(guard.canActivate(contextFor(RulesController, 'editTemplate', user('bob'), { projectId: 'p1' })));
      expect(error.data).toEqual({ action: 'pipeline_template_edit', projectId: 'p1' });
      expect(checker.calls).toEqual([
        ['bob', 'p1', 'pipeline_template_edit', 't1'],
        ['bob', 'p1', 'pipeline_template_edit'],
      ]);
    });

    it('refuses without asking the checker when the route has no project', async () => {
      const error = await rejection(guard.canActivate(contextFor(RulesController, 'build', user('alice'))));

      expect(error.code).toBe(2100006);
      expect(error.data).toMatchObject({ action: 'pipeline_execute' });
      expect(checker.calls).toEqual([]);
    });
  });

  describe('a limited token (Caller.scope)', () => {
    const readOnly = (userId: string) => user(userId, { scope: { readOnly: true, projects: null } });
    const inProjects = (userId: string, ...projects: string[]) => user(userId, { scope: { readOnly: false, projects } });

    it('lets a read-only token pass a permission rule for a read action, on any method', async () => {
      checker.grants.add('alice:demo:pipeline_view');

      await expect(guard.canActivate(contextFor(RulesController, 'viewPipeline', readOnly('alice'), { projectId: 'demo' }, {}, 'POST'))).resolves.toBe(true);
    });

    it('refuses a read-only token a write action with 403 / 2121902 before asking the checker, whatever the user may do', async () => {
      checker.grants.add('alice:demo:pipeline_execute');

      const error = await rejection(guard.canActivate(contextFor(RulesController, 'build', readOnly('alice'), { projectId: 'demo' }, {}, 'POST')));

      expect(error.code).toBe(2121902);
      expect(error.httpStatus).toBe(403);
      expect(error.message).toBe("This token's scope (read) forbids pipeline_execute: a read-only token may only read");
      expect(checker.calls).toEqual([]);
    });

    it('lets a project token act in its projects and refuses it elsewhere', async () => {
      checker.grants.add('alice:a1:pipeline_execute');
      checker.grants.add('alice:b1:pipeline_execute');

      await expect(guard.canActivate(contextFor(RulesController, 'build', inProjects('alice', 'a1'), { projectId: 'a1' }, {}, 'POST'))).resolves.toBe(true);
      const error = await rejection(guard.canActivate(contextFor(RulesController, 'build', inProjects('alice', 'a1'), { projectId: 'b1' }, {}, 'POST')));
      expect(error.code).toBe(2121902);
      expect(error.message).toBe("This token's scope (project:a1) forbids project b1");
      expect(checker.calls).toEqual([['alice', 'a1', 'pipeline_execute']]);
    });

    it('still needs the user\'s own permission inside its scope', async () => {
      const error = await rejection(guard.canActivate(contextFor(RulesController, 'viewPipeline', inProjects('alice', 'a1'), { projectId: 'a1' })));

      expect(error.code).toBe(2100006);
    });

    it('lets a limited token through other rules with GET and HEAD only', async () => {
      for (const caller of [readOnly('alice'), inProjects('alice', 'a1')]) {
        await expect(guard.canActivate(contextFor(RulesController, 'mine', caller, {}, {}, 'GET'))).resolves.toBe(true);
        await expect(guard.canActivate(contextFor(RulesController, 'mine', caller, {}, {}, 'HEAD'))).resolves.toBe(true);
        for (const method of ['POST', 'PUT', 'DELETE']) {
          const error = await rejection(guard.canActivate(contextFor(RulesController, 'mine', caller, {}, {}, method)));
          expect(error.code).toBe(2121902);
          expect(error.message).toContain(`forbids ${method} here`);
        }
      }
    });

    it('leaves an unlimited token and an administrator as they were', async () => {
      await expect(guard.canActivate(contextFor(RulesController, 'mine', user('alice'), {}, {}, 'POST'))).resolves.toBe(true);
      await expect(guard.canActivate(contextFor(RulesController, 'build', user('root', { admin: true }), { projectId: 'demo' }, {}, 'POST'))).resolves.toBe(true);
    });
  });
});
