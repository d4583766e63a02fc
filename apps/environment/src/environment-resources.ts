import { Injectable, Logger } from '@nestjs/common';
import { Action, AllowedResourcesByAction, allowsResource, Caller, listableCodes, PermissionChecker } from '@bkci/auth';
import { ProcessAuthClient } from '@bkci/clients';

/** The environment resource types with per-resource permissions; their codes are hash ids. */
export type EnvironmentResourceType = 'environment' | 'env_node';

/** What the caller may do with one env or node (BK-CI's canEdit/canDelete/canUse/canView). */
export interface ResourcePermissions {
  view: boolean;
  edit: boolean;
  delete: boolean;
  use: boolean;
}

const PERMISSIONS = ['view', 'edit', 'delete', 'use'] as const;

/**
 * Envs and nodes as RBAC resources: registered with `process` when made (the creator becomes the
 * manager), forgotten when deleted, and the permissions a caller has on them.
 */
@Injectable()
export class EnvironmentResources {
  private readonly logger = new Logger(EnvironmentResources.name);

  constructor(
    private readonly permissions: PermissionChecker,
    private readonly auth: ProcessAuthClient,
  ) {}

  /** Makes the creator the manager; if that fails, `undo` removes the new row, so nothing half-made is kept. */
  async registerCreated(projectId: string, type: EnvironmentResourceType, code: string, creator: string, undo: () => Promise<unknown>): Promise<void> {
    try {
      await this.auth.registerResource(projectId, type, code, creator);
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /** Drops the grants on a deleted resource; a leftover grant names a hash id no live row has. */
  async forgetDeleted(projectId: string, type: EnvironmentResourceType, code: string, userId: string): Promise<void> {
    try {
      await this.auth.forgetResource(projectId, type, code, userId);
    } catch (error) {
      this.logger.warn(`${type} ${projectId}/${code} is deleted but its grants remain: ${(error as Error).message}`);
    }
  }

  async assertAllowed(caller: Caller, projectId: string, action: Action, code?: string): Promise<void> {
    await this.permissions.assertAllowed(caller, projectId, action, code);
  }

  /** What the caller may do with one resource, in one question. */
  async permissionsOn(caller: Caller, projectId: string, type: EnvironmentResourceType, code: string): Promise<ResourcePermissions> {
    return lookup(type, await this.permissions.allowedFor(caller, projectId, PERMISSIONS.map((permission) => actionOf(type, permission))))(code);
  }

  /** The codes of `type` the caller may do `permission` on: null for all of the project's, [] for none. */
  async allowedCodes(caller: Caller, projectId: string, type: EnvironmentResourceType, permission: (typeof PERMISSIONS)[number] | 'list'): Promise<string[] | null> {
    const action: Action = `${type}_${permission}`;
    const allowed = (await this.permissions.allowedFor(caller, projectId, [action]))[action];
    return allowed?.all ? null : (allowed?.codes ?? []);
  }

  /**
   * For a list, in one question: the codes the caller may list (null: all of the project's;
   * PERMISSION_DENIED when none), and a lookup of what they may do with each row.
   */
  async forList(caller: Caller, projectId: string, type: EnvironmentResourceType): Promise<{ listable: string[] | null; permissionsOn: (code: string) => ResourcePermissions }> {
    const allowed = await this.permissions.allowedFor(caller, projectId, [`${type}_list`, ...PERMISSIONS.map((permission) => actionOf(type, permission))]);
    return { listable: listableCodes(caller, projectId, `${type}_list`, allowed), permissionsOn: lookup(type, allowed) };
  }
}

function actionOf(type: EnvironmentResourceType, permission: (typeof PERMISSIONS)[number]): Action {
  return `${type}_${permission}`;
}

function lookup(type: EnvironmentResourceType, allowed: AllowedResourcesByAction): (code: string) => ResourcePermissions {
  return (code) => {
    const [view, edit, remove, use] = PERMISSIONS.map((permission) => allowsResource(allowed[actionOf(type, permission)], code));
    return { view, edit, delete: remove, use };
  };
}
