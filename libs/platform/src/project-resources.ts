import { Injectable, Logger } from '@nestjs/common';
import { Action, AllowedResourcesByAction, allowsResource, Caller, listableCodes, PermissionChecker } from '@bkci/auth';
import { ProcessAuthClient } from '@bkci/clients';

/** The resource types whose rows carry BK-CI's per-row permissions (credentials, certificates, envs, nodes). */
export type UsableResourceType = 'credential' | 'cert' | 'environment' | 'env_node';

/** What the caller may do with one row (BK-CI's `permissions` of a list row: canView, canEdit, …). */
export interface ResourcePermissions {
  view: boolean;
  edit: boolean;
  delete: boolean;
  use: boolean;
}

const PERMISSIONS = ['view', 'edit', 'delete', 'use'] as const;

/**
 * An app's resources as RBAC resources: registered with `process` when made (the creator becomes
 * the manager), forgotten when deleted, and the permissions a caller has on them, asked in one
 * question per page of rows.
 */
@Injectable()
export class ProjectResources {
  private readonly logger = new Logger(ProjectResources.name);

  constructor(
    private readonly permissions: PermissionChecker,
    private readonly auth: ProcessAuthClient,
  ) {}

  /** Makes the creator the manager; if that fails, `undo` removes the new row, so nothing half-made is kept. */
  async registerCreated(projectId: string, type: UsableResourceType, code: string, creator: string, undo: () => Promise<unknown>): Promise<void> {
    try {
      await this.auth.registerResource(projectId, type, code, creator);
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /** Drops the grants on a deleted resource; a leftover grant names a code no live row has. */
  async forgetDeleted(projectId: string, type: UsableResourceType, code: string, userId: string): Promise<void> {
    try {
      await this.auth.forgetResource(projectId, type, code, userId);
    } catch (error) {
      this.logger.warn(`${type} ${projectId}/${code} is deleted but its grants remain: ${(error as Error).message}`);
    }
  }

  /** What the caller may do with one resource, in one question. */
  async permissionsOn(caller: Caller, projectId: string, type: UsableResourceType, code: string): Promise<ResourcePermissions> {
    return lookup(type, await this.permissions.allowedFor(caller, projectId, PERMISSIONS.map((permission) => actionOf(type, permission))))(code);
  }

  /** The codes of `type` the caller may do `permission` on: null for all of the project's, [] for none. */
  async allowedCodes(caller: Caller, projectId: string, type: UsableResourceType, permission: (typeof PERMISSIONS)[number] | 'list' | 'create'): Promise<string[] | null> {
    const action: Action = `${type}_${permission}`;
    const allowed = (await this.permissions.allowedFor(caller, projectId, [action]))[action];
    return allowed?.all ? null : (allowed?.codes ?? []);
  }

  /**
   * For a list, in one question: the codes the caller may list (null: all of the project's;
   * PERMISSION_DENIED when none), and a lookup of what they may do with each row.
   */
  async forList(caller: Caller, projectId: string, type: UsableResourceType): Promise<{ listable: string[] | null; permissionsOn: (code: string) => ResourcePermissions }> {
    const allowed = await this.permissions.allowedFor(caller, projectId, [`${type}_list`, ...PERMISSIONS.map((permission) => actionOf(type, permission))]);
    return { listable: listableCodes(caller, projectId, `${type}_list`, allowed), permissionsOn: lookup(type, allowed) };
  }
}

function actionOf(type: UsableResourceType, permission: (typeof PERMISSIONS)[number]): Action {
  return `${type}_${permission}`;
}

function lookup(type: UsableResourceType, allowed: AllowedResourcesByAction): (code: string) => ResourcePermissions {
  return (code) => {
    const [view, edit, remove, use] = PERMISSIONS.map((permission) => allowsResource(allowed[actionOf(type, permission)], code));
    return { view, edit, delete: remove, use };
  };
}
