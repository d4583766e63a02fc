import { Action } from './rbac-vocabulary';

/**
 * Answers "may this user do this action in this project?". `process` owns the RBAC data and
 * answers from its database; every other app asks `process` over its service API.
 */
export abstract class PermissionChecker {
  abstract isAllowed(userId: string, projectId: string, action: Action): Promise<boolean>;
}
