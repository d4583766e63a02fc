import { CommonError, CommonErrorCode } from '@bkci/core';
import type { Caller } from './caller';
import { Action } from './rbac-vocabulary';

/**
 * Answers "may this user do this action in this project?". `process` owns the RBAC data and
 * answers from its database; every other app asks `process` over its service API.
 */
export abstract class PermissionChecker {
  abstract isAllowed(userId: string, projectId: string, action: Action): Promise<boolean>;

  /** Passes system administrators and allowed users; anyone else gets PERMISSION_DENIED naming the action. */
  async assertAllowed(caller: Caller, projectId: string, action: Action): Promise<void> {
    if (caller.admin || (projectId !== '' && (await this.isAllowed(caller.userId, projectId, action)))) return;
    throw new CommonError(CommonErrorCode.PERMISSION_DENIED, `User ${caller.userId} lacks permission ${action} in project ${projectId}`, { action, projectId });
  }
}
