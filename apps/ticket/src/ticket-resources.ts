import { Injectable, Logger } from '@nestjs/common';
import { Action, AllowedResourcesByAction, allowsResource, Caller, listableCodes, PermissionChecker } from '@bkci/auth';
import { ProcessAuthClient } from '@bkci/clients';

/** The ticket resource types with per-resource permissions. */
export type TicketResourceType = 'credential' | 'cert';

/** What the caller may do with one credential or certificate (BK-CI's `permissions` of a list row). */
export interface ResourcePermissions {
  view: boolean;
  edit: boolean;
  delete: boolean;
  use: boolean;
}

const PERMISSIONS = ['view', 'edit', 'delete', 'use'] as const;

/** BK-CI's Permission query values (lower-cased), each an action on credentials and certificates. */
export const TICKET_PERMISSIONS = ['create', 'delete', 'list', 'view', 'edit', 'use'] as const;
export type TicketPermission = (typeof TICKET_PERMISSIONS)[number];

/**
 * Credentials and certificates as RBAC resources: registered with `process` when created (the
 * creator becomes manager), forgotten when deleted, and the permissions a caller has on them.
 */
@Injectable()
export class TicketResources {
  private readonly logger = new Logger(TicketResources.name);

  constructor(
    private readonly permissions: PermissionChecker,
    private readonly auth: ProcessAuthClient,
  ) {}

  /** Makes the creator the manager; if that fails, `undo` removes the new row, so nothing half-made is kept. */
  async registerCreated(projectId: string, type: TicketResourceType, code: string, creator: string, undo: () => Promise<unknown>): Promise<void> {
    try {
      await this.auth.registerResource(projectId, type, code, creator);
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /** Drops the grants on a deleted resource; a leftover grant names nothing and is replaced on the next create. */
  async forgetDeleted(projectId: string, type: TicketResourceType, code: string, userId: string): Promise<void> {
    try {
      await this.auth.forgetResource(projectId, type, code, userId);
    } catch (error) {
      this.logger.warn(`${type} ${projectId}/${code} is deleted but its grants remain: ${(error as Error).message}`);
    }
  }

  /** What the caller may do with one resource, in one question. */
  async permissionsOn(caller: Caller, projectId: string, type: TicketResourceType, code: string): Promise<ResourcePermissions> {
    return lookup(type, await this.permissions.allowedFor(caller, projectId, PERMISSIONS.map((permission) => actionOf(type, permission))))(code);
  }

  /** The codes of the resources of `type` the caller may do `permission` on: null for all of the project's, [] for none. */
  async allowedCodes(caller: Caller, projectId: string, type: TicketResourceType, permission: TicketPermission): Promise<string[] | null> {
    const action: Action = `${type}_${permission}`;
    const allowed = (await this.permissions.allowedFor(caller, projectId, [action]))[action];
    return allowed?.all ? null : (allowed?.codes ?? []);
  }

  /**
   * For a page of rows, in one question: the codes the caller may list (null: all of the
   * project's; PERMISSION_DENIED when none), and a lookup of what they may do with each row.
   */
  async forPage(caller: Caller, projectId: string, type: TicketResourceType): Promise<{ listable: string[] | null; permissionsOn: (code: string) => ResourcePermissions }> {
    const allowed = await this.permissions.allowedFor(caller, projectId, [`${type}_list`, ...PERMISSIONS.map((permission) => actionOf(type, permission))]);
    return { listable: listableCodes(caller, projectId, `${type}_list`, allowed), permissionsOn: lookup(type, allowed) };
  }
}

function actionOf(type: TicketResourceType, permission: (typeof PERMISSIONS)[number]): Action {
  return `${type}_${permission}`;
}

function lookup(type: TicketResourceType, allowed: AllowedResourcesByAction): (code: string) => ResourcePermissions {
  return (code) => toPermissions(PERMISSIONS.map((permission) => allowsResource(allowed[actionOf(type, permission)], code)));
}

function toPermissions([view, edit, remove, use]: boolean[]): ResourcePermissions {
  return { view, edit, delete: remove, use };
}
