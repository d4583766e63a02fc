import { Injectable, Logger } from '@nestjs/common';
import { AllowedResources, Caller, PermissionChecker } from '@bkci/auth';
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

  /** The codes the caller may list (null: all of the project's); PERMISSION_DENIED when none. */
  async listable(caller: Caller, projectId: string, type: TicketResourceType): Promise<string[] | null> {
    const listable = await this.permissions.allowedFor(caller, projectId, `${type}_list`);
    if (!listable.all && listable.codes.length === 0) await this.permissions.assertAllowed(caller, projectId, `${type}_list`);
    return listable.all ? null : listable.codes;
  }

  async permissionsOn(caller: Caller, projectId: string, type: TicketResourceType, code: string): Promise<ResourcePermissions> {
    const answers = await Promise.all(
      PERMISSIONS.map((permission) => (caller.admin ? true : this.permissions.isAllowed(caller.userId, projectId, `${type}_${permission}`, code))),
    );
    return toPermissions(answers);
  }

  /** For a page of rows: one question per permission, then a lookup per row. */
  async permissionsOnEach(caller: Caller, projectId: string, type: TicketResourceType): Promise<(code: string) => ResourcePermissions> {
    const allowed = await Promise.all(PERMISSIONS.map((permission) => this.permissions.allowedFor(caller, projectId, `${type}_${permission}`)));
    return (code) => toPermissions(allowed.map((answer: AllowedResources) => answer.all || answer.codes.includes(code)));
  }
}

function toPermissions([view, edit, remove, use]: boolean[]): ResourcePermissions {
  return { view, edit, delete: remove, use };
}
