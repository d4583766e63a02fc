import { CommonError, CommonErrorCode } from '@bkci/core';
import type { Caller } from './caller';
import { Action } from './rbac-vocabulary';

/** The resources of one type a user may act on: every one in the project, or those listed. */
export type AllowedResources = { all: true } | { all: false; codes: string[] };

/**
 * Answers "may this user do this action in this project (on this resource)?". A project group's
 * grant covers every resource of the project; a resource group's grant covers its one resource.
 * `process` owns the RBAC data and answers from its database; every other app asks `process`
 * over its service API.
 */
export abstract class PermissionChecker {
  abstract isAllowed(userId: string, projectId: string, action: Action, resourceCode?: string): Promise<boolean>;

  /** The resources of the action's type the user may do `action` on. */
  abstract allowedResources(userId: string, projectId: string, action: Action): Promise<AllowedResources>;

  /** Passes system administrators and allowed users; anyone else gets PERMISSION_DENIED naming the action. */
  async assertAllowed(caller: Caller, projectId: string, action: Action, resourceCode?: string): Promise<void> {
    if (caller.admin || (projectId !== '' && (await this.isAllowed(caller.userId, projectId, action, resourceCode)))) return;
    const target = resourceCode === undefined ? `project ${projectId}` : `${resourceCode} of project ${projectId}`;
    throw new CommonError(CommonErrorCode.PERMISSION_DENIED, `User ${caller.userId} lacks permission ${action} on ${target}`, {
      action,
      projectId,
      ...(resourceCode === undefined ? {} : { resourceCode }),
    });
  }

  /** Like `allowedResources`, with system administrators allowed everything. */
  async allowedFor(caller: Caller, projectId: string, action: Action): Promise<AllowedResources> {
    return caller.admin ? { all: true } : this.allowedResources(caller.userId, projectId, action);
  }
}
