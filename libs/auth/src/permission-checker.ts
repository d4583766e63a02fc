import { CommonError, CommonErrorCode } from '@bkci/core';
import type { Caller } from './caller';
import { Action } from './rbac-vocabulary';
import { scopeRefusal } from './token-scope';

/** The resources of one type a user may act on: every one in the project, or those listed. */
export type AllowedResources = { all: true } | { all: false; codes: string[] };

/** For each action asked about, the resources the user may do it on (BK-CI …/actions/instance/map). */
export type AllowedResourcesByAction = Partial<Record<Action, AllowedResources>>;

/**
 * The codes a list shows, from an answer that includes `listAction`: null for all of the project's.
 * Someone who may list none gets PERMISSION_DENIED, as a project-wide check would give.
 */
export function listableCodes(caller: Caller, projectId: string, listAction: Action, allowed: AllowedResourcesByAction): string[] | null {
  const listable = allowed[listAction];
  if (listable?.all) return null;
  if (!listable || listable.codes.length === 0) throw permissionDenied(caller, projectId, listAction);
  return listable.codes;
}

export function permissionDenied(caller: Caller, projectId: string, action: Action, resourceCode?: string): CommonError {
  const target = resourceCode === undefined ? `project ${projectId}` : `${resourceCode} of project ${projectId}`;
  return new CommonError(CommonErrorCode.PERMISSION_DENIED, `User ${caller.userId} lacks permission ${action} on ${target}`, {
    action,
    projectId,
    ...(resourceCode === undefined ? {} : { resourceCode }),
  });
}

/** Whether `allowed` covers the resource `code`. */
export function allowsResource(allowed: AllowedResources | undefined, code: string): boolean {
  return allowed !== undefined && (allowed.all || allowed.codes.includes(code));
}

/**
 * Answers "may this user do this action in this project (on this resource)?". A project group's
 * grant covers every resource of the project; a resource group's grant covers its one resource.
 * `process` owns the RBAC data and answers from its database; every other app asks `process`
 * over its service API.
 */
export abstract class PermissionChecker {
  abstract isAllowed(userId: string, projectId: string, action: Action, resourceCode?: string): Promise<boolean>;

  /** For each action, the resources of its type the user may do it on; one question for a whole page of rows. */
  abstract allowedResources(userId: string, projectId: string, actions: Action[]): Promise<AllowedResourcesByAction>;

  /**
   * Whether the caller may do `action`: system administrators always may. A limited token (Caller.scope)
   * may do only what its scope allows, here as in the AccessGuard, so checks made inside a handler obey it too.
   */
  async allows(caller: Caller, projectId: string, action: Action, resourceCode?: string): Promise<boolean> {
    if (scopeRefusal(caller.scope, projectId, action)) return false;
    return caller.admin || (projectId !== '' && (await this.isAllowed(caller.userId, projectId, action, resourceCode)));
  }

  /**
   * Passes system administrators and allowed users; anyone else gets PERMISSION_DENIED naming the
   * action, or SCOPE_FORBIDS when the caller's token is not allowed it whatever the user's grants.
   */
  async assertAllowed(caller: Caller, projectId: string, action: Action, resourceCode?: string): Promise<void> {
    const refusal = scopeRefusal(caller.scope, projectId, action);
    if (refusal) throw refusal;
    if (!(await this.allows(caller, projectId, action, resourceCode))) throw permissionDenied(caller, projectId, action, resourceCode);
  }

  /** Like `allowedResources`, with system administrators allowed everything and nothing allowed that the caller's scope forbids. */
  async allowedFor(caller: Caller, projectId: string, actions: Action[]): Promise<AllowedResourcesByAction> {
    const allowed: AllowedResourcesByAction = caller.admin
      ? Object.fromEntries(actions.map((action) => [action, { all: true }]))
      : await this.allowedResources(caller.userId, projectId, actions);
    for (const action of actions) {
      if (scopeRefusal(caller.scope, projectId, action)) allowed[action] = { all: false, codes: [] };
    }
    return allowed;
  }
}
